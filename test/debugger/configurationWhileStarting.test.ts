import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DurableDebugClient, fixture } from './support/durableDebugClient';

const greetings = fixture('greetings.ts');
const failing = fixture('failing.ts');
/** The first line of activity SayHello in test/debugger/fixtures/greetings.ts. */
const ACTIVITY_FIRST_LINE = 6;

/**
 * VS Code waits for the answers to its configuration requests before it says the configuration is done, and the
 * app runs only then: answers that waited for the app's Node to start would add that start to every F5.
 */
describe('the configuration of a launch while the app is still starting', function () {
  this.timeout(40_000);
  let client: DurableDebugClient;
  let workDir: string;
  let gate: string;
  let node: string;

  beforeEach(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-configure-'));
    gate = path.join(workDir, 'go');
    // A Node that does not start before the test opens the gate: the app's process is not running yet.
    node = path.join(workDir, 'node-after-gate.sh');
    fs.writeFileSync(node, `#!/bin/sh\nwhile [ ! -e '${gate}' ]; do sleep 0.05; done\nexec '${process.execPath}' "$@"\n`, { mode: 0o755 });
    client = new DurableDebugClient();
    await client.start();
  });

  afterEach(async () => {
    fs.writeFileSync(gate, '');
    await client.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  /** Answers the launch's response, which comes once the configuration is done (in an object: an async function would wait for it). */
  async function launchBehindTheGate(program: string, input: unknown): Promise<{ launched: Promise<unknown> }> {
    await client.initializeRequest({ adapterID: 'durable', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    const launched = client.launchRequest({ program, input, store: client.defaultStore, runtimeExecutable: node } as DebugProtocol.LaunchRequestArguments);
    await client.waitForEvent('initialized');
    return { launched };
  }

  it('answers function breakpoints and exception filters before the app runs, and stops on them once it does', async () => {
    const { launched } = await launchBehindTheGate(greetings, ['Tokyo']);
    const { body } = await client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'SayHello' }] });
    await client.setExceptionBreakpointsRequest({ filters: ['orchestrationFailed'] });
    assert.ok(!fs.existsSync(gate), 'answered while the app had not started');
    assert.strictEqual(body.breakpoints.length, 1);
    fs.writeFileSync(gate, '');
    await client.configurationDoneRequest();
    await launched;
    const stop = await client.nextStop();
    assert.deepStrictEqual([stop.reason, stop.frame.line], ['function breakpoint', ACTIVITY_FIRST_LINE], stop.description);
  });

  it('stops where the orchestration fails with the filter set while the app was starting', async () => {
    const { launched } = await launchBehindTheGate(failing, 250);
    await client.setExceptionBreakpointsRequest({ filters: ['orchestrationFailed'] });
    assert.ok(!fs.existsSync(gate), 'answered while the app had not started');
    fs.writeFileSync(gate, '');
    await client.configurationDoneRequest();
    await launched;
    const stop = await client.nextStop();
    assert.strictEqual(stop.reason, 'exception', stop.description);
    assert.match((await client.exceptionInfoRequest({ threadId: stop.threadId })).body.description ?? '', /card declined for 250/);
  });
});
