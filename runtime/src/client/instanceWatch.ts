import type { DurableStore, InstanceRow } from '../store/types';

type Watcher = (row: InstanceRow | undefined) => void;

/**
 * Calls watchers when their instance changes. One store subscription serves all of them, keyed by instance id,
 * so a thousand waiting callers cost a map lookup per change rather than a thousand callbacks.
 */
export class InstanceWatch {
  private readonly watchers = new Map<string, Set<Watcher>>();
  private unsubscribe: (() => void) | undefined;
  private readonly changed = new Set<string>();

  constructor(private readonly store: DurableStore) {}

  watch(instanceId: string, watcher: Watcher): void {
    const set = this.watchers.get(instanceId) ?? new Set<Watcher>();
    set.add(watcher);
    this.watchers.set(instanceId, set);
    this.unsubscribe ??= this.store.subscribe({ instanceUpdated: (id) => this.onUpdated(id) });
  }

  unwatch(instanceId: string, watcher: Watcher): void {
    const set = this.watchers.get(instanceId);
    if (!set) return;
    set.delete(watcher);
    if (set.size === 0) this.watchers.delete(instanceId);
    if (this.watchers.size === 0) {
      this.unsubscribe?.();
      this.unsubscribe = undefined;
    }
  }

  private onUpdated(instanceId: string): void {
    if (!this.watchers.has(instanceId)) return;
    // Read the row once the committing code has finished its synchronous work, once per burst of updates.
    if (this.changed.size === 0) queueMicrotask(() => this.deliver());
    this.changed.add(instanceId);
  }

  private deliver(): void {
    const ids = [...this.changed];
    this.changed.clear();
    for (const instanceId of ids) {
      const set = this.watchers.get(instanceId);
      if (!set) continue;
      const row = this.store.getInstance(instanceId);
      for (const watcher of [...set]) watcher(row);
    }
  }
}
