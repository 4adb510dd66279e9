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
 * Instance ids a worker may keep however many instances it ran: the turn watchdog's ring of the last 1,024 turns it
 * watched, and the progress printer's event counts of the 1,000 instances that printed last (mostly the same ids).
 */
const RECENT_IDS_KEPT = 1024;
/**
 * A loose bound on what the live heap may grow by per waiting instance: one the worker holds (its warm orchestrator
 * and row) costs about 2,000 bytes; what grows without one is compiled code, under 250 bytes an instance here.
 */
const MAX_BYTES_PER_WAITING = 1000;
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

describe('waiting instances on PostgreSQL', function () {
  this.timeout(180_000);
  let url: string;
  let store: DurableStore;
  let database: pg.Client;
  let worker: HubMember | undefined;
  let dir: string;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-heap-'));
    url = await freshDatabase();
    store = await openStoreAt(url);
    database = new pg.Client({ connectionString: url });
    await database.connect();
  });
  afterEach(async () => {
    if (worker) await crash(worker);
    await database.end();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const count = async (sql: string) => Number((await database.query<{ count: string }>(sql)).rows[0].count);
  const heldByAnyone = () => count('SELECT count(*) FROM durable_instances WHERE lease_owner IS NOT NULL');

  /** Start instances of Park, wait until the worker has run their first turns and let go of them all. */
  async function park(ids: string[]): Promise<void> {
    const client = createClient({ store });
    await Promise.all(ids.map((id) => client.start('Park', undefined, { instanceId: id })));
    await waitUntil(async () => (await count("SELECT count(*) FROM durable_instances WHERE status = 'Running'")) === ids.length, `the worker has run the first turn of ${ids.length} instances`, 90_000);
    await waitUntil(async () => (await heldByAnyone()) === 0, 'the worker holds none of the waiting instances', 30_000);
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
    // Printing its progress, as a worker does unless told --quiet.
    worker = await startMember('worker', 'w', url, { nodeFlags: ['--expose-gc', '--require', heapProbe], env: { HEAP_SNAPSHOT_DIR: dir }, progress: true });
    // Every code path has run once before the first measure: what is compiled and pooled then is not counted.
    const warmUp = Array.from({ length: WARM_UP }, (_, i) => `warm${i}`);
    await park(warmUp);
    await release(warmUp);
    await waitUntil(async () => (await heldByAnyone()) === 0, 'the worker has let go of the finished instances');
    const before = await measure(worker);

    const ids = Array.from({ length: WAITING }, (_, i) => `wait${i}`);
    await park(ids);
    const waiting = await measure(worker);
    const perInstance = (waiting.bytes - before.bytes) / WAITING;
    const alive = new Set(waiting.strings.filter((value) => /^wait\d+$/.test(value)));
    console.log(`      (live heap ${(before.bytes / 1e6).toFixed(1)} MB before, ${(waiting.bytes / 1e6).toFixed(1)} MB with ${WAITING} waiting: ${perInstance.toFixed(0)} bytes per waiting instance; ids alive: ${alive.size})`);
    assert.ok(alive.size <= RECENT_IDS_KEPT, `the worker still holds ${alive.size} of the ${WAITING} waiting instances' ids, more than the ${RECENT_IDS_KEPT} it keeps of recent turns; e.g. ${[...alive].slice(0, 5).join(', ')}`);
    assert.ok(perInstance < MAX_BYTES_PER_WAITING, `the worker's live heap grew by ${perInstance.toFixed(0)} bytes per waiting instance`);

    await release(ids);
  });
});
