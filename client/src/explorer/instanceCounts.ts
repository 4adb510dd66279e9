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
