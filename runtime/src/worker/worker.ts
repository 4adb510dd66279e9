import { EventEmitter } from 'node:events';
import type { HistoryEvent } from '../api/types';
import type { DurableApp } from '../api/app';
import { failureOf } from '../api/errors';
import { OrchestrationExecutor } from '../engine/executor';
import type { TurnOutcome } from '../engine/turn';
import type { DurableStore, InstanceRow, Message, StoreChange } from '../store/types';
import { Clock } from './clock';
import { TimerQueue } from './timerQueue';
import { WarmInstanceCache } from './instanceCache';
import { sortMessages } from './messageFilter';
import { statusAfter, turnChanges } from './turnChanges';
import { ActivityRunner } from './activityRunner';

export interface WorkerOptions {
  app: DurableApp;
  store: DurableStore;
  /** When nothing else can run, fire the next durable timer at once and move the clock to it. */
  timeSkip?: boolean;
  /** How many instances keep their orchestrator in memory between turns (default 1,000). */
  maxWarmInstances?: number;
  /** Replay every turn from history instead of continuing warm instances (what a debug session wants). */
  replayEveryTurn?: boolean;
  maxConcurrentActivities?: number;
}

export interface WorkerEvents {
  /** Events appended to an instance's history. */
  history: [instanceId: string, name: string, events: HistoryEvent[]];
  /** A replay-safe log line from an orchestrator. */
  log: [instanceId: string, level: string, args: unknown[]];
  /** A turn failed in a way the worker could not record (a store error). */
  error: [error: unknown];
}

/**
 * Runs orchestrations and activities from a store's queues. Each instance runs at most one turn at a time;
 * turns of different instances interleave. A turn's changes commit as one batch; its activities start at once,
 * before the batch is durable, since activities run at least once anyway.
 */
export class Worker extends EventEmitter<WorkerEvents> {
  readonly clock = new Clock();
  private readonly inboxes = new Map<string, Message[]>();
  /** Messages that arrived while their instance was suspended: they wait for a resume (or a terminate). */
  private readonly held = new Map<string, Message[]>();
  private readonly ready = new Set<string>();
  private readonly running = new Set<string>();
  private readonly rows = new Map<string, InstanceRow>();
  private readonly warm: WarmInstanceCache;
  private readonly timers: TimerQueue;
  private readonly activities: ActivityRunner;
  private unsubscribe: (() => void) | undefined;
  private pumpQueued = false;
  private idleCheckQueued = false;
  private stopped = false;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly options: WorkerOptions) {
    super();
    this.warm = new WarmInstanceCache(options.replayEveryTurn ? 0 : options.maxWarmInstances ?? 1000);
    this.timers = new TimerQueue(this.clock, (due) => due.forEach((message) => this.toInbox(message)));
    this.activities = new ActivityRunner(options.app, options.store, options.maxConcurrentActivities ?? 1000, () => this.queueIdleCheck());
  }

  /** Pick up the store's queued work (after a restart: everything that was in flight) and start. */
  start(): this {
    const pending = this.options.store.loadPendingWork();
    this.unsubscribe = this.options.store.subscribe({
      messagesEnqueued: (messages) => messages.forEach((message) => this.deliver(message)),
      activitiesAdded: (items) => items.forEach((item) => this.activities.run(item)),
      instanceCreated: (row) => this.rows.set(row.instanceId, row),
      instanceUpdated: (instanceId, status) => status === undefined && this.forgetPurged(instanceId),
    });
    pending.messages.forEach((message) => this.deliver(message));
    pending.activities.forEach((item) => this.activities.run(item));
    this.queueIdleCheck();
    return this;
  }

  /** Stop taking work; waits for running turns and activities, then for the store to make it all durable. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.timers.stop();
    while (this.running.size > 0 || this.activities.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 1));
    await this.options.store.flush();
  }

  /** Resolves when no turn or activity is running or ready (timers may still be pending). */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.queueIdleCheck();
    });
  }

  private deliver(message: Message): void {
    if (message.visibleAt > this.clock.now()) this.timers.add(message);
    else this.toInbox(message);
  }

  private toInbox(message: Message): void {
    const inbox = this.inboxes.get(message.instanceId) ?? [];
    inbox.push(message);
    const held = this.held.get(message.instanceId);
    if (held && (message.event.EventType === 'ExecutionResumed' || message.event.EventType === 'ExecutionTerminated')) {
      this.held.delete(message.instanceId);
      inbox.push(...held);
    }
    this.inboxes.set(message.instanceId, inbox);
    this.ready.add(message.instanceId);
    this.queuePump();
  }

  private queuePump(): void {
    if (this.pumpQueued || this.stopped) return;
    this.pumpQueued = true;
    // Batch: everything delivered in this tick (a whole fan-out's results) goes into one turn per instance.
    setImmediate(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private pump(): void {
    for (const instanceId of this.ready) {
      if (this.running.has(instanceId)) continue;
      this.ready.delete(instanceId);
      const messages = this.inboxes.get(instanceId) ?? [];
      this.inboxes.delete(instanceId);
      if (messages.length === 0) continue;
      this.running.add(instanceId);
      this.processTurn(instanceId, messages)
        .catch((error) => this.emit('error', error))
        .finally(() => {
          this.running.delete(instanceId);
          if (this.inboxes.has(instanceId)) this.ready.add(instanceId);
          if (this.ready.size > 0) this.queuePump();
          this.queueIdleCheck();
        });
    }
  }

  private async processTurn(instanceId: string, messages: Message[]): Promise<void> {
    const store = this.options.store;
    const row = this.rows.get(instanceId) ?? store.getInstance(instanceId);
    if (!row || isFinished(row.status)) {
      // Purged, or finished: late results, timers and events have nowhere to go.
      this.rows.delete(instanceId);
      this.warm.evict(instanceId);
      this.commit(messages.map((message) => ({ op: 'ack', messageId: message.id })));
      return;
    }
    const { deliver, drop, hold } = sortMessages(row, messages);
    if (hold.length) this.held.set(instanceId, [...(this.held.get(instanceId) ?? []), ...hold]);
    if (deliver.length === 0) {
      if (drop.length) this.commit(drop.map((message) => ({ op: 'ack', messageId: message.id })));
      return;
    }
    const now = this.clock.now();
    const events = deliver.filter((message) => message.id !== WAKE_UP_ID).map((message) => message.event as HistoryEvent);
    const outcome = await this.runOrchestrator(row, events, now);
    const changes = turnChanges(store, row, outcome, [...deliver, ...drop].filter((message) => message.id !== WAKE_UP_ID), now);
    this.afterTurn(row, outcome, now);
    this.commit(changes);
    if (outcome.newEvents.length) this.emit('history', instanceId, row.name, outcome.newEvents);
  }

  private async runOrchestrator(row: InstanceRow, events: HistoryEvent[], now: number): Promise<TurnOutcome> {
    let executor = this.warm.take(row.instanceId);
    if (!executor) {
      let orchestrator;
      try {
        orchestrator = this.options.app.getOrchestrator(row.name);
      } catch (error) {
        return unrunnable(this.options.store.getHistory(row.instanceId).length, events, now, error);
      }
      executor = new OrchestrationExecutor({
        instanceId: row.instanceId,
        name: row.name,
        generation: row.generation,
        orchestrator,
        log: (level, args) => this.emit('log', row.instanceId, level, args),
        onWokeOutsideTurn: () => this.toInbox(wakeUpMessage(row)),
      });
      // A pending instance (new, or continued as new) has no history yet: no need to ask the store.
      const fresh = row.status === 'Pending' || row.status === 'ContinuedAsNew';
      await executor.replay(fresh ? [] : this.options.store.getHistory(row.instanceId));
    }
    const outcome = await executor.runTurn(events, now);
    if (!outcome.completion) this.warm.put(executor);
    return outcome;
  }

  private afterTurn(row: InstanceRow, outcome: TurnOutcome, now: number): void {
    const { completion } = outcome;
    const cancelled = new Set(outcome.cancelledTimers);
    const droppedTimers = completion ? this.timers.remove(row.instanceId) : cancelled.size ? this.timers.remove(row.instanceId, cancelled) : [];
    if (droppedTimers.length) this.commit(droppedTimers.map((message) => ({ op: 'ack', messageId: message.id })));
    if (!completion) {
      this.rows.set(row.instanceId, { ...row, status: statusAfter(row.status, outcome), updatedAt: now });
    } else {
      // A finished or continued-as-new instance reloads its row next time (a new generation, or a restart).
      this.rows.delete(row.instanceId);
      this.warm.evict(row.instanceId);
    }
  }

  /** Commit without waiting for durability (nothing here depends on it); a store that cannot write is reported. */
  private commit(changes: StoreChange[]): void {
    this.options.store.commit(changes).catch((error) => this.emit('error', error));
  }

  private forgetPurged(instanceId: string): void {
    if (this.running.has(instanceId)) return;
    this.rows.delete(instanceId);
    this.warm.evict(instanceId);
    this.held.delete(instanceId);
  }

  private queueIdleCheck(): void {
    if (this.idleCheckQueued || this.stopped) return;
    this.idleCheckQueued = true;
    setImmediate(() => {
      this.idleCheckQueued = false;
      this.onMaybeIdle();
    });
  }

  private onMaybeIdle(): void {
    if (this.running.size > 0 || this.ready.size > 0 || this.pumpQueued || this.activities.inFlight > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
    const nextTimer = this.timers.nextDueAt();
    if (this.options.timeSkip && nextTimer !== undefined) {
      this.clock.skipTo(nextTimer);
      this.timers.releaseDue();
    }
  }
}

function isFinished(status: InstanceRow['status']): boolean {
  return status === 'Completed' || status === 'Failed' || status === 'Terminated';
}

/** A turn for an orchestration the app does not register: it fails with a message that says so. */
function unrunnable(historyLength: number, events: HistoryEvent[], now: number, error: unknown): TurnOutcome {
  const timestamp = new Date(now).toISOString();
  const failure = failureOf(error);
  const recorded = [{ EventType: 'OrchestratorStarted', Timestamp: timestamp } as HistoryEvent, ...events, { EventType: 'ExecutionCompleted', Timestamp: timestamp, Details: JSON.stringify(failure) } as HistoryEvent, { EventType: 'OrchestratorCompleted', Timestamp: timestamp } as HistoryEvent];
  return {
    newEvents: recorded.map((event, index) => ({ ...event, EventId: historyLength + index })),
    actions: [],
    cancelledTimers: [],
    customStatus: undefined,
    completion: { status: 'Failed', failure, error },
  };
}

const WAKE_UP_ID = -1;

/**
 * An in-memory nudge, never stored: an orchestrator did something outside any turn (it awaited a non-durable
 * promise), and a turn must record the failure.
 */
function wakeUpMessage(row: InstanceRow): Message {
  return { id: WAKE_UP_ID, instanceId: row.instanceId, generation: row.generation, visibleAt: 0, event: { EventType: 'OrchestratorStarted', Timestamp: new Date(0).toISOString() } };
}
