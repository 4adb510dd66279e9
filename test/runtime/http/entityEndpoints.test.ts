import { strict as assert } from 'node:assert';
import * as df from 'durable-functions';
import { createRuntime, DurableApp, type DurableRuntime, type EntityContext } from '../../../runtime/src/index';
import { serveHttpApi, type RunningHttpApi } from '../../../runtime/src/http/httpApi';
import { durableClient } from './durableFunctionsBinding';

const WEBHOOK = '/runtime/webhooks/durabletask';

function counterApp(): DurableApp {
  const app = new DurableApp();
  app.entity('Counter', {
    add: (ctx: EntityContext<number>, amount: number) => ctx.setState((ctx.getState(0) ?? 0) + amount),
    reset: (ctx: EntityContext<number>) => ctx.deleteState(),
    set: (ctx: EntityContext<unknown>, value: unknown) => ctx.setState(value),
  });
  return app;
}

describe('HTTP: entity endpoints', () => {
  let runtime: DurableRuntime;
  let api: RunningHttpApi;
  beforeEach(async () => {
    runtime = await createRuntime({ app: counterApp() });
    api = await serveHttpApi({ client: runtime.client, port: 0 });
  });
  afterEach(async () => {
    await api.close();
    await runtime.close();
  });

  for (const mode of ['rpc', 'webhook'] as const) {
    it(`the real durable-functions client signals entities and reads their state (${mode} mode)`, async () => {
      const client = durableClient(api.url, mode);
      const counter = new df.EntityId('Counter', 'visits');
      assert.deepEqual({ ...(await client.readEntityState<number>(counter)) }, { entityExists: false, entityState: undefined });
      await client.signalEntity(counter, 'add', 2);
      await client.signalEntity(counter, 'add', 3);
      await runtime.worker.whenIdle();
      assert.deepEqual({ ...(await client.readEntityState<number>(counter)) }, { entityExists: true, entityState: 5 });
      await client.signalEntity(counter, 'reset');
      await runtime.worker.whenIdle();
      assert.equal((await client.readEntityState(counter)).entityExists, false);
      await assert.rejects(client.signalEntity(new df.EntityId('Nope', 'x'), 'add', 1), /404/);
    });
  }

  it('signal: 202, the body is the input; a falsy state still exists', async () => {
    const signal = await fetch(`${api.url}${WEBHOOK}/entities/counter/a?op=set`, { method: 'POST', body: '0', headers: { 'Content-Type': 'application/json' } });
    assert.equal(signal.status, 202);
    await runtime.worker.whenIdle();
    const read = await fetch(`${api.url}${WEBHOOK}/entities/Counter/a`);
    assert.equal(read.status, 200);
    assert.equal(await read.json(), 0);
  });

  it('refuses what it cannot do, saying why', async () => {
    const expect = async (method: string, path: string, status: number, error: RegExp, body?: string) => {
      const response = await fetch(`${api.url}${WEBHOOK}/entities/${path}`, { method, body });
      assert.equal(response.status, status, path);
      assert.match(((await response.json()) as { error: string }).error, error);
    };
    await expect('POST', 'counter/a', 400, /The operation is missing/);
    await expect('POST', 'counter/a?op=add', 400, /not valid JSON|JSON/, '{oops');
    await expect('POST', 'nope/a?op=add', 404, /No entity named 'nope' is registered/);
    await expect('GET', 'counter/missing', 404, /No entity @counter@missing/);
    await expect('DELETE', 'counter/a', 405, /use GET or POST/);
    await expect('GET', 'counter/a/b', 404, /No such endpoint/);
    await expect('GET', 'counter?top=0', 400, /top must be a positive integer/);
    await expect('GET', 'counter?lastOperationTimeFrom=yesterday', 400, /lastOperationTimeFrom is not a valid date/);
  });

  it('lists entities by name and time, with their state on request, paged with x-ms-continuation-token', async () => {
    for (const key of ['a', 'b', 'c', 'd', 'e']) await runtime.client.signalEntity({ name: 'Counter', key }, 'add', key.charCodeAt(0));
    await runtime.worker.whenIdle();
    const pages: unknown[] = [];
    let token: string | null = null;
    do {
      const response: Response = await fetch(`${api.url}${WEBHOOK}/entities/counter?top=2&fetchState=true`, { headers: token ? { 'x-ms-continuation-token': token } : {} });
      assert.equal(response.status, 200);
      pages.push(((await response.json()) as { entityId: { key: string }; state: number }[]).map((entity) => `${entity.entityId.key}=${entity.state}`));
      token = response.headers.get('x-ms-continuation-token');
    } while (token);
    assert.deepEqual(pages, [['a=97', 'b=98'], ['c=99', 'd=100'], ['e=101']]);
    const all = (await (await fetch(`${api.url}${WEBHOOK}/entities`)).json()) as { entityId: unknown; lastOperationTime: string; state?: unknown }[];
    assert.equal(all.length, 5);
    assert.deepEqual(Object.keys(all[0]), ['entityId', 'lastOperationTime'], 'no state unless asked for');
    const future = new Date(Date.now() + 60_000).toISOString();
    assert.deepEqual(await (await fetch(`${api.url}${WEBHOOK}/entities/counter?lastOperationTimeFrom=${future}`)).json(), []);
  });
});
