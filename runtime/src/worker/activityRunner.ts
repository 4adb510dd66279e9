import type { DurableApp } from '../api/app';
import { failureOf } from '../api/errors';
import { fromJson, toJson } from '../engine/serialization';
import { replayObserver } from '../engine/replayObserver';
import type { ActivityWorkItem, DurableStore, StoreChange } from '../store/types';
import { message } from './turnChanges';
import { runInActivityScope, type RestartableActivities } from './activityScope';
import { activityKey, messageKey, type CrashLedger } from './crashLedger';

/**
 * Runs activity work items (at least once) and reports each result to its instance, in the same commit that
 * removes the work item, so a recorded completion is never run again.
 */
export class ActivityRunner implements RestartableActivities {
  private readonly started = new Set<number>();
  /** Handed over but not started: waiting for their macrotask, or for room under the concurrency limit. */
  private readonly queue: ActivityWorkItem[] = [];
  /** Running items, each with the identity of its current execution (a restart starts a new one). */
  private readonly running = new Map<number, { item: ActivityWorkItem; execution: object }>();
  private stopped = false;
  private startQueued = false;

  constructor(
    private readonly app: DurableApp,
    private readonly store: DurableStore,
    private readonly maxConcurrent: number,
    private readonly onSettled: () => void,
    /** Poison handling on an embedded store: told when an activity's code starts and settles. */
    private readonly crashLedger?: CrashLedger,
  ) {}

  get inFlight(): number {
    return this.running.size + this.queue.length;
  }

  /** The activities still running (not the queued ones). */
  get runningItems(): ActivityWorkItem[] {
    return [...this.running.values()].map((entry) => entry.item);
  }

  run(item: ActivityWorkItem): void {
    if (this.stopped || this.started.has(item.id)) return;
    this.started.add(item.id);
    this.queue.push(item);
    this.queueStart();
  }

  /**
   * Activities' code starts in a macrotask of its own, as turns do, not in the microtask that hands them over: the
   * sync that releases a turn's activities also answers the clients waiting on it (a start shares its sync with the
   * instance's first turn), and their replies are written first. A debugger stopped in an activity, or code that
   * blocks, would otherwise hold the reply to the start it came from.
   */
  private queueStart(): void {
    if (this.startQueued) return;
    this.startQueued = true;
    setImmediate(() => {
      this.startQueued = false;
      if (this.stopped) return;
      this.queue.splice(0, Math.max(0, this.maxConcurrent - this.running.size)).forEach((item) => this.execute(item));
    });
  }

  /** Start nothing more: queued items stay in the store and run when it is next opened. */
  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
  }

  get runningItemNames(): string[] {
    return this.runningItems.map((item) => item.name);
  }

  restartRunning(): void {
    this.runningItems.forEach((item) => this.execute(item));
  }

  private execute(item: ActivityWorkItem): void {
    const execution = {};
    this.running.set(item.id, { item, execution });
    if (this.crashLedger?.hasSuspects) this.crashLedger.starting([activityKey(item)]);
    /** The current execution's first outcome counts: a crashed or restarted one may still settle later. */
    const settle = (event: Parameters<typeof message>[4]) => {
      if (this.running.get(item.id)?.execution !== execution) return false;
      if (this.crashLedger?.hasSuspects) this.crashLedger.settled([activityKey(item)]);
      this.report(item, event);
      this.running.delete(item.id);
      this.started.delete(item.id);
      if (this.queue.length) this.queueStart();
      this.onSettled();
      return true;
    };
    const fail = (error: unknown) => settle(failedEvent(item, error));
    runInActivityScope({ activityName: item.name, fail }, () => invoke(this.app, item)).then(
      (result) => settle({ EventType: 'TaskCompleted', TaskScheduledId: item.taskId, Name: item.name, Result: result }),
      fail,
    );
  }

  /** Record the item as failed without running it (poison handling). */
  failWithoutRunning(item: ActivityWorkItem, error: Error): void {
    this.report(item, failedEvent(item, error));
  }

  private report(item: ActivityWorkItem, event: Parameters<typeof message>[4]): void {
    const result = message(this.store, item.instanceId, item.generation, Date.now(), event);
    const changes: StoreChange[] = [{ op: 'removeActivity', activityId: item.id }, result];
    if (this.crashLedger?.hasSuspects) this.crashLedger.resultReported(activityKey(item), messageKey(result.message));
    // Lazy: the turn that consumes this result commits after it, and its sync makes both durable at once.
    this.store.commit(changes, { lazy: true }).catch(() => {
      // The store failed to make this durable; the work item stays queued and runs again after a restart.
    });
  }
}

function failedEvent(item: ActivityWorkItem, error: unknown): Parameters<typeof message>[4] {
  const failure = failureOf(error);
  return { EventType: 'TaskFailed', TaskScheduledId: item.taskId, Name: item.name, Reason: failure.message, Details: JSON.stringify(failure) };
}

async function invoke(app: DurableApp, item: ActivityWorkItem): Promise<string | undefined> {
  const activity = app.getActivity(item.name);
  const input = fromJson(item.input);
  // Awaited even when nothing holds it: the activity then runs in a continuation whose promise the runner handles,
  // so to V8 its failure is one the runtime catches, and a debugger pauses on it at the activity's throw.
  await replayObserver().activityStarting({ instanceId: item.instanceId, taskId: item.taskId, name: item.name, input });
  const output = await activity(input, { instanceId: item.instanceId, activityName: item.name, taskId: item.taskId });
  return toJson(output, `The result of activity '${item.name}'`);
}
