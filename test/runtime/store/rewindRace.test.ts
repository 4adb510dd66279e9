/**
 * A rewind reads an instance (its row, history and queued work) and then commits what it computed. On a store
 * several processes share, what another process commits in between (its own rewind, and the turn that follows it)
 * must not be overwritten: the rewind's commit is refused whole, and the rewind decides again from what is stored.
 */
import * as assert from 'node:assert/strict';
import { InstanceNotFailedError } from '../../../runtime/src/api/errors';
import { createClient } from '../../../runtime/src/client/client';
import { createRuntime, DurableApp } from '../../../runtime/src/index';
import { openStoreAt } from '../../../runtime/src/store/open';
import type { DurableStore } from '../../../runtime/src/store/types';
import { freshDatabase } from '../helpers/postgres';
import { CHECKOUT_ID, events, failedCheckout } from './support/failedCheckout';

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
    await other.commit(failedCheckout(['Charge']));

    const theirTurn = events(4, [{ EventType: 'OrchestratorStarted' }, { EventType: 'ExecutionRewound' }, { EventType: 'OrchestratorCompleted' }]);
    const interleave = async () => {
      await createClient({ store: other }).rewind(CHECKOUT_ID, 'theirs');
      // The turn a worker then runs: it consumes the rewind's marker and continues the history it cut back.
      const marker = (await other.queuedWork([CHECKOUT_ID])).messages.find((queued) => queued.event.EventType === 'ExecutionRewound')!;
      await other.commit([{ op: 'ack', messageId: marker.id }, { op: 'appendHistory', instanceId: CHECKOUT_ID, firstEventId: 4, events: theirTurn }]);
    };
    const client = createClient({ store: pausedAfterFirstHistoryRead(mine, interleave) });

    await assert.rejects(client.rewind(CHECKOUT_ID, 'mine'), InstanceNotFailedError);

    const history = await mine.getHistory(CHECKOUT_ID);
    assert.deepEqual(history.map((event) => event.EventType).slice(4), theirTurn.map((event) => event.EventType), 'the turn after the other rewind is kept');
    assert.equal(history.length, 7);
    const queued = await mine.queuedWork([CHECKOUT_ID]);
    assert.deepEqual(queued.messages.map((message) => message.event.EventType), [], 'no second rewind marker');
    assert.deepEqual(queued.activities.map((item) => item.name), ['Charge'], 'the failed activity is queued once');
    assert.equal((await mine.getInstance(CHECKOUT_ID))?.status, 'Running');
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
    await client.commit(failedCheckout(['Charge']));

    await createClient({ store: client }).rewind(CHECKOUT_ID, 'card fixed');
    const status = await runtime.client.waitForCompletion(CHECKOUT_ID, { timeoutMs: 10_000 }).finally(() => runtime.close());
    assert.deepEqual([status.runtimeStatus, status.output], ['Completed', 'charged 1']);
  });
});
