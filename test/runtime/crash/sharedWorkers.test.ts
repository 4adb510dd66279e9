/**
 * Several processes, one PostgreSQL task hub: two `durable-ts worker` processes and a `durable-ts serve` share the
 * work of many fan-outs; one worker is SIGKILLed in the middle. The others take its leases over, and every
 * instance completes exactly once with the right output, its history numbered without gaps, each activity's
 * result recorded exactly once (activities may run more than once: at least once).
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { HistoryEvent } from '../../../runtime/src/api/types';
import { createClient } from '../../../runtime/src/client/client';
import { openStoreAt } from '../../../runtime/src/store/open';
import { crash, repoRoot, sleep, watch, type WatchedChild } from '../store/support/processes';
import { freshDatabase } from '../helpers/postgres';

const INSTANCES = 12;
const ITEMS = 150;
const LEASE_MS = 3000;
const cliMain = path.join(repoRoot, 'runtime/dist/cli/main.js');
const crashApp = path.join(repoRoot, 'test/runtime/fixtures/crashApp.ts');

function member(args: string[], store: string, sideEffects: string, name: string): WatchedChild {
  const env = { ...process.env, CRASH_SIDE_EFFECTS: sideEffects, CRASH_RUN: name, CRASH_SPREAD_MS: '300' };
  return watch(spawn(process.execPath, [cliMain, ...args, crashApp, '--store', store, '--lease-ms', String(LEASE_MS), '--quiet'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** Executions per process name, from the side-effect file (a line cut by the kill has no newline). */
function executionsBy(sideEffects: string): Map<string, number> {
  const counts = new Map<string, number>();
  if (!fs.existsSync(sideEffects)) return counts;
  for (const line of fs.readFileSync(sideEffects, 'utf8').split('\n').slice(0, -1)) {
    const name = line.split(' ')[0];
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

function checkHistory(instanceId: string, history: HistoryEvent[]): void {
  assert.deepEqual(history.map((event) => event.EventId), history.map((_, index) => index), `${instanceId}: events numbered without gap or repeat`);
  const scheduled = history.filter((event) => event.EventType === 'TaskScheduled').map((event) => event.TaskId);
  const completed = history.filter((event) => event.EventType === 'TaskCompleted').map((event) => event.TaskScheduledId);
  assert.equal(new Set(scheduled).size, ITEMS, `${instanceId}: each activity scheduled once`);
  assert.equal(scheduled.length, ITEMS);
  assert.deepEqual([...completed].sort((a, b) => a! - b!), [...scheduled].sort((a, b) => a! - b!), `${instanceId}: each result recorded exactly once`);
  assert.equal(history.filter((event) => event.EventType === 'ExecutionCompleted').length, 1, `${instanceId}: completed once`);
}

describe('several processes sharing one PostgreSQL task hub', function () {
  this.timeout(120_000);
  const members: WatchedChild[] = [];
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-hub-'))));
  afterEach(async () => {
    for (const child of members.splice(0)) await crash(child);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finishes every fan-out exactly once when a worker is SIGKILLed in the middle', async () => {
    const store = await freshDatabase();
    const sideEffects = path.join(dir, 'executions.txt');
    const [victim, survivor, server] = [
      member(['worker'], store, sideEffects, 'victim'),
      member(['worker'], store, sideEffects, 'survivor'),
      member(['serve', '--port', '0'], store, sideEffects, 'server'),
    ];
    members.push(victim, survivor, server);
    await Promise.all([victim.waitForLine(/^Working on/, 30_000), survivor.waitForLine(/^Working on/, 30_000)]);
    const url = (await server.waitForLine(/^Serving .* on http/, 30_000)).match(/on (http:\/\/\S+)/)![1];

    const clientStore = await openStoreAt(store);
    try {
      const client = createClient({ store: clientStore });
      const ids = Array.from({ length: INSTANCES }, (_, i) => `fan${i}`);
      // Half through the server's HTTP API, half from this process: both are members of the hub.
      await Promise.all(
        ids.map(async (id, i) => {
          if (i % 2 === 0) {
            const response = await fetch(`${url}/api/orchestrators/FanOut/${id}`, { method: 'POST', body: String(ITEMS), headers: { 'Content-Type': 'application/json' } });
            assert.equal(response.status, 202, await response.text());
          } else await client.start('FanOut', ITEMS, { instanceId: id });
        }),
      );
      // Starting an id that exists is refused, whichever member is asked.
      await assert.rejects(client.start('FanOut', ITEMS, { instanceId: 'fan0' }), /already exists/);
      assert.equal((await fetch(`${url}/api/orchestrators/FanOut/fan1`, { method: 'POST', body: '1', headers: { 'Content-Type': 'application/json' } })).status, 409);

      // Kill the victim while it is in the middle of its share.
      for (let waited = 0; (executionsBy(sideEffects).get('victim') ?? 0) < 100 && waited < 60_000; waited += 20) await sleep(20);
      assert.ok((executionsBy(sideEffects).get('victim') ?? 0) >= 100, 'precondition: the victim took a share of the work');
      victim.child.kill('SIGKILL');
      await victim.exited;
      const killedAt = Date.now();

      const statuses = await Promise.all(ids.map((id) => client.waitForCompletion(id, { timeoutMs: 90_000 })));
      for (const status of statuses) {
        assert.equal(status.runtimeStatus, 'Completed', `${status.instanceId}: ${JSON.stringify(status.output)}`);
        assert.deepEqual(status.output, Array.from({ length: ITEMS }, (_, item) => item * 2));
      }
      for (const id of ids) checkHistory(id, await clientStore.getHistory(id));
      const executions = executionsBy(sideEffects);
      const total = [...executions.values()].reduce((a, b) => a + b, 0);
      assert.ok(total >= INSTANCES * ITEMS, 'every activity ran at least once');
      // The victim's share is checked above and the survivor's here. How much serve itself takes depends on who
      // wins each lease, which a loaded machine decides: with two workers polling, serve may take none.
      assert.ok((executions.get('survivor') ?? 0) > 0, `the survivor took over: ${JSON.stringify([...executions])}`);
      console.log(`      (${total - INSTANCES * ITEMS} activity runs repeated after the kill; all done ${Date.now() - killedAt} ms after it; runs per member ${JSON.stringify(Object.fromEntries(executions))})`);
    } finally {
      await clientStore.close();
    }
  });
});
