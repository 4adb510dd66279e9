import type { DurableApp } from '../api/app';
import { failureOf } from '../api/errors';
import { fromJson, toJson } from '../engine/serialization';
import type { ActivityWorkItem, DurableStore, StoreChange } from '../store/types';
import { message } from './turnChanges';

/**
 * Runs activity work items (at least once) and reports each result to its instance, in the same commit that
 * removes the work item, so a recorded completion is never run again.
 */
export class ActivityRunner {
  private readonly started = new Set<number>();
  private readonly queue: ActivityWorkItem[] = [];
  private readonly running = new Map<number, ActivityWorkItem>();
  private stopped = false;

  constructor(
    private readonly app: DurableApp,
    private readonly store: DurableStore,
    private readonly maxConcurrent: number,
    private readonly onSettled: () => void,
  ) {}

  get inFlight(): number {
    return this.running.size + this.queue.length;
  }

  /** The activities still running (not the queued ones). */
  get runningItems(): ActivityWorkItem[] {
    return [...this.running.values()];
  }

  run(item: ActivityWorkItem): void {
    if (this.stopped || this.started.has(item.id)) return;
    this.started.add(item.id);
    if (this.running.size < this.maxConcurrent) this.execute(item);
    else this.queue.push(item);
  }

  /** Start nothing more: queued items stay in the store and run when it is next opened. */
  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
  }

  private execute(item: ActivityWorkItem): void {
    this.running.set(item.id, item);
    invoke(this.app, item)
      .then((result) => this.report(item, { EventType: 'TaskCompleted', TaskScheduledId: item.taskId, Name: item.name, Result: result }))
      .catch((error) => {
        const failure = failureOf(error);
        this.report(item, { EventType: 'TaskFailed', TaskScheduledId: item.taskId, Name: item.name, Reason: failure.message, Details: JSON.stringify(failure) });
      })
      .finally(() => {
        this.running.delete(item.id);
        this.started.delete(item.id);
        const next = this.queue.shift();
        if (next) this.execute(next);
        this.onSettled();
      });
  }

  private report(item: ActivityWorkItem, event: Parameters<typeof message>[4]): void {
    const changes: StoreChange[] = [
      { op: 'removeActivity', activityId: item.id },
      message(this.store, item.instanceId, item.generation, Date.now(), event),
    ];
    // Lazy: the turn that consumes this result commits after it, and its sync makes both durable at once.
    this.store.commit(changes, { lazy: true }).catch(() => {
      // The store failed to make this durable; the work item stays queued and runs again after a restart.
    });
  }
}

async function invoke(app: DurableApp, item: ActivityWorkItem): Promise<string | undefined> {
  const activity = app.getActivity(item.name);
  const output = await activity(fromJson(item.input), { instanceId: item.instanceId, activityName: item.name, taskId: item.taskId });
  return toJson(output, `The result of activity '${item.name}'`);
}
