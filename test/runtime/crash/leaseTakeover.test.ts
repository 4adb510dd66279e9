/**
 * How long a SIGKILLed process's work stays stuck on PostgreSQL: no longer than its lease. Two workers share the
 * hub; the one running an activity is killed, and the other runs the activity again and commits the instance's
 * next turn within `--lease-ms` plus a margin: the survivors look for work whose lease ran out once a second
 * (the poll), and a loaded machine adds its own delay.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import { createClient } from '../../../runtime/src/client/client';
import { openStoreAt } from '../../../runtime/src/store/open';
import type { DurableStore } from '../../../runtime/src/store/types';
import { crash } from '../store/support/processes';
import { freshDatabase } from '../helpers/postgres';
import { waitUntil } from '../userCode/hostProcess';
import { checkHistory, startMember, type HubMember } from './hubMembers';

const LEASE_MS = 1000;
/** The survivors' poll (1 s) and the scheduling delay of a machine shared with other work. */
const MARGIN_MS = 2500;

/** Which member started each execution of `HangOnce`, in order. */
function startsIn(sideEffects: string): string[] {
  return fs.existsSync(sideEffects) ? fs.readFileSync(sideEffects, 'utf8').split('\n').filter(Boolean).map((line) => line.split(' ')[0]) : [];
}

describe('taking over a SIGKILLed process\'s work on PostgreSQL', function () {
  this.timeout(60_000);
  const members: HubMember[] = [];
  let dir: string;
  let url: string;
  let store: DurableStore;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-takeover-'));
    url = await freshDatabase();
    store = await openStoreAt(url);
  });
  afterEach(async () => {
    for (const member of members.splice(0)) await crash(member);
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`runs the killed worker's activity again, and commits the instance's turn, within --lease-ms ${LEASE_MS} plus ${MARGIN_MS} ms`, async () => {
    const sideEffects = path.join(dir, 'starts.txt');
    members.push(...(await Promise.all(['a', 'b'].map((name) => startMember('worker', name, url, { leaseMs: LEASE_MS, sideEffects })))));
    const client = createClient({ store });
    await client.start('HangingStep', 'step', { instanceId: 'hanging' });

    await waitUntil(() => startsIn(sideEffects).length > 0, 'a worker starts the activity');
    const victim = members.find((member) => member.name === startsIn(sideEffects)[0])!;
    const survivor = members.find((member) => member !== victim)!;
    await crash(victim);
    const killedAt = Date.now();

    await waitUntil(() => startsIn(sideEffects).includes(survivor.name), 'the survivor runs the activity again', LEASE_MS + 30_000);
    const takeoverMs = Date.now() - killedAt;
    const status = await client.waitForCompletion('hanging', { timeoutMs: 30_000 });
    const completedMs = Date.now() - killedAt;
    console.log(`      (activity taken over ${takeoverMs} ms after the kill, instance completed after ${completedMs} ms; lease ${LEASE_MS} ms)`);

    assert.equal(status.runtimeStatus, 'Completed');
    assert.equal(status.output, `step done by ${survivor.name}`);
    assert.deepEqual(startsIn(sideEffects), [victim.name, survivor.name], 'it ran once where it was killed and once where it was taken over');
    checkHistory('hanging', await store.getHistory('hanging'), ['TaskScheduled', 'TaskCompleted']);
    assert.ok(takeoverMs <= LEASE_MS + MARGIN_MS, `the activity was taken over ${takeoverMs} ms after the kill: more than the lease (${LEASE_MS} ms) plus ${MARGIN_MS} ms`);
    assert.ok(completedMs <= LEASE_MS + MARGIN_MS, `the instance completed ${completedMs} ms after the kill: more than the lease (${LEASE_MS} ms) plus ${MARGIN_MS} ms`);
  });

  it('leases work for at most 30 s when --lease-ms is not given', async () => {
    const sideEffects = path.join(dir, 'starts.txt');
    const worker = await startMember('worker', 'a', url, { sideEffects });
    members.push(worker);
    assert.match(worker.lines.find((line) => line.startsWith('Working on'))!, /\(lease 30000 ms\)$/);
    await createClient({ store }).start('HangingStep', 'step', { instanceId: 'hanging' });
    await waitUntil(() => startsIn(sideEffects).length > 0, 'the worker starts the activity');

    // The lease the worker really took, as the other processes see it in the database.
    const database = new pg.Client({ connectionString: url });
    await database.connect();
    try {
      const asked = Date.now();
      const { rows } = await database.query<{ lease_until: string }>("SELECT lease_until FROM durable_activities");
      assert.equal(rows.length, 1);
      const remaining = Number(rows[0].lease_until) - asked;
      assert.ok(remaining > 0 && remaining <= 30_000, `the activity is leased for ${remaining} ms more`);
    } finally {
      await database.end();
    }
  });
});
