import * as assert from 'node:assert/strict';
import type { HistoryEvent } from '../../../runtime/src/api/types';
import { openStore } from '../../../runtime/src/store/open';
import type { DurableStore, StoreChange } from '../../../runtime/src/store/types';
import { instanceChange } from './support/changes';
import { readJournal } from './support/journalFile';
import { crashImage, trackedStoreFiles } from './support/storeFiles';

/** Events whose text is not ASCII, so a byte count mistaken for a character count shows. */
function events(firstEventId: number, count: number, label: string): HistoryEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    EventType: 'EventRaised',
    Name: `ünïcødé ✓ 😀 ${label}`,
    Input: JSON.stringify({ label, quote: 'a "quoted" \\ value' }),
    Timestamp: new Date(0).toISOString(),
    EventId: firstEventId + i,
  }));
}

const append = (instanceId: string, firstEventId: number, count: number, label: string): StoreChange => ({
  op: 'appendHistory',
  instanceId,
  firstEventId,
  events: events(firstEventId, count, label),
});

/** What a store holds, as a user would read it back. */
async function contents(store: DurableStore, ids: string[]) {
  return {
    instances: await Promise.all(ids.map(async (id) => (await store.getInstance(id)) ?? null)),
    histories: await Promise.all(ids.map((id) => store.getHistory(id))),
    work: await store.queuedWork(ids),
  };
}

describe('store recovery replays journal records over the snapshot', function () {
  this.timeout(20_000);
  const files = trackedStoreFiles();
  afterEach(files.removeAll);

  it('to exactly what the store held: joined history, cleared and purged histories, re-created instances, queued work', async () => {
    const live = files('replay-live');
    const ids = ['i1', 'i2', 'i3', 'i4'];
    // In the snapshot: three instances with some history each.
    const first = await openStore({ path: live.store });
    await first.commit([instanceChange(1), instanceChange(2), instanceChange(3), append('i1', 0, 2, 'snap'), append('i2', 0, 3, 'snap'), append('i3', 0, 1, 'snap')]);
    await first.close();

    const store = await openStore({ path: live.store, snapshotAfterBytes: Number.MAX_SAFE_INTEGER });
    try {
      // Each awaited commit is a record of its own.
      await store.commit([append('i1', 2, 3, 'turn 1')]);
      await store.commit([append('i1', 5, 1, 'turn 2'), { op: 'updateInstance', instanceId: 'i1', update: { status: 'Completed', output: '"é"' } }]);
      await store.commit([append('i1', 6, 0, 'empty turn'), append('i1', 6, 2, 'turn 3')]);
      // Continue-as-new: the history restarts from event 0.
      await store.commit([{ op: 'clearHistory', instanceId: 'i2' }, append('i2', 0, 2, 'new generation')]);
      // Purged, then started again under the same id.
      await store.commit([append('i3', 1, 2, 'before purge')]);
      await store.commit([{ op: 'purge', instanceId: 'i3' }]);
      await store.commit([instanceChange(3), append('i3', 0, 1, 'after purge')]);
      // Created and given history only in the journal; a gap in its event numbers keeps the appends apart.
      await store.commit([instanceChange(4), append('i4', 0, 2, 'journal only')]);
      await store.commit([append('i4', 5, 1, 'after a gap')]);
      // Work that comes and goes, and work still waiting.
      const item = { id: store.allocateId(), instanceId: 'i4', generation: 0, taskId: 1, name: 'Step', input: '"ü"' };
      await store.commit([{ op: 'addActivity', item }]);
      await store.commit([{ op: 'removeActivity', activityId: item.id }, { op: 'addActivity', item: { ...item, id: store.allocateId(), taskId: 2 } }]);
      await store.commit([{ op: 'enqueue', message: { id: store.allocateId(), instanceId: 'i1', generation: 0, visibleAt: 0, event: { EventType: 'EventRaised', Name: 'Go', Timestamp: new Date(0).toISOString() } } }]);
      assert.ok(readJournal(live.journal).length >= 12, 'precondition: the commits are separate journal records');

      const expected = await contents(store, ids);
      assert.equal(expected.histories[0].length, 8, 'precondition: i1 holds its snapshot and journal events');
      const image = files.track(crashImage(live, 'replay-image'));
      const recovered = await openStore({ path: image.store, readOnly: true });
      try {
        assert.deepEqual(await contents(recovered, ids), expected);
      } finally {
        await recovered.close();
      }
    } finally {
      await store.close();
    }
  });
});
