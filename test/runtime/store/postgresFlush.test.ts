/**
 * `flush` waits for commits to be durable, not for reads: a worker's fetch that waits on a row another transaction
 * locks must not hold up a client waiting for its command to be durable (every `waitForCompletion` flushes).
 */
import * as assert from 'node:assert/strict';
import pg from 'pg';
import { openStoreAt } from '../../../runtime/src/store/open';
import type { InstanceRow } from '../../../runtime/src/store/types';
import { freshDatabase } from '../helpers/postgres';

function row(instanceId: string): InstanceRow {
  return { instanceId, name: 'Orders', status: 'Running', input: undefined, output: undefined, customStatus: undefined, createdAt: 0, updatedAt: 0, generation: 0, parent: undefined, version: '' };
}

describe('PostgreSQL store: flush', function () {
  this.timeout(30_000);

  it('resolves while a fetch of work still waits on a lock, once every commit is durable', async () => {
    const url = await freshDatabase();
    const store = await openStoreAt(url);
    const locker = new pg.Client({ connectionString: url });
    await locker.connect();
    try {
      const message = { id: store.allocateId(), instanceId: 'a', generation: 0, visibleAt: 0, event: { EventType: 'EventRaised' as const, Name: 'Go', Timestamp: new Date(0).toISOString() } };
      await store.commit([
        { op: 'createInstance', row: row('a') },
        { op: 'enqueue', message },
      ]);
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM durable_messages WHERE id = $1 FOR UPDATE', [message.id]);
      let fetched = false;
      const fetch = store.fetchWork().then((work) => ((fetched = true), work));
      // Another instance's: one of 'a' would wait for the fetch, which holds 'a' while it waits.
      const committed = store.commit([{ op: 'createInstance', row: row('b') }]);
      await store.flush();
      await committed;
      assert.equal(fetched, false, 'the fetch still waits for the lock');
      await locker.query('COMMIT');
      assert.deepEqual((await fetch).messages.map((queued) => queued.id), [message.id]);
    } finally {
      await locker.end();
      await store.close();
    }
  });
});
