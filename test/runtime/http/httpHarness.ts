import { strict as assert } from 'node:assert';
import { createRuntime, DurableApp, TaskFailedError, type DurableRuntime, type OrchestrationStatus } from '../../../runtime/src/index';
import { serveHttpApi, type RunningHttpApi } from '../../../runtime/src/http/httpApi';

export const WEBHOOK = '/runtime/webhooks/durabletask';

/** The test app: quick, waiting, slow (held by the test), failing and unserialisable orchestrations. */
function testApp(held: { release: () => void; released: Promise<void> }): DurableApp {
  const app = new DurableApp();
  const sayHello = app.activity('SayHello', async (name: string | undefined) => `Hello ${name ?? 'nobody'}!`);
  const waitForRelease = app.activity('WaitForRelease', async () => {
    await held.released;
    return 'released';
  });
  const chargeCard = app.activity('ChargeCard', async (amount: number) => {
    throw new Error(`card declined for ${amount}`);
  });
  const bigIntResult = app.activity('BigIntResult', async () => 10n);
  const cyclicResult = app.activity('CyclicResult', async () => {
    const node: { self?: unknown } = {};
    node.self = node;
    return node;
  });

  app.orchestration('Greet', async (ctx, name?: string) => ctx.callActivity(sayHello, name));
  app.orchestration('Approval', async (ctx, request: string) => {
    const approved = await ctx.waitForEvent<boolean>('Approval');
    return `${request}: ${approved ? 'approved' : 'rejected'}`;
  });
  app.orchestration('Slow', async (ctx) => ctx.callActivity(waitForRelease));
  app.orchestration('Checkout', async (ctx, amount: number) => ctx.callActivity(chargeCard, amount));
  app.orchestration('Unserialisable', async (ctx) => {
    const caught: Record<string, string> = {};
    for (const [label, activity] of [['bigint', bigIntResult], ['cycle', cyclicResult]] as const) {
      try {
        await ctx.callActivity(activity);
      } catch (error) {
        caught[label] = `${error instanceof TaskFailedError ? 'TaskFailedError' : 'other'}: ${(error as Error).message}`;
      }
    }
    return caught;
  });
  return app;
}

export interface TestServer {
  readonly url: string;
  readonly api: RunningHttpApi;
  readonly runtime: DurableRuntime;
  /** Lets the Slow orchestration's activity finish. */
  release(): void;
  close(): Promise<void>;
}

/** An in-memory runtime serving the HTTP management API on a free loopback port. */
export async function startTestServer(): Promise<TestServer> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const runtime = await createRuntime({ app: testApp({ release, released }) });
  const api = await serveHttpApi({ client: runtime.client, port: 0 });
  return {
    url: api.url,
    api,
    runtime,
    release,
    async close() {
      release();
      await api.close();
      await runtime.close();
    },
  };
}

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** One real HTTP request with the body text exactly as given. */
export async function request<T = any>(method: string, url: string, body?: string): Promise<Reply<T>> {
  const response = await fetch(url, { method, body, headers: body === undefined ? {} : { 'Content-Type': 'application/json' } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined, text };
}

export function instanceUrl(server: { url: string }, instanceId: string, suffix = ''): string {
  return `${server.url}${WEBHOOK}/instances/${encodeURIComponent(instanceId)}${suffix}`;
}

/** POST /api/orchestrators/{name}[/{id}] and return the new instance's id. */
export async function startOrchestration(server: { url: string }, name: string, input?: unknown, instanceId?: string): Promise<string> {
  const reply = await request('POST', `${server.url}/api/orchestrators/${name}${instanceId ? `/${instanceId}` : ''}`, JSON.stringify(input));
  assert.equal(reply.status, 202, reply.text);
  return reply.body.id;
}

/** Poll the status endpoint until the instance reaches `runtimeStatus`; returns the last reply. */
export async function waitForStatus(server: { url: string }, instanceId: string, runtimeStatus: string, timeoutMs = 10_000): Promise<Reply<OrchestrationStatus>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await request<OrchestrationStatus>('GET', instanceUrl(server, instanceId));
    if (reply.body?.runtimeStatus === runtimeStatus) return reply;
    if (Date.now() > deadline) assert.fail(`instance ${instanceId} is ${reply.body?.runtimeStatus ?? reply.status}, not ${runtimeStatus}, after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
