import type { StoreChange } from './types';

/**
 * The net effect of a batch of changes. A message or activity that is added and removed within one batch
 * (an activity result consumed by the next turn before the batch was flushed) never reaches the database
 * or the journal: a batch is atomic, so nothing outside it could have seen the intermediate state.
 */
export function compactBatch(changes: readonly StoreChange[]): StoreChange[] {
  const addedMessages = new Map<number, number>();
  const addedActivities = new Map<number, number>();
  const dropped = new Set<number>();
  changes.forEach((change, index) => {
    if (change.op === 'enqueue') addedMessages.set(change.message.id, index);
    else if (change.op === 'addActivity') addedActivities.set(change.item.id, index);
    else if (change.op === 'ack') cancel(addedMessages, change.messageId, index);
    else if (change.op === 'removeActivity') cancel(addedActivities, change.activityId, index);
  });
  if (dropped.size === 0) return changes as StoreChange[];
  return changes.filter((_, index) => !dropped.has(index));

  function cancel(added: Map<number, number>, id: number, removalIndex: number): void {
    const addIndex = added.get(id);
    if (addIndex === undefined) return;
    added.delete(id);
    dropped.add(addIndex);
    dropped.add(removalIndex);
  }
}
