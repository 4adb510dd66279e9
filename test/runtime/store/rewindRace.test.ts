/**
 * A rewind reads an instance (its row, history and queued work) and then commits what it computed. On a store
 * several processes share, what another process commits in between (its own rewind, and the turn that follows it)
 * must not be overwritten: the rewind's commit is refused whole, and the rewind decides again from what is stored.
 */
import * as assert from 'node:assert/strict';
import { InstanceNotFailedError } from '../../../runtime/src/api/errors';
import type { HistoryEvent } from '../../../runtime/src/api/types';
import { createClient } from '../../../runtime/src/client/client';
import { createRuntime, DurableApp } from '../../../runtime/src/index';
import { openStoreAt } from '../../../runtime/src/store/open';
import type { DurableStore, StoreChange } from '../../../runtime/src/store/types';
import { freshDatabase } from '../helpers/postgres';

const ID = 'order-1';

function events(firstEventId: number, bodies: Partial<HistoryEvent>[]): HistoryEvent[] {
  return bodies.map((body, index) => ({ EventId: firstEventId + index, Timestamp: new Date(0).toISOString(), ...body }) as HistoryEvent);
}

/** An instance that scheduled one activity, whose failure failed it. */
function failedInstance(): StoreChange[] {
  const history = events(0, [
    { EventType: 'OrchestratorStarted' },
    { EventType: 'ExecutionStarted', Name: 'Checkout', Input: '1' },
    { EventType: 'TaskScheduled', Name: 'Charge', TaskId: 0, Input: '1' },
    { EventType: 'OrchestratorCompleted' },
    { EventType: 'OrchestratorStarted' },
    { EventType: 'TaskFailed', TaskScheduledId: 0, Reason: 'declined' },
    { EventType: 'ExecutionCompleted', Details: '{"message":"declined"}' },
    { EventType: 'OrchestratorCompleted' },
  ]);
  return [
    { op: 'createInstance', row: { instanceId: ID, name: 'Checkout', status: 'Failed', input: '1', output: '{"message":"declined"}', customStatus: undefined, createdAt: 0, updatedAt: 0, generation: 0, parent: undefined, version: '' } },
    { op: 'appendHistory', instanceId: ID, firstEventId: 0, events: history },
  ];
}

/** The store, with `between` run after its first history read has been answered from the database and before the reader gets it. */
function pausedAfterFirstHistoryRead(store: DurableStore, between: () => Promise<void>): DurableStore {
  let first = true;
  return new Proxy(store, {
    get(target, key) {
      if (key === 'getHistory') {
        return async (instanceId: string) => {
          const history = await target.getHistory(instanceId);
          if (first) {
            first = false;
            await between();
          }
          return history;
        };
      }
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('rewind on PostgreSQL, against another process', function () {
  this.timeout(60_000);
  const stores: DurableStore[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });

  it("refuses a rewind whose instance another process rewound and ran a turn of after it was read, keeping that turn", async () => {
    const url = await freshDatabase();
    const [mine, other] = [await openStoreAt(url), await openStoreAt(url)];
    stores.push(mine, other);
    await other.commit(failedInstance());

    const theirTurn = events(4, [{ EventType: 'OrchestratorStarted' }, { EventType: 'ExecutionRewound' }, { EventType: 'OrchestratorCompleted' }]);
    const interleave = async () => {
      await createClient({ store: other }).rewind(ID, 'theirs');
      // The turn a worker then runs: it consumes the rewind's marker and continues the history it cut back.
      const marker = (await other.queuedWork([ID])).messages.find((queued) => queued.event.EventType === 'ExecutionRewound')!;
      await other.commit([{ op: 'ack', messageId: marker.id }, { op: 'appendHistory', instanceId: ID, firstEventId: 4, events: theirTurn }]);
    };
    const client = createClient({ store: pausedAfterFirstHistoryRead(mine, interleave) });

    await assert.rejects(client.rewind(ID, 'mine'), InstanceNotFailedError);

    const history = await mine.getHistory(ID);
    assert.deepEqual(history.map((event) => event.EventType).slice(4), theirTurn.map((event) => event.EventType), 'the turn after the other rewind is kept');
    assert.equal(history.length, 7);
    const queued = await mine.queuedWork([ID]);
    assert.deepEqual(queued.messages.map((message) => message.event.EventType), [], 'no second rewind marker');
    assert.deepEqual(queued.activities.map((item) => item.name), ['Charge'], 'the failed activity is queued once');
    assert.equal((await mine.getInstance(ID))?.status, 'Running');
  });

  it('leaves the failed work a rewind from a process that runs no worker queues to the processes that do, at once', async () => {
    const url = await freshDatabase();
    const app = new DurableApp();
    app.activity('Charge', (amount: number) => `charged ${amount}`);
    app.orchestration('Checkout', async (ctx, amount: number) => ctx.callActivity('Charge', amount));
    // The default lease (30 s): work the client's process held would wait for it to run out.
    const runtime = await createRuntime({ app, store: url });
    const client = await openStoreAt(url);
    stores.push(client);
    await client.commit(failedInstance());

    await createClient({ store: client }).rewind(ID, 'card fixed');
    const status = await runtime.client.waitForCompletion(ID, { timeoutMs: 10_000 }).finally(() => runtime.close());
    assert.deepEqual([status.runtimeStatus, status.output], ['Completed', 'charged 1']);
  });
});
