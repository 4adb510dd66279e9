import type { OrchestrationExecutor } from '../engine/executor';

/**
 * Warm executors, least recently used first out. An evicted instance is not lost: its next turn replays it from
 * history. The bound keeps memory flat however many instances are in flight.
 */
export class WarmInstanceCache {
  private readonly entries = new Map<string, OrchestrationExecutor>();

  constructor(private readonly capacity: number) {}

  take(instanceId: string): OrchestrationExecutor | undefined {
    const executor = this.entries.get(instanceId);
    if (executor) this.entries.delete(instanceId);
    return executor;
  }

  put(executor: OrchestrationExecutor): void {
    if (this.capacity <= 0) return;
    this.entries.set(executor.instanceId, executor);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  evict(instanceId: string): void {
    this.entries.delete(instanceId);
  }

  get size(): number {
    return this.entries.size;
  }
}
