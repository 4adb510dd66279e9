import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { startServe, tempDir, type ServeProcess } from '../runtime/cli/cliProcess';
import { instanceUrl, request, startOrchestration, waitForStatus } from '../runtime/http/httpHarness';
import { resolveAttachModule } from '../../debugger/src/runtime/runtimeLocation';
import { DurableDebugClient, fixture } from './support/durableDebugClient';
import { ATTACH_REPORT_BINDING } from '../../debugger/src/shared/hostProtocol';
import { DEBUGGING_INTERFACE_VERSION } from '../../runtime/src/debugging/interfaceVersion';

const greetings = fixture('greetings.ts');
const failing = fixture('failing.ts');
/** Line of test/debugger/fixtures/failing.ts where ChargeCard throws. */
const THROW_LINE = 4;
/** Lines of test/debugger/fixtures/greetings.ts. */
const PUSH_LINE = 15;
const ACTIVITY_RETURN_LINE = 8;

describe('attach to durable-ts serve --debug', function () {
  this.timeout(60_000);
  const temp = tempDir('attach');
  let serve: ServeProcess;
  let port: number;
  let client: DurableDebugClient;

  before(async function () {
    this.timeout(30_000);
    serve = await startServe(greetings, ['--store', temp.store, '--debug-port', '0']);
    const printed = /Debugger: attach to port (\d+) on 127\.0\.0\.1/.exec(serve.stdout());
    assert.ok(printed, serve.stdout());
    port = Number(printed[1]);
  });
  after(async () => {
    await serve.stop();
    temp.remove();
  });

  beforeEach(async () => {
    client = new DurableDebugClient();
    client.defaultTimeout = 30_000;
    await client.start();
  });
  afterEach(() => client.stop());

  async function attachWith(breakpoints: Record<string, number[]>, filters: string[] = [], debugPort = port): Promise<void> {
    await client.initializeRequest({ adapterID: 'durable', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    const attached = client.attachRequest({ port: debugPort } as DebugProtocol.AttachRequestArguments);
    await Promise.race([client.waitForEvent('initialized'), attached]);
    for (const [file, lines] of Object.entries(breakpoints)) await client.setBreakpointsRequest({ source: { path: file }, breakpoints: lines.map((line) => ({ line })) });
    await client.setExceptionBreakpointsRequest({ filters });
    await client.configurationDoneRequest();
    await attached;
  }

  it('hits breakpoints in the turns and activities serve runs, steps durably, and leaves serve running on disconnect', async () => {
    await attachWith({ [greetings]: [PUSH_LINE, ACTIVITY_RETURN_LINE] });
    await startOrchestration(serve, 'Greetings', ['Tokyo', 'Seattle'], 'attached-1');

    const inActivity = await client.nextStop();
    assert.strictEqual(inActivity.frame.line, ACTIVITY_RETURN_LINE);
    assert.match(inActivity.description, /in activity 'SayHello' of Greetings attached-1/);
    await client.continueRequest({ threadId: inActivity.threadId });

    // Every turn replays under the debugger: the second city's result arrives in replay 2, on a thread of the instance.
    const first = await client.nextStop();
    assert.deepStrictEqual([first.frame.source?.path, first.frame.line], [greetings, PUSH_LINE]);
    assert.match(first.description, /^breakpoint — live after replay 1\b/);
    const threads = (await client.threadsRequest()).body.threads;
    assert.ok(threads.some((thread) => thread.id === first.threadId && /Greetings attached-1/.test(thread.name)), JSON.stringify(threads));
    const orchestration = await client.scope(first, 'Orchestration');
    assert.match(orchestration['instance id']?.value ?? '', /attached-1/);
    assert.ok(Object.keys(await client.scope(first, 'History')).length > 3);
    assert.strictEqual((await client.scope(first, 'Locals')).greeting.value, '"Hello Tokyo!"');

    // A durable step over the `await` that ends the turn lands on the line after it, in the next replay.
    await client.setBreakpointsRequest({ source: { path: greetings }, breakpoints: [] });
    const lines: number[] = [];
    let step = first;
    for (let steps = 0; steps < 3; steps++) {
      await client.nextRequest({ threadId: step.threadId });
      step = await client.nextStop();
      lines.push(step.frame.line);
    }
    assert.deepStrictEqual(lines, [PUSH_LINE - 2, PUSH_LINE - 1, PUSH_LINE], step.description);
    assert.match(step.description, /^step — .*replay 2\b/);
    assert.strictEqual((await client.scope(step, 'Locals')).greeting.value, '"Hello Seattle!"');

    // Disconnecting while stopped: serve runs the instance on to the end, and keeps serving.
    await client.disconnectRequest({});
    const done = await waitForStatus(serve, 'attached-1', 'Completed');
    assert.deepStrictEqual(done.body.output, ['Hello Tokyo!', 'Hello Seattle!']);
    await startOrchestration(serve, 'Greetings', ['Oslo'], 'after-detach');
    assert.deepStrictEqual((await waitForStatus(serve, 'after-detach', 'Completed')).body.output, ['Hello Oslo!']);
  });

  it('attaches again after a disconnect', async () => {
    await attachWith({ [greetings]: [PUSH_LINE] });
    await startOrchestration(serve, 'Greetings', ['Lima'], 'attached-2');
    const stop = await client.nextStop();
    assert.deepStrictEqual([stop.frame.line, (await client.scope(stop, 'Locals')).greeting.value], [PUSH_LINE, '"Hello Lima!"']);
    await client.disconnectRequest({});
    assert.strictEqual((await waitForStatus(serve, 'attached-2', 'Completed')).status, 200);
    assert.strictEqual((await request('GET', instanceUrl(serve, 'attached-2'))).status, 200);
  });

  it('stops where an activity serve runs throws, with the "Activity failed" filter', async () => {
    const failingTemp = tempDir('attach-failing');
    const failingServe = await startServe(failing, ['--store', failingTemp.store, '--debug-port', '0']);
    try {
      await attachWith({}, ['activityFailed'], Number(/Debugger: attach to port (\d+)/.exec(failingServe.stdout())![1]));
      await startOrchestration(failingServe, 'Checkout', 250, 'declined');
      const stop = await client.nextStop();
      assert.strictEqual(stop.reason, 'exception');
      assert.deepStrictEqual([stop.frame.source?.path, stop.frame.line], [failing, THROW_LINE]);
      assert.strictEqual((await client.scope(stop, 'Locals')).amount.value, '250');
      assert.match((await client.exceptionInfoRequest({ threadId: stop.threadId })).body.description ?? '', /card declined for 250/);
      await client.disconnectRequest({});
      assert.strictEqual((await waitForStatus(failingServe, 'declined', 'Failed')).status, 400);
    } finally {
      await failingServe.stop();
      failingTemp.remove();
    }
  });

  it('lets serve run on when the debugger is killed while stopped at a breakpoint', async () => {
    await attachWith({ [greetings]: [PUSH_LINE] });
    await startOrchestration(serve, 'Greetings', ['Quito'], 'orphaned');
    await client.nextStop();
    await client.kill();
    assert.deepStrictEqual((await waitForStatus(serve, 'orphaned', 'Completed')).body.output, ['Hello Quito!']);
    client = new DurableDebugClient();
    await client.start();
  });

  it('binds breakpoints set in the .ts sources of an app compiled by tsc that serve runs from dist/', async () => {
    const project = fixture('compiled');
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', project]);
    const compiledTemp = tempDir('attach-compiled');
    const compiledServe = await startServe(path.join(project, 'dist', 'app.js'), ['--store', compiledTemp.store, '--debug-port', '0']);
    try {
      const source = path.join(project, 'src', 'app.ts');
      await attachWith({ [source]: [17] }, [], Number(/Debugger: attach to port (\d+)/.exec(compiledServe.stdout())![1]));
      await startOrchestration(compiledServe, 'ShipOrder', { id: 'order-3', items: 3 }, 'compiled-1');
      const stop = await client.nextStop();
      assert.deepStrictEqual([stop.frame.source?.path, stop.frame.line], [source, 17]);
      assert.strictEqual((await client.scope(stop, 'Locals')).boxes.value, '1');
      await client.disconnectRequest({});
      assert.strictEqual((await waitForStatus(compiledServe, 'compiled-1', 'Completed')).body.output, 'order-3: 1 boxes for 9');
    } finally {
      await compiledServe.stop();
      compiledTemp.remove();
    }
  });

  it('says clearly when nothing listens on the port', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as net.AddressInfo;
        server.close(() => resolve(free));
      });
    });
    await client.initializeRequest({ adapterID: 'durable', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    await assert.rejects(client.attachRequest({ port: closedPort } as DebugProtocol.AttachRequestArguments), /Nothing listens on port \d+ of 127\.0\.0\.1: start the app with `durable-ts serve <app> --debug`/);
  });

  it('attaches and detaches through requests of its debug port, with no JavaScript to evaluate', async () => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const lines: Record<string, unknown>[] = [];
    let waiting: (() => void) | undefined;
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk;
      for (let newline = received.indexOf('\n'); newline >= 0; newline = received.indexOf('\n')) {
        lines.push(JSON.parse(received.slice(0, newline)));
        received = received.slice(newline + 1);
        waiting?.();
      }
    });
    const closed = new Promise((resolve) => socket.on('close', resolve));
    let nextId = 1;
    /** Sends one line and answers the line that answers it. */
    const ask = async (message: Record<string, unknown>): Promise<Record<string, unknown>> => {
      const id = message.hello ? undefined : nextId++;
      socket.write(`${JSON.stringify(id === undefined ? message : { id, ...message })}\n`);
      for (;;) {
        const answer = lines.find((line) => (id === undefined ? 'hello' in line : line.id === id));
        if (answer) return answer;
        await new Promise<void>((resolve) => (waiting = resolve));
      }
    };
    try {
      assert.strictEqual((await ask({ hello: 'durable-ts-debug', version: DEBUGGING_INTERFACE_VERSION })).version, DEBUGGING_INTERFACE_VERSION);
      await ask({ method: 'Runtime.enable', params: {} });
      await ask({ method: 'Runtime.addBinding', params: { name: ATTACH_REPORT_BINDING } });
      const refused = await ask({ method: 'Durable.attach', params: { debugger: 'dist/attach.js' } });
      assert.match(String((refused.error as { message?: string })?.message), /Durable\.attach needs "debugger": the absolute path of the debugger's module/);
      const attached = await ask({ method: 'Durable.attach', params: { debugger: resolveAttachModule() } });
      assert.deepStrictEqual(Object.keys(attached.result as object).sort(), ['pid', 'program', 'runtimeDir']);
      assert.strictEqual((attached.result as { program: string }).program, greetings);
      // The debugger's module reports what it attached to, through the inspector (so maybe after the answer).
      const reports = () => lines.filter((line) => line.method === 'Runtime.bindingCalled').map((line) => JSON.parse((line.params as { payload: string }).payload).kind);
      while (reports().length < 2) await new Promise<void>((resolve) => (waiting = resolve));
      assert.deepStrictEqual(reports(), ['app', 'store']);
      assert.deepStrictEqual((await ask({ method: 'Durable.detach', params: {} })).result, {});
      // Detached, serve runs as if no debugger had come.
      await startOrchestration(serve, 'Greetings', ['Kyiv'], 'raw-attach');
      assert.deepStrictEqual((await waitForStatus(serve, 'raw-attach', 'Completed')).body.output, ['Hello Kyiv!']);
    } finally {
      socket.end();
      await closed;
    }
  });

  for (const [age, version] of [['older', DEBUGGING_INTERFACE_VERSION - 1], ['newer', DEBUGGING_INTERFACE_VERSION + 1]] as const) {
    it(`says so, with both versions, when serve's durable-ts speaks a debugging interface ${age} than the extension's`, async () => {
      // A serve of that release: it answers the greeting with its version.
      const server = net.createServer((socket) => socket.once('data', () => socket.write(`${JSON.stringify({ hello: 'durable-ts-debug', version })}\n`)));
      const otherPort = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
      try {
        await client.initializeRequest({ adapterID: 'durable', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
        const expected =
          age === 'older'
            ? `The durable-ts serve on port ${otherPort} is older than this Durable TS extension supports: it speaks version ${version} of the debugging interface, the extension needs version ${DEBUGGING_INTERFACE_VERSION}. Update durable-ts in the app's project (npm install durable-ts@latest) and start serve again.`
            : `The durable-ts serve on port ${otherPort} is newer than this Durable TS extension supports: it speaks version ${version} of the debugging interface, and the extension speaks version ${DEBUGGING_INTERFACE_VERSION}. Update the Durable TS extension.`;
        await assert.rejects(client.attachRequest({ port: otherPort } as DebugProtocol.AttachRequestArguments), (error: Error) => (assert.strictEqual(error.message, expected), true));
      } finally {
        server.close();
      }
    });
  }

  it('refuses what is not a debugger on its debug port (a web page\'s request)', async () => {
    const answer = await new Promise<string>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      let received = '';
      socket.on('data', (chunk) => (received += chunk));
      socket.on('close', () => resolve(received));
      socket.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n{"id":1,"method":"Runtime.evaluate","params":{"expression":"process.exit(3)"}}\n');
    });
    assert.strictEqual(answer, '');
    assert.strictEqual((await request('GET', instanceUrl(serve, 'attached-1'))).status, 200, 'serve still answers');
  });
});
