/**
 * Timers and external events outlive the process that was running their instances on PostgreSQL. Worker `a` runs
 * the first turns (it creates the durable timers, it holds the instances waiting for an event) and is SIGKILLed;
 * member `b`, started after, fires the timers and takes the events raised through its HTTP API or through
 * `durable-ts raise --store postgres://…`. Every instance completes once, on `b`, with its whole history.
 */
import * as assert from 'node:assert/strict';
import pg from 'pg';
import { createClient } from '../../../runtime/src/client/client';
import { openStoreAt } from '../../../runtime/src/store/open';
import type { DurableStore } from '../../../runtime/src/store/types';
import { crash } from '../store/support/processes';
import { freshDatabase } from '../helpers/postgres';
import { waitUntil } from '../userCode/hostProcess';
import { runCli } from '../cli/cliProcess';
import { checkHistory, startMember, type HubMember } from './hubMembers';

const LEASE_MS = 1000;
const INSTANCES = 6;
/** Long enough for the kill to come first; the timers' times are checked against it. */
const NAP_MS = 3000;

/** The instances whose lease a process held at `at`, as the database recorded it. */
async function leasedAt(url: string, at: number): Promise<string[]> {
  const database = new pg.Client({ connectionString: url });
  await database.connect();
  try {
    const { rows } = await database.query<{ id: string }>('SELECT id FROM durable_instances WHERE lease_owner IS NOT NULL AND lease_until > $1 ORDER BY id', [at]);
    return rows.map((row) => row.id);
  } finally {
    await database.end();
  }
}

describe('timers and events handed to another process after a SIGKILL on PostgreSQL', function () {
  this.timeout(60_000);
  const members: HubMember[] = [];
  let url: string;
  let store: DurableStore;
  beforeEach(async () => {
    url = await freshDatabase();
    store = await openStoreAt(url);
  });
  afterEach(async () => {
    for (const member of members.splice(0)) await crash(member);
    await store.close();
  });

  const ids = Array.from({ length: INSTANCES }, (_, i) => `i${i}`);

  it('fires on another process the durable timers a SIGKILLed worker created', async () => {
    const a = await startMember('worker', 'a', url, { leaseMs: LEASE_MS });
    members.push(a);
    const client = createClient({ store });
    await Promise.all(ids.map((id) => client.start('Nap', NAP_MS, { instanceId: id })));
    await waitUntil(async () => (await Promise.all(ids.map((id) => store.getHistory(id)))).every((history) => history.some((event) => event.EventType === 'TimerCreated')), 'worker a has created every timer');
    await crash(a);
    const killedAt = Date.now();
    const fireTimes = await Promise.all(ids.map(async (id) => Date.parse((await store.getHistory(id)).find((event) => event.EventType === 'TimerCreated')!.FireAt!)));
    assert.ok(Math.min(...fireTimes) > killedAt, 'precondition: no timer was due yet when worker a died');

    members.push(await startMember('worker', 'b', url, { leaseMs: LEASE_MS }));
    for (const id of ids) {
      const status = await client.waitForCompletion(id, { timeoutMs: 30_000 });
      assert.equal(status.runtimeStatus, 'Completed', `${id}: ${JSON.stringify(status.output)}`);
      assert.deepEqual(status.output, { napped: NAP_MS, wokeOn: 'b' });
      checkHistory(id, await store.getHistory(id), ['TimerCreated', 'TimerFired', 'TaskScheduled', 'TaskCompleted']);
    }
  });

  it("completes with events raised through another process the instances a SIGKILLed worker held", async () => {
    const a = await startMember('worker', 'a', url, { leaseMs: LEASE_MS });
    members.push(a);
    const client = createClient({ store });
    await Promise.all(ids.map((id) => client.start('AwaitApproval', undefined, { instanceId: id })));
    await waitUntil(async () => (await Promise.all(ids.map((id) => store.getInstance(id)))).every((row) => row?.status === 'Running'), 'worker a has run every first turn');
    await crash(a);
    const killedAt = Date.now();
    // A waiting instance is let go of after 2 s idle: on a loaded machine some may be let go of before the kill.
    const held = await leasedAt(url, killedAt);
    assert.ok(held.length > 0, 'precondition: worker a held some of the instances when it died');

    const b = await startMember('serve', 'b', url, { leaseMs: LEASE_MS });
    members.push(b);
    // Half through b's HTTP API, half through the CLI on the database: both only write the event to the store.
    await Promise.all(
      ids.map(async (id, i) => {
        if (i % 2 === 0) {
          const response = await fetch(`${b.url}/runtime/webhooks/durabletask/instances/${id}/raiseEvent/Approval`, { method: 'POST', body: JSON.stringify(`yes to ${id}`), headers: { 'Content-Type': 'application/json' } });
          assert.equal(response.status, 202, await response.text());
        } else {
          const result = await runCli(['raise', id, 'Approval', '--data', JSON.stringify(`yes to ${id}`), '--store', url]);
          assert.equal(result.code, 0, result.stderr);
        }
      }),
    );
    for (const id of ids) {
      const status = await client.waitForCompletion(id, { timeoutMs: 30_000 });
      assert.equal(status.runtimeStatus, 'Completed', `${id}: ${JSON.stringify(status.output)}`);
      assert.deepEqual(status.output, { approval: `yes to ${id}`, finishedOn: 'b' });
      checkHistory(id, await store.getHistory(id), ['EventRaised', 'TaskScheduled', 'TaskCompleted']);
    }
  });
});
