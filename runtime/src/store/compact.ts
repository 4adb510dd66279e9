import type { InstanceUpdate, StoreChange } from './types';

/**
 * The net effect of a batch of changes. A message or activity that is added and removed within one batch
 * (an activity result consumed by the next turn before the batch was flushed) never reaches the database
 * or the journal, and successive updates of one instance become one: a batch is atomic, so nothing outside it
 * could have seen the intermediate states.
 */
export function compactBatch(changes: readonly StoreChange[]): StoreChange[] {
  const addedMessages = new Map<number, number>();
  const addedActivities = new Map<number, number>();
  const lastUpdate = new Map<string, number>();
  const merged = new Map<number, StoreChange>();
  const dropped = new Set<number>();
  changes.forEach((change, index) => {
    if (change.op === 'enqueue') addedMessages.set(change.message.id, index);
    else if (change.op === 'addActivity') addedActivities.set(change.item.id, index);
    else if (change.op === 'ack') cancel(addedMessages, change.messageId, index);
    else if (change.op === 'removeActivity') cancel(addedActivities, change.activityId, index);
    else if (change.op === 'updateInstance') mergeUpdate(change.instanceId, change.update, index);
    else if (change.op === 'createInstance') lastUpdate.delete(change.row.instanceId);
    else if (change.op === 'purge') lastUpdate.delete(change.instanceId);
  });
  if (dropped.size === 0) return changes as StoreChange[];
  return changes.flatMap((change, index) => (dropped.has(index) ? [] : [merged.get(index) ?? change]));

  function cancel(added: Map<number, number>, id: number, removalIndex: number): void {
    const addIndex = added.get(id);
    if (addIndex === undefined) return;
    added.delete(id);
    dropped.add(addIndex);
    dropped.add(removalIndex);
  }

  /** Fold an earlier update of the same instance (with no create or purge between) into this one. */
  function mergeUpdate(instanceId: string, update: InstanceUpdate, index: number): void {
    const earlier = lastUpdate.get(instanceId);
    lastUpdate.set(instanceId, index);
    if (earlier === undefined) return;
    const earlierChange = (merged.get(earlier) ?? changes[earlier]) as Extract<StoreChange, { op: 'updateInstance' }>;
    dropped.add(earlier);
    merged.delete(earlier);
    merged.set(index, { op: 'updateInstance', instanceId, update: { ...earlierChange.update, ...update } });
  }
}
