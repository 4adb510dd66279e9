/**
 * A worker drops the late messages of a finished instance (a result that comes after the instance failed). On a
 * store several processes share, another process may rewind that instance between the worker's read of its status
 * and the drop: the rewind counts on what is queued (a queued result means its work need not run again), so the
 * drop must not apply once the instance is running again, and the rewound instance must get the message, once.
 */
import * as assert from 'node:assert/strict';
import { createClient } from '../../../runtime/src/client/client';
import { createRuntime, DurableApp, type DurableRuntime } from '../../../runtime/src/index';
import { openStoreAt } from '../../../runtime/src/store/open';
import type { DurableStore } from '../../../runtime/src/store/types';
import { freshDatabase } from '../helpers/postgres';
import { CHECKOUT_ID, failedCheckout } from './support/failedCheckout';

/** The store, with `between` run once the worker has read the instance as Failed and before it gets the answer. */
function pausedAfterFailedRead(store: DurableStore, between: () => Promise<void>): DurableStore {
  let armed = true;
  return new Proxy(store, {
    get(target, key) {
      if (key === 'getInstance') {
        return async (instanceId: string) => {
          const row = await target.getInstance(instanceId);
          if (armed && instanceId === CHECKOUT_ID && row?.status === 'Failed') {
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
    await other.commit(failedCheckout(['Charge', 'Ship']));

    const ran: string[] = [];
    const app = new DurableApp();
    app.activity('Charge', (n: number) => (ran.push('Charge'), `charged ${n}`));
    app.activity('Ship', (n: number) => (ran.push('Ship'), `shipped ${n}`));
    app.orchestration('Checkout', async (ctx, n: number) => ctx.all([ctx.callActivity('Charge', n), ctx.callActivity('Ship', n)]));

    let rewound!: () => void;
    const rewoundBeforeTheDrop = new Promise<void>((resolve) => (rewound = resolve));
    const rewind = async () => {
      await createClient({ store: other }).rewind(CHECKOUT_ID, 'card fixed');
      rewound();
    };
    runtime = await createRuntime({ app, store: pausedAfterFailedRead(mine, rewind) });
    // The shipment's result, late: its instance failed meanwhile.
    await other.commit([{ op: 'enqueue', message: { id: other.allocateId(), instanceId: CHECKOUT_ID, generation: 0, visibleAt: 0, event: { EventType: 'TaskCompleted', TaskScheduledId: 1, Name: 'Ship', Result: '"shipped 1"', Timestamp: new Date().toISOString() } } }]);

    await rewoundBeforeTheDrop;
    const status = await runtime.client.waitForCompletion(CHECKOUT_ID, { timeoutMs: 10_000 });
    assert.equal(status.runtimeStatus, 'Completed', `the rewound instance got the late result (${status.runtimeStatus})`);
    assert.deepEqual(status.output, ['charged 1', 'shipped 1']);
    assert.deepEqual(ran, ['Charge'], 'the shipment, whose result was queued, is not run again');
    const history = await mine.getHistory(CHECKOUT_ID);
    assert.equal(history.filter((event) => event.EventType === 'TaskCompleted' && event.TaskScheduledId === 1).length, 1, 'the result is delivered once');
    assert.deepEqual(history.map((event) => event.EventId), history.map((_, index) => index));
    assert.deepEqual(await mine.queuedWork([CHECKOUT_ID]), { messages: [], activities: [] }, 'nothing left queued');
  });
});
