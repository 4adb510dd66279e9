import type { RuntimeStatus } from '../api/types';
import type { ActivityWorkItem, Message, StoreChange, StoreListener } from './types';

/** Tells in-process listeners what a commit changed: workers pick up work, clients see status changes. */
export class StoreNotifier {
  private readonly listeners = new Set<StoreListener>();

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether a listener runs work here (a worker): work committed from a process without one is left to the others. */
  get runsWork(): boolean {
    for (const listener of this.listeners) if (listener.activitiesAdded || listener.messagesEnqueued) return true;
    return false;
  }

  /** Work was queued elsewhere (or fell due): listeners fetch it. */
  publishWorkAvailable(): void {
    for (const listener of this.listeners) listener.workAvailable?.();
  }

  /** This process no longer holds the instance, or holds it anew: listeners forget what they cached of it. */
  publishReleased(instanceId: string): void {
    for (const listener of this.listeners) listener.instanceReleased?.(instanceId);
  }

  /** Another process changed the instance's status (or purged it: undefined). */
  publishUpdated(instanceId: string, status: RuntimeStatus | undefined): void {
    for (const listener of this.listeners) listener.instanceUpdated?.(instanceId, status);
  }

  publish(changes: readonly StoreChange[]): void {
    if (this.listeners.size === 0) return;
    const messages: Message[] = [];
    const activities: ActivityWorkItem[] = [];
    const updated = new Map<string, RuntimeStatus | undefined>();
    for (const change of changes) {
      if (change.op === 'enqueue') messages.push(change.message);
      else if (change.op === 'addActivity') activities.push(change.item);
      else if (change.op === 'createInstance') updated.set(change.row.instanceId, change.row.status);
      else if (change.op === 'updateInstance') updated.set(change.instanceId, change.update.status ?? updated.get(change.instanceId));
      else if (change.op === 'purge') updated.set(change.instanceId, undefined);
    }
    for (const listener of this.listeners) {
      for (const change of changes) if (change.op === 'createInstance') listener.instanceCreated?.(change.row);
      if (messages.length) listener.messagesEnqueued?.(messages);
      if (activities.length) listener.activitiesAdded?.(activities);
      for (const [instanceId, status] of updated) listener.instanceUpdated?.(instanceId, status);
    }
  }
}
