import * as assert from 'node:assert/strict';
import { openStore } from '../../../runtime/src/store/open';
import type { StoreChange } from '../../../runtime/src/store/types';
import { instanceChange } from './support/changes';
import { readJournal, readJournalSoFar, type DiskRecord } from './support/journalFile';
import { freshStoreFiles, type StoreFiles } from './support/storeFiles';

/** The instance ids whose creation is in the journal on disk. */
function journaledInstances(records: DiskRecord[]): Set<string> {
  return new Set(records.flatMap((record) => record.changes.flatMap((change) => (change.op === 'createInstance' ? [change.row.instanceId] : []))));
}

function enqueue(id: number): StoreChange {
  return {
    op: 'enqueue',
    message: { id, instanceId: 'i1', generation: 0, visibleAt: Date.now(), event: { EventType: 'TaskCompleted', Timestamp: new Date().toISOString(), TaskScheduledId: 0, Result: '1' } },
  };
}

/** Every message or activity id the journal mentions, added or removed. */
function journaledWorkIds(records: DiskRecord[]): number[] {
  return records.flatMap((record) =>
    record.changes.flatMap((change) => {
      if (change.op === 'enqueue') return [change.message.id];
      if (change.op === 'ack') return [change.messageId];
      if (change.op === 'addActivity') return [change.item.id];
      if (change.op === 'removeActivity') return [change.activityId];
      return [];
    }),
  );
}

describe('store group commit', function () {
  this.timeout(20_000);
  let files: StoreFiles;
  beforeEach(() => (files = freshStoreFiles('group-commit')));
  afterEach(() => files.remove());

  it('makes a burst of concurrent commits durable with fewer journal records than commits', async () => {
    const store = await openStore({ path: files.store });
    try {
      const commits = Array.from({ length: 100 }, (_, i) => store.commit([instanceChange(i + 1)]));
      await Promise.all(commits);
      const records = readJournal(files.journal);
      assert.ok(records.length < commits.length / 10, `${commits.length} commits took ${records.length} journal records`);
      assert.equal(journaledInstances(records).size, 100, 'every commit is on disk once its promise resolved');
    } finally {
      await store.close();
    }
  });

  it('batches commits that arrive while a record is being synced, and resolves each only once it is on disk', async () => {
    const store = await openStore({ path: files.store });
    try {
      const notOnDisk: string[] = [];
      const commits: Promise<void>[] = [];
      for (let i = 1; i <= 200; i++) {
        // One commit per event-loop turn, as activity results trickle in.
        await new Promise(setImmediate);
        const id = `i${i}`;
        // The next record may be half-written already: only intact records count.
        const onDisk = () => journaledInstances(readJournalSoFar(files.journal)).has(id);
        commits.push(store.commit([instanceChange(i)]).then(() => void (onDisk() || notOnDisk.push(id))));
      }
      await Promise.all(commits);
      assert.deepEqual(notOnDisk, [], 'commits resolved before their record was in the journal file');
      const records = readJournal(files.journal);
      assert.ok(records.length < commits.length, `${commits.length} commits took ${records.length} journal records`);
    } finally {
      await store.close();
    }
  });

  it('does not sync a lazy commit alone: it shares the record of the next commit someone waits for', async () => {
    const store = await openStore({ path: files.store });
    try {
      const lazy = store.commit([instanceChange(1)], { lazy: true });
      // By the next turn of the event loop an ordinary commit would already be on its way to the disk.
      await new Promise(setImmediate);
      await store.commit([instanceChange(2)]);
      await lazy;
      const records = readJournal(files.journal);
      assert.equal(records.length, 1, `${records.length} records`);
      assert.deepEqual([...journaledInstances(records)], ['i1', 'i2']);
    } finally {
      await store.close();
    }
  });

  it('syncs a lazy commit by itself when no other commit comes', async () => {
    const store = await openStore({ path: files.store });
    try {
      await store.commit([instanceChange(1)], { lazy: true });
      assert.deepEqual([...journaledInstances(readJournal(files.journal))], ['i1']);
    } finally {
      await store.close();
    }
  });

  it('keeps a message enqueued and acknowledged within one batch out of the journal', async () => {
    const store = await openStore({ path: files.store });
    try {
      await store.commit([instanceChange(1)]);
      const [passing, lasting, activity] = [store.allocateId(), store.allocateId(), store.allocateId()];
      const item = { id: activity, instanceId: 'i1', generation: 0, taskId: 0, name: 'Work', input: undefined };
      // Same tick, same batch: a result produced and consumed before the batch reached the disk.
      await Promise.all([
        store.commit([enqueue(passing), enqueue(lasting), { op: 'addActivity', item }]),
        store.commit([{ op: 'ack', messageId: passing }, { op: 'removeActivity', activityId: activity }]),
      ]);
      const ids = journaledWorkIds(readJournal(files.journal));
      assert.ok(ids.includes(lasting), 'precondition: the batch did reach the journal');
      assert.ok(!ids.includes(passing), 'the enqueued-and-acknowledged message was journaled');
      assert.ok(!ids.includes(activity), 'the added-and-removed activity was journaled');
      assert.deepEqual((await store.fetchWork()).messages.map((message) => message.id), [lasting]);
      assert.deepEqual((await store.fetchWork()).activities, []);
    } finally {
      await store.close();
    }
  });

  it('journals a message acknowledged in a later batch, since the first batch is already durable', async () => {
    const store = await openStore({ path: files.store });
    try {
      const id = store.allocateId();
      await store.commit([enqueue(id)]);
      await store.commit([{ op: 'ack', messageId: id }]);
      assert.deepEqual(journaledWorkIds(readJournal(files.journal)), [id, id]);
      assert.deepEqual((await store.fetchWork()).messages, []);
    } finally {
      await store.close();
    }
  });
});
