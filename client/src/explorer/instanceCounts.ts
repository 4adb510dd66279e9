/** How many instances of each orchestration are live and how many failed: what the CodeLens above it says. Editor-free. */
import type { OrchestrationStatus } from 'durable-ts';

export interface OrchestrationCounts {
  running: number;
  failed: number;
}

export function countByOrchestration(instances: readonly OrchestrationStatus[]): Map<string, OrchestrationCounts> {
  const counts = new Map<string, OrchestrationCounts>();
  for (const instance of instances) {
    const entry = counts.get(instance.name) ?? { running: 0, failed: 0 };
    if (instance.runtimeStatus === 'Running' || instance.runtimeStatus === 'Pending' || instance.runtimeStatus === 'Suspended') entry.running++;
    if (instance.runtimeStatus === 'Failed') entry.failed++;
    counts.set(instance.name, entry);
  }
  return counts;
}

export function describeCounts(counts: OrchestrationCounts | undefined): string {
  return `${counts?.running ?? 0} running · ${counts?.failed ?? 0} failed`;
}

/**
 * Each store's counts, read once per change of the stores for every lens that shows them. A read that failed is
 * not kept: the next lens request reads again, rather than showing zeros until the store next changes (a quiet
 * store — an instance waiting for an event — may not change for hours).
 */
export class StoreCounts<Store> {
  private readonly reads = new Map<Store, Promise<Map<string, OrchestrationCounts>>>();

  of(store: Store, list: () => Promise<readonly OrchestrationStatus[]>): Promise<Map<string, OrchestrationCounts>> {
    let reading = this.reads.get(store);
    if (!reading) {
      const started = list().then(countByOrchestration);
      this.reads.set(store, started);
      started.catch(() => {
        if (this.reads.get(store) === started) this.reads.delete(store);
      });
      reading = started;
    }
    return reading;
  }

  /** The stores changed: the next request reads them again. */
  clear(): void {
    this.reads.clear();
  }
}
