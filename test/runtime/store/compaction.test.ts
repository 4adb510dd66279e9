import * as assert from 'node:assert/strict';
import { compactBatch } from '../../../runtime/src/store/compact';
import type { StoreChange } from '../../../runtime/src/store/types';
import { instanceChange } from './support/changes';

const update = (instanceId: string, fields: Extract<StoreChange, { op: 'updateInstance' }>['update']): StoreChange => ({ op: 'updateInstance', instanceId, update: fields });

describe('batch compaction', () => {
  it('folds successive updates of an instance into one, later fields winning, keeping every field set', () => {
    const net = compactBatch([update('i1', { status: 'Running', customStatus: '"a"' }), update('i2', { status: 'Running' }), update('i1', { customStatus: '"b"', updatedAt: 5 })]);
    assert.deepEqual(net, [update('i2', { status: 'Running' }), update('i1', { status: 'Running', customStatus: '"b"', updatedAt: 5 })]);
  });

  it('does not fold an update into one made before the instance was created anew or purged', () => {
    const created = instanceChange(1);
    const changes = [update('i1', { status: 'Completed' }), created, update('i1', { status: 'Running' }), { op: 'purge', instanceId: 'i1' } as StoreChange, update('i1', { status: 'Failed' })];
    assert.deepEqual(compactBatch(changes), changes);
  });
});
