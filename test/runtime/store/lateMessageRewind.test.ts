/**
 * A worker drops the late messages of a finished instance (a result that comes after the instance failed). On a
 * store several processes share, another process may rewind that instance between the worker's read of its status
 * and the drop: the rewind counts on what is queued (a queued result means its work need not run again), so the
 * drop must not apply once the instance is running again, and the rewound instance must get the message, once.
 */
import * as assert from 'node:assert/strict';
import type { HistoryEvent } from '../../../runtime/src/api/types';
import { createClient } from '../../../runtime/src/client/client';
import { createRuntime, DurableApp, type DurableRuntime } from '../../../runtime/src/index';
import { openStoreAt } from '../../../runtime/src/store/open';
import type { DurableStore, StoreChange } from '../../../runtime/src/store/types';
import { freshDatabase } from '../helpers/postgres';

const ID = 'order-1';

function events(firstEventId: number, bodies: Partial<HistoryEvent>[]): HistoryEvent[] {
  return bodies.map((body, index) => ({ EventId: firstEventId + index, Timestamp: new Date(0).toISOString(), ...body }) as HistoryEvent);
}

/** Checkout charged and shipped at once; the charge failed, which failed it, while the shipment still ran. */
function failedWhileShipping(): StoreChange[] {
  const history = events(0, [
    { EventType: 'OrchestratorStarted' },
    { EventType: 'ExecutionStarted', Name: 'Checkout', Input: '1' },
    { EventType: 'TaskScheduled', Name: 'Charge', TaskId: 0, Input: '1' },
    { EventType: 'TaskScheduled', Name: 'Ship', TaskId: 1, Input: '1' },
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

/** The store, with `between` run once the worker has read the instance as Failed and before it gets the answer. */
function pausedAfterFailedRead(store: DurableStore, between: () => Promise<void>): DurableStore {
  let armed = true;
  return new Proxy(store, {
    get(target, key) {
      if (key === 'getInstance') {
        return async (instanceId: string) => {
          const row = await target.getInstance(instanceId);
          if (armed && instanceId === ID && row?.status === 'Failed') {
            armed = false;
            await between();
          }
          return row;
        };
      }
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('PostgreSQL: a late message for a Failed instance, against a rewind in another process', function () {
  this.timeout(60_000);
  const stores: DurableStore[] = [];
  let runtime: DurableRuntime | undefined;
  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
    for (const store of stores.splice(0)) await store.close();
  });

  it('is not dropped once the rewind committed: the rewound instance gets it once and completes, without shipping again', async () => {
    const url = await freshDatabase();
    const [mine, other] = [await openStoreAt(url), await openStoreAt(url)];
    stores.push(mine, other);
    await other.commit(failedWhileShipping());

    const ran: string[] = [];
    const app = new DurableApp();
    app.activity('Charge', (n: number) => (ran.push('Charge'), `charged ${n}`));
    app.activity('Ship', (n: number) => (ran.push('Ship'), `shipped ${n}`));
    app.orchestration('Checkout', async (ctx, n: number) => ctx.all([ctx.callActivity('Charge', n), ctx.callActivity('Ship', n)]));

    let rewound!: () => void;
    const rewoundBeforeTheDrop = new Promise<void>((resolve) => (rewound = resolve));
    const rewind = async () => {
      await createClient({ store: other }).rewind(ID, 'card fixed');
      rewound();
    };
    runtime = await createRuntime({ app, store: pausedAfterFailedRead(mine, rewind) });
    // The shipment's result, late: its instance failed meanwhile.
    await other.commit([{ op: 'enqueue', message: { id: other.allocateId(), instanceId: ID, generation: 0, visibleAt: 0, event: { EventType: 'TaskCompleted', TaskScheduledId: 1, Name: 'Ship', Result: '"shipped 1"', Timestamp: new Date().toISOString() } } }]);

    await rewoundBeforeTheDrop;
    const status = await runtime.client.waitForCompletion(ID, { timeoutMs: 10_000 });
    assert.equal(status.runtimeStatus, 'Completed', `the rewound instance got the late result (${status.runtimeStatus})`);
    assert.deepEqual(status.output, ['charged 1', 'shipped 1']);
    assert.deepEqual(ran, ['Charge'], 'the shipment, whose result was queued, is not run again');
    const history = await mine.getHistory(ID);
    assert.equal(history.filter((event) => event.EventType === 'TaskCompleted' && event.TaskScheduledId === 1).length, 1, 'the result is delivered once');
    assert.deepEqual(history.map((event) => event.EventId), history.map((_, index) => index));
    assert.deepEqual(await mine.queuedWork([ID]), { messages: [], activities: [] }, 'nothing left queued');
  });
});
