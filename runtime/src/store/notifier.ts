import type { ActivityWorkItem, Message, StoreChange, StoreListener } from './types';

/** Tells in-process listeners what a commit changed: workers pick up work, clients see status changes. */
export class StoreNotifier {
  private readonly listeners = new Set<StoreListener>();

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(changes: readonly StoreChange[]): void {
    if (this.listeners.size === 0) return;
    const messages: Message[] = [];
    const activities: ActivityWorkItem[] = [];
    const updated = new Set<string>();
    for (const change of changes) {
      if (change.op === 'enqueue') messages.push(change.message);
      else if (change.op === 'addActivity') activities.push(change.item);
      else if (change.op === 'createInstance') updated.add(change.row.instanceId);
      else if (change.op === 'updateInstance' || change.op === 'purge') updated.add(change.instanceId);
    }
    for (const listener of this.listeners) {
      if (messages.length) listener.messagesEnqueued?.(messages);
      if (activities.length) listener.activitiesAdded?.(activities);
      for (const instanceId of updated) listener.instanceUpdated?.(instanceId);
    }
  }
}
