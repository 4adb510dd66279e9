/**
 * A PostgreSQL store of an older schema version is migrated by the first process that opens it, with the work
 * that was in flight in it: fixtures/postgresSchemas/v<N>.sql is a database as the code of an older commit
 * (schema version N) left it (recorded by record.mts beside it), with instances running with activities pending,
 * waiting on timers and a child, completed, failed, not started yet and with an event not delivered yet.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import pg from 'pg';
import { createRuntime, DurableApp, type DurableRuntime, type HistoryEvent } from '../../../runtime/src/index';
import { SCHEMA_VERSION } from '../../../runtime/src/store/postgres/schema';
import { freshDatabase } from '../helpers/postgres';
import { fixtureApp, runCli } from '../cli/cliProcess';
import { registerOrders } from './fixtures/postgresSchemas/orders';

/** The older databases, and the commit whose code wrote each. */
const OLDER = [
  { version: 1, commit: 'c4ab264' },
  { version: 2, commit: '67c5f66' },
];
const dump = (version: number) => fs.readFileSync(path.join(__dirname, `fixtures/postgresSchemas/v${version}.sql`), 'utf8');

async function sql<Row extends pg.QueryResultRow>(url: string, text: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(text)).rows;
  } finally {
    await client.end();
  }
}

/** Each instance's history as stored, read past the store (what the old code wrote). */
async function storedHistories(url: string): Promise<Map<string, HistoryEvent[]>> {
  const histories = new Map<string, HistoryEvent[]>();
  for (const row of await sql<{ instance_id: string; events: string }>(url, 'SELECT instance_id, events FROM durable_history ORDER BY instance_id, first_event_id')) {
    histories.set(row.instance_id, [...(histories.get(row.instance_id) ?? []), ...(JSON.parse(row.events) as HistoryEvent[])]);
  }
  return histories;
}

describe('PostgreSQL: a store of an older schema version opened by this code', function () {
  this.timeout(60_000);
  let runtime: DurableRuntime | undefined;
  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
  });

  for (const older of OLDER) {
    it(`migrates version ${older.version} (as commit ${older.commit} left it) to this version, and every instance goes on from where it was: nothing lost, nothing run twice`, async () => {
      const url = await freshDatabase();
      await sql(url, dump(older.version));
      assert.deepEqual(await sql(url, 'SELECT version FROM durable_schema'), [{ version: older.version }]);
      const before = await storedHistories(url);

      const steps: number[] = [];
      const payments: number[] = [];
      const app = new DurableApp();
      registerOrders(app, {
        step: (index) => {
          steps.push(index);
          return index * 10;
        },
        pay: (amount) => {
          payments.push(amount);
          return `paid ${amount}`;
        },
      });
      runtime = await createRuntime({ app, store: url });
      const { client } = runtime;
      assert.deepEqual(await sql(url, 'SELECT version FROM durable_schema'), [{ version: SCHEMA_VERSION }]);

      const outcome = async (instanceId: string) => {
        const status = await client.waitForCompletion(instanceId, { timeoutMs: 20_000 });
        return { status: status.runtimeStatus, output: status.output };
      };
      assert.deepEqual(await outcome('chain'), { status: 'Completed', output: [0, 10, 20] }, 'its pending activity ran and the chain went on');
      assert.deepEqual(await outcome('fanout'), { status: 'Completed', output: [0, 60, 70] }, 'the recorded result and the pending ones');
      assert.deepEqual(await outcome('parent'), { status: 'Completed', output: { child: [0, 10] } }, 'the child finished and its parent heard of it');
      assert.deepEqual(await outcome('delivery'), { status: 'Completed', output: 'delivered' }, 'the timer, due meanwhile, fired');
      assert.deepEqual(await outcome('queued'), { status: 'Completed', output: [0, 10] }, 'the instance started while no process worked');
      assert.deepEqual(await outcome('approved'), { status: 'Completed', output: 'approved by ops' }, 'the event raised while no process worked');
      assert.deepEqual(await outcome('done'), { status: 'Completed', output: [0] });
      const declined = await outcome('declined');
      assert.deepEqual([declined.status, declined.output.message], ['Failed', "Activity 'Pay' failed: card declined"]);

      // Still waiting: its timer is a year away, and still queued.
      assert.equal((await client.getStatus('approval'))?.runtimeStatus, 'Running');
      const timers = (await runtime.store.queuedWork(['approval'])).messages.map((message) => message.event);
      assert.deepEqual(timers.map((event) => [event.EventType, event.FireAt]), [['TimerFired', before.get('approval')!.find((event) => event.EventType === 'TimerCreated')!.FireAt]]);
      await client.raiseEvent('approval', 'approve', 'me');
      assert.deepEqual(await outcome('approval'), { status: 'Completed', output: 'approved by me' });

      await client.rewind('declined', 'the card works now');
      assert.deepEqual(await outcome('declined'), { status: 'Completed', output: 'paid 40' });

      // A late result for a finished instance is dropped (with the migrated functions' check of its status alone).
      await runtime.store.commit([{ op: 'enqueue', message: { id: runtime.store.allocateId(), instanceId: 'done', generation: 0, visibleAt: 0, event: { EventType: 'TaskCompleted', TaskScheduledId: 0, Result: '0', Timestamp: new Date().toISOString() } } }]);
      for (const deadline = Date.now() + 10_000; (await runtime.store.queuedWork(['done'])).messages.length; ) {
        assert.ok(Date.now() < deadline, "the late result for 'done' is still queued");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }

      assert.deepEqual(steps.sort((a, b) => a - b), [0, 1, 1, 1, 2, 6, 7], 'each pending step ran once (chain 1 and 2, fan-out 6 and 7, child 1, queued 0 and 1), no recorded one again');
      assert.deepEqual(payments, [40], 'the failed payment ran again once, on the rewind');
      const after = await storedHistories(url);
      for (const [instanceId, recorded] of before) {
        const history = after.get(instanceId)!;
        if (instanceId !== 'declined') assert.deepEqual(history.slice(0, recorded.length), recorded, `${instanceId}: the recorded history is kept as it was`);
        assert.deepEqual(history.map((event) => event.EventId), history.map((_, index) => index), `${instanceId}: no event lost or duplicated`);
        assert.equal(history.filter((event) => event.EventType === 'ExecutionCompleted').length, 1, `${instanceId} completed once`);
      }
      assert.equal(after.get('delivery')!.filter((event) => event.EventType === 'TimerFired').length, 1);
    });
  }

  it('refuses a store of a newer schema version with a message saying which versions, and changes nothing in it', async () => {
    const url = await freshDatabase();
    await sql(url, dump(1));
    await sql(url, `UPDATE durable_schema SET version = ${SCHEMA_VERSION + 1}`);

    const result = await runCli(['list', '--store', url]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`has schema version ${SCHEMA_VERSION + 1}; this durable-ts reads version ${SCHEMA_VERSION} and older\\. Use a newer durable-ts\\.`));
    const worker = await runCli(['worker', fixtureApp('family.ts'), '--store', url]);
    assert.equal(worker.code, 1, worker.stderr);
    assert.match(worker.stderr, /Use a newer durable-ts\./);

    assert.deepEqual(await sql(url, 'SELECT version FROM durable_schema'), [{ version: SCHEMA_VERSION + 1 }]);
    assert.deepEqual(await sql(url, "SELECT column_name FROM information_schema.columns WHERE table_name = 'durable_messages' AND column_name = 'deaths'"), [], 'not migrated');
    assert.equal((await sql(url, 'SELECT count(*)::integer AS n FROM durable_messages'))[0].n, 5, 'the queued messages are still there');
  });
});
