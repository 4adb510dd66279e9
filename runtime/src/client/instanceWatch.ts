import type { RuntimeStatus } from '../api/types';
import type { DurableStore, InstanceRow } from '../store/types';
import { isTerminal } from './status';

type Watcher = (row: InstanceRow | undefined) => void;

/**
 * Calls watchers when their instance may have finished or been purged. One store subscription serves all of them, keyed by instance id,
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
    this.unsubscribe ??= this.store.subscribe({ instanceUpdated: (id, status) => this.onUpdated(id, status) });
  }

  isWatching(instanceId: string, watcher: Watcher): boolean {
    return this.watchers.get(instanceId)?.has(watcher) ?? false;
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

  private onUpdated(instanceId: string, status: RuntimeStatus | undefined): void {
    if (!this.watchers.has(instanceId)) return;
    // Watchers wait for an instance to finish or vanish; a turn that leaves it running needs no read.
    if (status !== undefined && !isTerminal(status)) return;
    // Read the row once the committing code has finished its synchronous work, once per burst of updates.
    if (this.changed.size === 0) queueMicrotask(() => this.deliver());
    this.changed.add(instanceId);
  }

  private deliver(): void {
    const ids = [...this.changed];
    this.changed.clear();
    for (const instanceId of ids) {
      if (!this.watchers.has(instanceId)) continue;
      this.store.getInstance(instanceId).then(
        (row) => {
          for (const watcher of [...(this.watchers.get(instanceId) ?? [])]) watcher(row);
        },
        // A read that failed (a shared store's server went away) is tried again at the next update.
        () => {},
      );
    }
  }
}
