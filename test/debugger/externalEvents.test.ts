import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { runCli } from '../runtime/cli/cliProcess';
import { DurableDebugClient, fixture } from './support/durableDebugClient';

const approval = fixture('approval.ts');
/** The line of test/debugger/fixtures/approval.ts after the event arrives. */
const AFTER_EVENT_LINE = 8;

describe('a session whose orchestration waits for an external event', function () {
  this.timeout(30_000);
  let client: DurableDebugClient;
  let workDir: string;
  let store: string;
  let ended: string[];

  beforeEach(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-events-'));
    store = path.join(workDir, '.durable');
    client = new DurableDebugClient();
    ended = [];
    client.on('terminated', () => ended.push('terminated'));
    await client.start();
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  /** Launches ApproveTrip and resolves once its thread says it waits for 'Approval'. */
  async function launchWaiting(instanceId: string, breakpoints: Record<string, number[]> = {}): Promise<DebugProtocol.Thread> {
    await client.launchWith({ program: approval, orchestration: 'ApproveTrip', input: 'Lisbon', instanceId, store }, breakpoints);
    for (;;) {
      // Listening before asking, so a change between the answer and the wait is not missed.
      const changed = client.waitForEvent('thread');
      changed.catch(() => {});
      const thread = (await client.threadsRequest()).body.threads.find((candidate) => candidate.name.includes(instanceId));
      if (thread?.name.endsWith("waiting for event 'Approval'")) return thread;
      await changed;
    }
  }

  it('stays up, its thread saying what it waits for, until the event is raised into it', async () => {
    const thread = await launchWaiting('trip-1', { [approval]: [AFTER_EVENT_LINE] });
    assert.strictEqual(thread.name, "ApproveTrip trip-1 — waiting for event 'Approval'");
    assert.match(client.output.join(''), /ApproveTrip trip-1 waits for event 'Approval': raise it with the command "Durable TS: Raise Event…", or from a terminal: durable-ts raise trip-1 Approval --data <JSON> --store ".*store\.db"/);
    assert.deepStrictEqual(ended, [], 'the session is still up');

    const { body } = await client.customRequest('durableInstances');
    assert.deepStrictEqual(body.instances, [{ instanceId: 'trip-1', name: 'ApproveTrip', waitingFor: ['Approval'] }]);
    await client.customRequest('raiseEvent', { instanceId: 'trip-1', eventName: 'Approval', data: true });
    const stop = await client.nextStop();
    assert.strictEqual((await client.scope(stop, 'Locals')).approved.value, 'true');
    const exited = client.waitForEvent('exited');
    await client.setBreakpointsRequest({ source: { path: approval }, breakpoints: [] });
    await client.continueRequest({ threadId: stop.threadId });
    assert.strictEqual(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 0);
    assert.match(client.output.join(''), /trip-1: Completed → "booked Lisbon"/);
  });

  it('takes status, raise and terminate from a terminal, through the address it publishes on its store', async () => {
    await launchWaiting('trip-2');
    const status = await runCli(['status', 'trip-2', '--store', store]);
    assert.strictEqual(status.code, 0, status.stderr);
    assert.strictEqual(JSON.parse(status.stdout).runtimeStatus, 'Running');
    const exited = client.waitForEvent('exited');
    const raised = await runCli(['raise', 'trip-2', 'Approval', '--data', 'false', '--store', store]);
    assert.strictEqual(raised.code, 0, raised.stderr);
    assert.strictEqual(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 0);
    assert.match(client.output.join(''), /trip-2: Completed → "Lisbon: rejected"/);
  });

  it('ends when the waiting instance is terminated from a terminal', async () => {
    await launchWaiting('trip-3');
    const exited = client.waitForEvent('exited');
    const terminated = await runCli(['terminate', 'trip-3', '--reason', 'trip cancelled', '--store', store]);
    assert.strictEqual(terminated.code, 0, terminated.stderr);
    assert.strictEqual(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 1);
    assert.match(client.output.join(''), /trip-3: Terminated/);
  });

  it('refuses to raise an event on an instance it does not know, saying so', async () => {
    await launchWaiting('trip-4');
    await assert.rejects(client.customRequest('raiseEvent', { instanceId: 'no-such-trip', eventName: 'Approval', data: true }), /no-such-trip/);
  });
});
