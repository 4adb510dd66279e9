import * as assert from 'node:assert/strict';
import { compactBatch } from '../../../runtime/src/store/compact';
import type { StoreChange } from '../../../runtime/src/store/types';
import { instanceChange } from './support/changes';

const update = (instanceId: string, fields: Extract<StoreChange, { op: 'updateInstance' }>['update']): StoreChange => ({ op: 'updateInstance', instanceId, update: fields });
const append = (instanceId: string, firstEventId: number, count: number): StoreChange => ({
  op: 'appendHistory',
  instanceId,
  firstEventId,
  events: Array.from({ length: count }, (_, i) => ({ EventType: 'TaskCompleted', Timestamp: '2026-01-01T00:00:00.000Z', EventId: firstEventId + i })),
});
const purge = (instanceId: string): StoreChange => ({ op: 'purge', instanceId });
const clearHistory = (instanceId: string): StoreChange => ({ op: 'clearHistory', instanceId });

describe('batch compaction', () => {
  it('folds successive updates of an instance into one, later fields winning, keeping every field set', () => {
    const net = compactBatch([update('i1', { status: 'Running', customStatus: '"a"' }), update('i2', { status: 'Running' }), update('i1', { customStatus: '"b"', updatedAt: 5 })]);
    assert.deepEqual(net, [update('i1', { status: 'Running', customStatus: '"b"', updatedAt: 5 }), update('i2', { status: 'Running' })]);
  });

  it('folds updates into the creation of the instance in the same batch', () => {
    const created = instanceChange(1) as Extract<StoreChange, { op: 'createInstance' }>;
    const net = compactBatch([created, update('i1', { status: 'Running', updatedAt: 7 }), update('i1', { status: 'Completed', output: '"done"' })]);
    assert.deepEqual(net, [{ op: 'createInstance', row: { ...created.row, status: 'Completed', updatedAt: 7, output: '"done"' } }]);
  });

  it('does not fold an update into one made before the instance was purged, nor a creation into an earlier update', () => {
    const changes = [update('i1', { status: 'Completed' }), instanceChange(1), purge('i1'), update('i1', { status: 'Failed' })];
    assert.deepEqual(compactBatch(changes), changes);
  });

  it('joins turns that follow on in one instance history into one append, in event order', () => {
    const net = compactBatch([append('i1', 0, 4), append('i2', 0, 2), append('i1', 4, 3), append('i1', 7, 1)]);
    assert.deepEqual(net, [{ ...append('i1', 0, 8) }, append('i2', 0, 2)]);
  });

  it('keeps appends apart across a cleared history (continue-as-new) or a gap in event numbers', () => {
    const acrossClear = [append('i1', 0, 4), clearHistory('i1'), append('i1', 0, 2)];
    assert.deepEqual(compactBatch(acrossClear), acrossClear);
    const withGap = [append('i1', 0, 4), append('i1', 6, 2)];
    assert.deepEqual(compactBatch(withGap), withGap);
    const afterPurge = [append('i1', 0, 4), purge('i1'), append('i1', 4, 2)];
    assert.deepEqual(compactBatch(afterPurge), afterPurge);
  });

  it('still joins the turns before a clear, and leaves the changes it was given as they were', () => {
    const changes = [append('i1', 0, 2), append('i1', 2, 2), clearHistory('i1'), append('i1', 0, 1), append('i1', 1, 1)];
    const before = structuredClone(changes);
    assert.deepEqual(compactBatch(changes), [append('i1', 0, 4), clearHistory('i1'), append('i1', 0, 2)]);
    assert.deepEqual(changes, before, 'the journal and the database read the same change objects');
  });
});
