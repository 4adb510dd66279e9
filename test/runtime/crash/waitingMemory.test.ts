/**
 * On PostgreSQL a waiting instance costs a worker nothing: its state is rows in the database, not objects in the
 * process. A worker runs the first turns of thousands of instances that then wait for an event; once they wait it
 * holds no lease on any of them, nothing of them is alive in its heap but the ids of
 * the last thousand it ran a turn of (a heap snapshot after garbage collection shows which ids are alive: a row, an
 * orchestrator, a history or a map entry of an instance would hold its id), and they all complete when their
 * events come.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import { createClient } from '../../../runtime/src/client/client';
import { openStoreAt } from '../../../runtime/src/store/open';
import type { DurableStore } from '../../../runtime/src/store/types';
import { crash, repoRoot } from '../store/support/processes';
import { freshDatabase } from '../helpers/postgres';
import { waitUntil } from '../userCode/hostProcess';
import { startMember, type HubMember } from './hubMembers';

const WAITING = 2000;
const WARM_UP = 50;
/**
 * Instance ids a process may keep however many instances it ran: the turn watchdog's ring of the last 1,024 turns it
 * watched, and a few more in what it is sending the database (its last lease renewal's list of the instances it let
 * go of): one in a hundred of the waiting. (Without --quiet the progress printer keeps the counts of the last 1,000 that printed too: see
 * test/runtime/cli/progress.test.ts.)
 */
const RECENT_IDS_KEPT = 1024;
/**
 * A loose bound on what the live heap may grow by per waiting instance: one the worker holds (its warm orchestrator
 * and row) costs about 2,000 bytes; what grows without one is compiled code, under 250 bytes an instance here.
 */
const MAX_BYTES_PER_WAITING = 1000;
/** Idle instances are let go of at a lease renewal (every third of the lease): a short lease lets go sooner. */
const LEASE_MS = 3000;
const heapProbe = path.join(repoRoot, 'test/runtime/fixtures/heapProbe.cjs');

/** The live heap after garbage collection, and the string values alive in it, from a snapshot the worker writes. */
async function measure(member: HubMember): Promise<{ bytes: number; strings: string[] }> {
  const index = member.lines.filter((line) => line.startsWith('heap ')).length + 1;
  member.child.kill('SIGUSR2');
  const [, , bytes, file] = (await member.waitForLine(new RegExp(`^heap ${index} `), 30_000)).split(' ');
  const snapshot = JSON.parse(fs.readFileSync(file, 'utf8')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] };
  const { node_fields: fields, node_types: [types] } = snapshot.snapshot.meta;
  const strings: string[] = [];
  for (let node = 0; node < snapshot.nodes.length; node += fields.length) {
    if (types[snapshot.nodes[node]] === 'string') strings.push(snapshot.strings[snapshot.nodes[node + 1]]);
  }
  return { bytes: Number(bytes), strings };
}

/**
 * The smaller of two measures in a row: what the worker has in flight at one of them (a poll's rows, a lease
 * renewal's list) is gone by the other, while what it keeps of the waiting instances is in both.
 */
async function settledMeasure(member: HubMember): Promise<{ bytes: number; strings: string[] }> {
  const first = await measure(member);
  const second = await measure(member);
  return first.bytes <= second.bytes ? first : second;
}

describe('waiting instances on PostgreSQL', function () {
  this.timeout(180_000);
  let url: string;
  let store: DurableStore;
  let database: pg.Client;
  const members: HubMember[] = [];
  let dir: string;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-heap-'));
    url = await freshDatabase();
    store = await openStoreAt(url);
    database = new pg.Client({ connectionString: url });
    await database.connect();
  });
  afterEach(async () => {
    for (const member of members.splice(0)) await crash(member);
    await database.end();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const probed = () => ({ nodeFlags: ['--expose-gc', '--require', heapProbe], env: { HEAP_SNAPSHOT_DIR: dir }, leaseMs: LEASE_MS });
  const count = async (sql: string) => Number((await database.query<{ count: string }>(sql)).rows[0].count);
  const heldByAnyone = () => count('SELECT count(*) FROM durable_instances WHERE lease_owner IS NOT NULL');

  /** Start instances of Park (here, or through a server's HTTP API), wait until their first turns ran and no process holds them. */
  async function park(ids: string[], server?: HubMember): Promise<void> {
    const client = createClient({ store });
    if (!server) await Promise.all(ids.map((id) => client.start('Park', undefined, { instanceId: id })));
    for (let next = 0; server && next < ids.length; next += 50) {
      await Promise.all(
        ids.slice(next, next + 50).map(async (id) => {
          const response = await fetch(`${server.url}/api/orchestrators/Park/${id}`, { method: 'POST' });
          assert.equal(response.status, 202, await response.text());
        }),
      );
    }
    await waitUntil(async () => (await count("SELECT count(*) FROM durable_instances WHERE status = 'Running'")) === ids.length, `the worker has run the first turn of ${ids.length} instances`, 90_000);
    await waitUntil(async () => (await heldByAnyone()) === 0, 'no process holds any of the waiting instances', 60_000);
  }

  async function release(ids: string[]): Promise<void> {
    const client = createClient({ store });
    await Promise.all(ids.map((id, i) => client.raiseEvent(id, 'Go', i)));
    for (const [i, id] of ids.entries()) {
      const status = await client.waitForCompletion(id, { timeoutMs: 90_000 });
      assert.equal(status.runtimeStatus, 'Completed', `${id}: ${JSON.stringify(status.output)}`);
      assert.equal(status.output, i);
    }
  }

  it(`holds none of ${WAITING} instances waiting for an event (no lease, nothing alive but the ids of its last turns), and completes them all when it comes`, async () => {
    const worker = await startMember('worker', 'w', url, probed());
    members.push(worker);
    // Every code path has run once before the first measure: what is compiled and pooled then is not counted.
    const warmUp = Array.from({ length: WARM_UP }, (_, i) => `warm${i}`);
    await park(warmUp);
    await release(warmUp);
    await waitUntil(async () => (await heldByAnyone()) === 0, 'the worker has let go of the finished instances');
    const before = await settledMeasure(worker);

    const ids = Array.from({ length: WAITING }, (_, i) => `wait${i}`);
    await park(ids);
    const waiting = await settledMeasure(worker);
    const perInstance = (waiting.bytes - before.bytes) / WAITING;
    const alive = new Set(waiting.strings.filter((value) => /^wait\d+$/.test(value)));
    console.log(`      (live heap ${(before.bytes / 1e6).toFixed(1)} MB before, ${(waiting.bytes / 1e6).toFixed(1)} MB with ${WAITING} waiting: ${perInstance.toFixed(0)} bytes per waiting instance; ids alive: ${alive.size})`);
    assert.ok(alive.size <= RECENT_IDS_KEPT + WAITING / 100, `the worker still holds ${alive.size} of the ${WAITING} waiting instances' ids, more than the ${RECENT_IDS_KEPT} it keeps of recent turns; e.g. ${[...alive].slice(0, 5).join(', ')}`);
    assert.ok(perInstance < MAX_BYTES_PER_WAITING, `the worker's live heap grew by ${perInstance.toFixed(0)} bytes per waiting instance`);

    await release(ids);
  });

  it(`keeps nothing in a serve process of the instances it started that another process runs`, async () => {
    // Each of the two runs some of the instances' first turns, however the leases fall.
    const server = await startMember('serve', 's', url, probed());
    members.push(server, await startMember('worker', 'w', url, { leaseMs: LEASE_MS }));
    const ids = Array.from({ length: WAITING }, (_, i) => `wait${i}`);
    await park(ids, server);
    const alive = new Set((await measure(server)).strings.filter((value) => /^wait\d+$/.test(value)));
    console.log(`      (ids alive in the server: ${alive.size})`);
    assert.ok(alive.size <= RECENT_IDS_KEPT + WAITING / 100, `the server still holds ${alive.size} of the ${WAITING} waiting instances' ids, more than the ${RECENT_IDS_KEPT} it keeps of recent turns; e.g. ${[...alive].slice(0, 5).join(', ')}`);
  });
});
