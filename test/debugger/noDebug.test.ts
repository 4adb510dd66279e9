import * as assert from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DurableDebugClient, fixture } from './support/durableDebugClient';

const greetings = fixture('greetings.ts');
/** Lines of test/debugger/fixtures/greetings.ts. */
const ACTIVITY_RETURN_LINE = 8;
const AFTER_ACTIVITY_LINE = 15;

describe('run without debugging (noDebug)', function () {
  this.timeout(30_000);
  let client: DurableDebugClient;
  let stops: DebugProtocol.StoppedEvent['body'][];

  beforeEach(async () => {
    client = new DurableDebugClient();
    stops = [];
    client.on('stopped', (event: DebugProtocol.StoppedEvent) => stops.push(event.body));
    await client.start();
  });

  afterEach(() => client.stop());

  it('runs to completion past breakpoints and stop on entry, with the history and the log in the debug console', async () => {
    // Registered first: a run without debugging may end before the configuration is done.
    const terminated = client.waitForEvent('terminated');
    await client.launchWith(
      { program: greetings, orchestration: 'Greetings', input: ['Tokyo', 'Seattle'], stopOnEntry: true, noDebug: true },
      { [greetings]: [ACTIVITY_RETURN_LINE, AFTER_ACTIVITY_LINE] },
      ['nondeterminism', 'uncaught'],
    );
    await terminated;
    assert.deepStrictEqual(stops, [], 'no stop');
    const console = client.output.join('');
    assert.match(console, /Greetings \S+ #1 ExecutionStarted Greetings ← \["Tokyo","Seattle"\]/);
    assert.match(console, /TaskCompleted SayHello \(for task 1\) → "Hello Seattle!"/);
    assert.match(console, /\[info\] greeted 2 cities/);
    assert.match(console, /Completed → \["Hello Tokyo!","Hello Seattle!"\]/);
  });

  it('does not stop where an activity or the orchestration fails, and reports the failure', async () => {
    const terminated = client.waitForEvent('terminated');
    await client.launchWith({ program: fixture('failing.ts'), orchestration: 'Checkout', input: 250, noDebug: true }, {}, ['activityFailed', 'orchestrationFailed', 'uncaught']);
    await terminated;
    assert.deepStrictEqual(stops, [], 'no stop');
    assert.match(client.output.join(''), /ExecutionCompleted ✗ TaskFailedError: [^\n]*card declined for 250\n[^]*: Failed\n/);
  });

  it('answers breakpoints as not bound, saying why', async () => {
    await client.initializeRequest({ adapterID: 'durable', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    const launched = client.launchRequest({ program: greetings, orchestration: 'Greetings', input: [], noDebug: true } as DebugProtocol.LaunchRequestArguments);
    await client.waitForEvent('initialized');
    const { body } = await client.setBreakpointsRequest({ source: { path: greetings }, breakpoints: [{ line: AFTER_ACTIVITY_LINE }] });
    assert.strictEqual(body.breakpoints[0].verified, false);
    assert.match(body.breakpoints[0].message ?? '', /without debugging/);
    await client.configurationDoneRequest();
    await launched;
  });
});
