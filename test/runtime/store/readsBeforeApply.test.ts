import * as assert from 'node:assert/strict';
import { openStore } from '../../../runtime/src/store/open';
import type { HistoryEvent } from '../../../runtime/src/api/types';
import type { InstanceRow, StoreChange } from '../../../runtime/src/store/types';
import { instanceChange } from './support/changes';

const update = (instanceId: string, fields: Extract<StoreChange, { op: 'updateInstance' }>['update']): StoreChange => ({ op: 'updateInstance', instanceId, update: fields });
const appendTurn = (instanceId: string, firstEventId: number, types: string[]): StoreChange => ({
  op: 'appendHistory',
  instanceId,
  firstEventId,
  events: types.map((EventType, i) => ({ EventType: EventType as HistoryEvent['EventType'], Timestamp: '2026-01-01T00:00:00.000Z', EventId: firstEventId + i })),
});

/**
 * The database lags commits until something needs it or commits pause; reads must not notice. Each case reads an instance
 * while its changes are pending, then forces them into the database (listing does) and reads again.
 */
describe('store reads before changes reach the database', () => {
  async function readBothWays(changes: StoreChange[][], instanceId = 'i1'): Promise<{ pending: InstanceRow | undefined; applied: InstanceRow | undefined }> {
    const store = await openStore();
    try {
      for (const commit of changes) await store.commit(commit);
      const pending = (await store.getInstance(instanceId));
      await store.listInstances();
      return { pending, applied: (await store.getInstance(instanceId)) };
    } finally {
      await store.close();
    }
  }

  it('brings the database up to date by itself once commits stop, so a later query does not wait', async () => {
    const store = await openStore();
    try {
      const waiting = () => (store as unknown as { pending: unknown[] }).pending.length;
      await store.commit([instanceChange(1)]);
      assert.ok(waiting() > 0, 'precondition: the commit waits for the database');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(waiting(), 0);
      assert.equal((await store.getInstance('i1'))?.name, 'Written');
    } finally {
      await store.close();
    }
  });

  it('sees a created and updated instance as the database will hold it', async () => {
    const { pending, applied } = await readBothWays([[instanceChange(1)], [update('i1', { status: 'Completed', output: '"done"', updatedAt: 9 })]]);
    assert.equal(pending?.status, 'Completed');
    assert.equal(pending?.output, '"done"');
    assert.deepEqual(pending, applied);
  });

  it('combines updates with a row the database already holds', async () => {
    const store = await openStore();
    try {
      await store.commit([instanceChange(1)]);
      await store.listInstances();
      await store.commit([update('i1', { status: 'Running', customStatus: '"half"' })]);
      await store.commit([update('i1', { customStatus: undefined, updatedAt: 3 })]);
      const pending = (await store.getInstance('i1'));
      assert.equal(pending?.status, 'Running');
      assert.equal(pending?.customStatus, undefined, 'a field set to nothing is cleared, as in the database');
      await store.listInstances();
      assert.deepEqual(pending, (await store.getInstance('i1')));
    } finally {
      await store.close();
    }
  });

  it('sees a purged instance as gone, and an update after the purge changes nothing', async () => {
    const { pending, applied } = await readBothWays([[instanceChange(1)], [{ op: 'purge', instanceId: 'i1' }], [update('i1', { status: 'Running' })]]);
    assert.equal(pending, undefined);
    assert.equal(applied, undefined);
  });

  it('does not invent an instance that only an update mentions', async () => {
    const { pending, applied } = await readBothWays([[update('ghost', { status: 'Running' })]], 'ghost');
    assert.equal(pending, undefined);
    assert.equal(applied, undefined);
  });

  it('returns history written as joined turns in event order, across a continue-as-new', async () => {
    const store = await openStore();
    try {
      store.commit([instanceChange(1), appendTurn('i1', 0, ['OrchestratorStarted', 'ExecutionStarted', 'OrchestratorCompleted'])]);
      store.commit([appendTurn('i1', 3, ['OrchestratorStarted', 'ContinueAsNew', 'OrchestratorCompleted']), { op: 'clearHistory', instanceId: 'i1' }]);
      store.commit([appendTurn('i1', 0, ['OrchestratorStarted', 'ExecutionStarted'])]);
      await store.commit([appendTurn('i1', 2, ['OrchestratorCompleted'])]);
      const pending = (await store.getHistory('i1'));
      assert.deepEqual(
        pending.map((event) => `${event.EventId} ${event.EventType}`),
        ['0 OrchestratorStarted', '1 ExecutionStarted', '2 OrchestratorCompleted'],
      );
      await store.listInstances();
      assert.deepEqual((await store.getHistory('i1')), pending);
    } finally {
      await store.close();
    }
  });

  it('adds pending turns to the history the database holds, and forgets a purged one', async () => {
    const store = await openStore();
    try {
      await store.commit([instanceChange(1), appendTurn('i1', 0, ['OrchestratorStarted', 'ExecutionStarted']), instanceChange(2), appendTurn('i2', 0, ['OrchestratorStarted'])]);
      await store.listInstances();
      await store.commit([appendTurn('i1', 2, ['OrchestratorCompleted']), appendTurn('i1', 3, ['OrchestratorStarted'])]);
      await store.commit([{ op: 'purge', instanceId: 'i2' }]);
      const pending = { i1: (await store.getHistory('i1')), i2: (await store.getHistory('i2')) };
      assert.deepEqual(pending.i1.map((event) => event.EventId), [0, 1, 2, 3]);
      assert.deepEqual(pending.i2, []);
      await store.listInstances();
      assert.deepEqual({ i1: (await store.getHistory('i1')), i2: (await store.getHistory('i2')) }, pending);
    } finally {
      await store.close();
    }
  });
});
