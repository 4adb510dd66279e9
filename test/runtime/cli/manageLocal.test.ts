import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createClient, openStore } from '../../../runtime/src/index';
import { fixtureApp, runCli, tempDir } from './cliProcess';

const app = fixtureApp('managed.ts');

/** Start instances on the store without running them, as a host that crashed right after accepting them would leave them. */
async function startPending(store: string, starts: [name: string, input: unknown, instanceId: string][]): Promise<void> {
  const opened = await openStore({ path: store });
  try {
    const client = createClient({ store: opened });
    for (const [name, input, instanceId] of starts) await client.start(name, input, { instanceId });
  } finally {
    await opened.close();
  }
}

describe('CLI: management commands on a store no server owns', () => {
  const temp = tempDir('manage-local');
  const cli = (...args: string[]) => runCli([...args, '--store', temp.store]);
  before(async () => {
    const greet = await runCli(['run', app, 'Greet', '--input', '"Ada"', '--instance-id', 'greet-1', '--store', temp.store, '--quiet']);
    assert.equal(greet.code, 0, greet.stderr);
    await startPending(temp.store, [
      ['Approval', 'trip', 'approval-raised'],
      ['Approval', 'desk', 'approval-terminated'],
      ['Approval', 'car', 'approval-suspended'],
    ]);
  });
  after(() => temp.remove());

  it('status prints the instance\'s Durable Functions status as JSON', async () => {
    const result = await cli('status', 'greet-1');
    assert.equal(result.code, 0, result.stderr);
    const status = JSON.parse(result.stdout);
    assert.equal(status.runtimeStatus, 'Completed');
    assert.equal(status.output, 'Hello Ada!');
    assert.equal(status.historyEvents, undefined);
    const withHistory = JSON.parse((await cli('status', 'greet-1', '--show-history')).stdout);
    assert.ok(withHistory.historyEvents.some((event: { EventType: string }) => event.EventType === 'TaskCompleted'));
  });

  it('history prints one line per event, in order', async () => {
    const result = await cli('history', 'greet-1');
    assert.equal(result.code, 0, result.stderr);
    const types = result.stdout.trim().split('\n').map((line) => line.trim().split(/\s+/)[2]);
    assert.deepEqual(types.filter((type) => !type.startsWith('Orchestrator')), ['ExecutionStarted', 'TaskScheduled', 'TaskCompleted', 'ExecutionCompleted']);
    assert.match(result.stdout, /TaskCompleted\s+SayHello → #0 "Hello Ada!"/);
  });

  it('list prints the instances, filtered by status and name, at most --top', async () => {
    const all = await cli('list');
    assert.equal(all.code, 0, all.stderr);
    assert.equal(all.stdout.trim().split('\n').length, 4);
    assert.match((await cli('list', '--status', 'Completed')).stdout, /^greet-1\s+Greet\s+Completed\s/);
    assert.equal((await cli('list', '--name', 'Approval')).stdout.trim().split('\n').length, 3);
    assert.equal((await cli('list', '--top', '2')).stdout.trim().split('\n').length, 2);
  });

  it('list rejects an unknown --status or a --top that is not a number, as the HTTP API does', async () => {
    const status = await cli('list', '--status', 'Done');
    assert.equal(status.code, 2);
    assert.match(status.stderr, /Unknown status 'Done'.*Running/);
    const top = await cli('list', '--top', 'ten');
    assert.equal(top.code, 2);
    assert.match(top.stderr, /--top must be a non-negative integer/);
  });

  it('raise, terminate and suspend are recorded and take effect when a host next runs the store', async () => {
    assert.equal((await cli('raise', 'approval-raised', 'Approval', '--data', 'true')).stdout.trim(), "Raised 'Approval' on approval-raised.");
    assert.equal((await cli('terminate', 'approval-terminated', '--reason', 'cancelled')).stdout.trim(), 'Terminated approval-terminated.');
    assert.equal((await cli('suspend', 'approval-suspended')).stdout.trim(), 'Suspending approval-suspended.');

    // A host works on every instance of its store, not only the one it was asked to run.
    const run = await runCli(['run', app, 'Approval', '--instance-id', 'approval-raised', '--store', temp.store, '--quiet']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout), 'trip: approved');
    assert.match(run.stderr, /^Resuming Approval \(approval-raised\)/m);

    const terminated = JSON.parse((await cli('status', 'approval-terminated')).stdout);
    assert.equal(terminated.runtimeStatus, 'Terminated');
    assert.equal(terminated.output, 'cancelled');
    assert.equal(JSON.parse((await cli('status', 'approval-suspended')).stdout).runtimeStatus, 'Suspended');
  });

  it('resume lets a suspended instance take an event it was sent while suspended', async () => {
    const raised = await cli('raise', 'approval-suspended', 'Approval', '--data', 'false');
    assert.equal(raised.code, 0, raised.stderr);
    assert.equal((await cli('resume', 'approval-suspended')).stdout.trim(), 'Resuming approval-suspended.');
    const run = await runCli(['run', app, 'Approval', '--instance-id', 'approval-suspended', '--store', temp.store, '--quiet']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout), 'car: rejected');
  });

  it('purge deletes a finished instance; status then says there is no such instance', async () => {
    assert.equal((await cli('purge', 'greet-1')).stdout.trim(), 'Purged greet-1.');
    const status = await cli('status', 'greet-1');
    assert.equal(status.code, 1);
    assert.equal(status.stderr.trim(), "error: No orchestration instance with id 'greet-1'.");
  });

  it('says clearly when the instance is unknown or has finished', async () => {
    const unknown = await cli('raise', 'ghost', 'Approval');
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr.trim(), "error: No orchestration instance with id 'ghost'.");
    const finished = await cli('terminate', 'approval-raised');
    assert.equal(finished.code, 1);
    assert.equal(finished.stderr.trim(), "error: Instance 'approval-raised' is Completed; it no longer takes events or commands.");
    const badData = await cli('raise', 'approval-raised', 'Approval', '--data', '{yes}');
    assert.equal(badData.code, 1);
    assert.match(badData.stderr, /^error: --data is not valid JSON/);
  });

  it('does not create a store that does not exist: it says so', async () => {
    const missing = path.join(temp.dir, 'typo', 'store.db');
    const result = await runCli(['list', '--store', missing]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, new RegExp(`^error: No store at ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.equal(fs.existsSync(path.dirname(missing)), false);
  });
});
