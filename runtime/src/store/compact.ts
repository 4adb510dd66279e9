import type { HistoryEvent } from '../api/types';
import type { InstanceUpdate, StoreChange } from './types';

/**
 * The net effect of a batch of changes. A message or activity that is added and removed within one batch
 * (an activity result consumed by the next turn before the batch was flushed) never reaches the database
 * or the journal, an instance's successive updates fold into one (or into the batch's creation of it), and
 * successive turns' history of one instance becomes one row: a batch is atomic, so nothing outside it could have
 * seen the intermediate states.
 */
export function compactBatch(changes: readonly StoreChange[]): StoreChange[] {
  // The net batch, built in place: a dropped change becomes undefined, a merged one is replaced where it stands.
  const net: (StoreChange | undefined)[] = changes.slice();
  let droppedAny = false;
  const addedMessages = new Map<number, number>();
  const addedActivities = new Map<number, number>();
  /** The batch's latest create or update of each instance's row, which a following update folds into. */
  const lastRowChange = new Map<string, number>();
  const openHistory = new Map<string, HistoryRun>();
  const joinedHistory: HistoryRun[] = [];
  for (let index = 0; index < changes.length; index++) {
    const change = changes[index];
    switch (change.op) {
      case 'enqueue':
        addedMessages.set(change.message.id, index);
        break;
      case 'addActivity':
        addedActivities.set(change.item.id, index);
        break;
      case 'ack':
        cancel(addedMessages, change.messageId, index);
        break;
      case 'removeActivity':
        cancel(addedActivities, change.activityId, index);
        break;
      case 'updateInstance':
        foldUpdate(change.instanceId, change.update, index);
        break;
      case 'appendHistory':
        extendHistory(change, index);
        break;
      case 'createInstance':
        lastRowChange.set(change.row.instanceId, index);
        openHistory.delete(change.row.instanceId);
        break;
      case 'clearHistory':
        openHistory.delete(change.instanceId);
        break;
      case 'purge':
        lastRowChange.delete(change.instanceId);
        openHistory.delete(change.instanceId);
        break;
    }
  }
  for (const run of joinedHistory) {
    net[run.index] = { op: 'appendHistory', instanceId: run.instanceId, firstEventId: run.firstEventId, events: run.parts.flat() };
  }
  return droppedAny ? (net.filter((change) => change !== undefined) as StoreChange[]) : (changes as StoreChange[]);

  function drop(index: number): void {
    net[index] = undefined;
    droppedAny = true;
  }

  function cancel(added: Map<number, number>, id: number, removalIndex: number): void {
    const addIndex = added.get(id);
    if (addIndex === undefined) return;
    added.delete(id);
    drop(addIndex);
    drop(removalIndex);
  }

  /** Fold an update into the instance's earlier create or update in this batch (with no purge between), which keeps its place. */
  function foldUpdate(instanceId: string, update: InstanceUpdate, index: number): void {
    const earlier = lastRowChange.get(instanceId);
    if (earlier === undefined) {
      lastRowChange.set(instanceId, index);
      return;
    }
    const earlierChange = net[earlier] as RowChange;
    net[earlier] =
      earlierChange.op === 'createInstance'
        ? { op: 'createInstance', row: { ...earlierChange.row, ...update } }
        : { op: 'updateInstance', instanceId, update: { ...earlierChange.update, ...update } };
    drop(index);
  }

  /** Join a turn's events to the instance's previous append when they follow on from it (no clear, create or purge between). */
  function extendHistory(change: Extract<StoreChange, { op: 'appendHistory' }>, index: number): void {
    const run = openHistory.get(change.instanceId);
    if (run && run.nextEventId === change.firstEventId) {
      if (run.parts.length === 1) joinedHistory.push(run);
      run.parts.push(change.events);
      run.nextEventId += change.events.length;
      drop(index);
      return;
    }
    openHistory.set(change.instanceId, { instanceId: change.instanceId, index, firstEventId: change.firstEventId, nextEventId: change.firstEventId + change.events.length, parts: [change.events] });
  }
}

type RowChange = Extract<StoreChange, { op: 'createInstance' | 'updateInstance' }>;

/** Successive appends to one instance's history within a batch, to be written as one. */
interface HistoryRun {
  instanceId: string;
  /** Where the first append of the run was; the joined append takes its place. */
  index: number;
  firstEventId: number;
  nextEventId: number;
  parts: HistoryEvent[][];
}
