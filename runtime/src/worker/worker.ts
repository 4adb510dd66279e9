import { EventEmitter } from 'node:events';
import type { HistoryEvent } from '../api/types';
import type { DurableApp } from '../api/app';
import { failureOf, OrchestratorBlockedError, StoreConflictError, UserCodeCrashError } from '../api/errors';
import { OrchestrationExecutor } from '../engine/executor';
import type { TurnOutcome } from '../engine/turn';
import type { ActivityWorkItem, CommitExpectation, CommitOptions, DurableStore, InstanceRow, Message, PendingWork, StoreChange } from '../store/types';
import { Clock } from './clock';
import { TimerQueue } from './timerQueue';
import { WarmInstanceCache } from './instanceCache';
import { sortMessages } from './messageFilter';
import { statusAfter, turnChanges } from './turnChanges';
import { ActivityRunner } from './activityRunner';
import { containActivityCrashes } from './activityScope';
import { DEFAULT_CRASH_LIMIT, messageKey, type CrashLedger, type PoisonedWork } from './crashLedger';
import { DEFAULT_TURN_DEADLINE_MS, TurnWatchdog } from './turnWatchdog';
import { EntityRunner } from '../entities/entityRunner';
import { isEntityInstanceId } from '../entities/entityId';

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
  /**
   * Poison handling on an embedded store: counts host deaths per work item; without it (an in-memory store) nothing
   * is counted. A shared store counts the deaths of work's holders itself.
   */
  crashLedger?: CrashLedger;
  /** On a shared store: how many deaths of its holders a work item may see before it is failed (default 10). */
  crashLimit?: number;
  /**
   * Orchestrator code that runs this long without yielding is stopped and its instance failed (default 2,000 ms;
   * 0 turns the watchdog off, as a debugger attached to the process does).
   */
  turnDeadlineMs?: number;
  /** The version of sub-orchestrations started without one (default: none). */
  defaultVersion?: string;
}

/** A turn being run; a watchdog that stops its code abandons it, and nothing of it may be committed after. */
interface TurnInProgress {
  row: InstanceRow;
  /** The messages the turn consumes and the events it delivers, once sorted. */
  consumed: Message[];
  events: HistoryEvent[];
  /** What to deliver again should the turn be run again from the start. */
  retry: Message[];
  now: number;
  ticket: { abandoned: boolean };
  /** Once the turn has one. */
  executor?: OrchestrationExecutor;
}

/** What a stop left unfinished because it did not settle in time: it runs again when the store is next opened. */
export interface StopReport {
  abandonedActivities: string[];
  abandonedTurns: string[];
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
 * turns of different instances interleave. A turn's changes commit as one batch. What the turn sends out
 * (activities, timers, sub-orchestrations, results to a parent) is dispatched only once that batch is durable:
 * an activity must never run on a result a crash can still lose (it would act on an input no history will ever
 * show). Commits become durable in order, so the results the turn consumed are durable by then too. Group commit
 * makes many turns share one sync; a sequential chain waits one sync per step.
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
  private readonly entities: EntityRunner;
  private unsubscribe: (() => void) | undefined;
  private releaseCrashContainment: (() => void) | undefined;
  private pumpQueued = false;
  private idleCheckQueued = false;
  private stopped = false;
  private readonly idleWaiters: (() => void)[] = [];
  /**
   * Ids of messages and activities committed by a turn whose batch is not durable yet, each with whether the store
   * said this process may take it (a shared store hands another process's instances' work to that process).
   */
  private readonly awaitingDurability = new Map<number, boolean>();
  /** A fetch of work from the store is running; `fetchAgain` when more was announced meanwhile. */
  private fetching = false;
  private fetchAgain = false;
  /** Time-skipping on a shared store: asking it when its next timer falls due. */
  private skipping = false;
  /** Called whenever a turn or an activity settles (a stop waiting for the last one). */
  private readonly settleListeners = new Set<() => void>();
  /** Instances whose pending turn was running each of the last `crashLimit` host deaths: failed, not run. */
  private readonly poisoned = new Map<string, Error>();
  private readonly turnsInProgress = new Map<string, TurnInProgress>();
  private watchdog: TurnWatchdog | undefined;
  /** Suspects of code the watchdog stopped: they run again each on its own, and the stuck one is stopped again alone. */
  private readonly isolated = new Set<string>();

  constructor(private readonly options: WorkerOptions) {
    super();
    this.warm = new WarmInstanceCache(options.replayEveryTurn ? 0 : options.maxWarmInstances ?? 1000);
    this.timers = new TimerQueue(this.clock, (due) => due.forEach((message) => this.toInbox(message)));
    this.activities = new ActivityRunner(options.app, options.store, options.maxConcurrentActivities ?? 1000, () => this.onWorkSettled(), options.crashLedger);
    this.entities = new EntityRunner({
      app: options.app, store: options.store, defaultVersion: options.defaultVersion,
      commit: (instanceId, changes) => this.commitTurn(instanceId, changes),
      log: (instanceId, level, args) => this.emit('log', instanceId, level, args),
    });
  }

  /** Pick up the store's queued work (after a restart: everything that was in flight, or a dead process left) and start. */
  async start(): Promise<this> {
    const store = this.options.store;
    // Skipped time must reach the store: what a turn queues at the skipped "now" is due at once.
    if (this.options.timeSkip) store.useClock?.(() => this.clock.now());
    const pending = await store.fetchWork();
    this.releaseCrashContainment = containActivityCrashes(this.activities);
    this.watchdog = TurnWatchdog.start(this.options.turnDeadlineMs ?? DEFAULT_TURN_DEADLINE_MS, () => this.failStoppedTurn());
    this.unsubscribe = store.subscribe({
      messagesEnqueued: (messages) => messages.forEach((message) => this.offered(message.id) && this.deliver(message)),
      activitiesAdded: (items) => items.forEach((item) => this.offered(item.id) && this.activities.run(item)),
      workAvailable: () => this.fetchWork(),
      instanceCreated: (row) => this.rows.set(row.instanceId, row),
      instanceUpdated: (instanceId, status) => status === undefined && this.forget(instanceId),
      instanceReleased: (instanceId) => this.forget(instanceId),
    });
    // After subscribing: the failures it records are messages this worker must deliver.
    const poisonedActivities = await this.failPoisoned(pending, true);
    this.take(pending, poisonedActivities);
    this.queueIdleCheck();
    return this;
  }

  /** Whether work the store offers is to be taken now; work a turn committed waits for that commit to be durable. */
  private offered(id: number): boolean {
    if (!this.awaitingDurability.has(id)) return true;
    this.awaitingDurability.set(id, true);
    return false;
  }

  private take(work: PendingWork, skipActivities?: ReadonlySet<ActivityWorkItem>): void {
    work.messages.forEach((message) => this.deliver(message));
    work.activities.filter((item) => !skipActivities?.has(item)).forEach((item) => this.activities.run(item));
  }

  /** Ask the store for work announced from elsewhere, one fetch at a time. */
  private fetchWork(): void {
    if (this.stopped) return;
    if (this.fetching) {
      this.fetchAgain = true;
      return;
    }
    this.fetching = true;
    this.options.store.fetchWork().then(
      async (work) => {
        const poisoned = work.deaths ? await this.failPoisoned(work, false) : undefined;
        if (!this.stopped) this.take(work, poisoned);
      },
      (error) => this.reportCommitFailure(error),
    ).finally(() => {
      this.fetching = false;
      if (this.fetchAgain) {
        this.fetchAgain = false;
        this.fetchWork();
      } else this.queueIdleCheck();
    });
  }

  /** Record that this host stopped on purpose, so that what it leaves unfinished is not counted as having killed it. */
  markStoppedOnPurpose(): void {
    this.options.crashLedger?.hostStopped();
  }

  private get crashLimit(): number {
    return this.options.crashLedger?.crashLimit ?? this.options.crashLimit ?? DEFAULT_CRASH_LIMIT;
  }

  /** Poison handling: fail what was running at too many host deaths in a row; the activities it failed. */
  private async failPoisoned(work: PendingWork, atStart: boolean): Promise<Set<ActivityWorkItem>> {
    const poisoned = await this.poisonedIn(work, atStart);
    if (!poisoned) return new Set();
    const store = this.options.store;
    for (const item of poisoned.activities) {
      this.activities.failWithoutRunning(
        item,
        new UserCodeCrashError(
          `Activity '${item.name}' was running each of the last ${this.crashLimit} times the host died (out of memory, killed, or crashed), ` +
            `so it is not run again. Fix it, then start the orchestration again.`,
        ),
      );
    }
    for (const [instanceId, deaths] of poisoned.instances) {
      const name = (await store.getInstance(instanceId))?.name ?? 'orchestration';
      const cause = `(its code may run out of memory, never yield, or crash the process)`;
      this.poisoned.set(
        instanceId,
        new UserCodeCrashError(
          isEntityInstanceId(instanceId)
            ? `Entity ${instanceId} had an operation running each of the last ${deaths} times the host died ${cause}, so its operations were failed instead of being run again.`
            : `Orchestration '${name}' (${instanceId}) had a turn running each of the last ${deaths} times the host died ${cause}, so it was failed instead of being run again.`,
        ),
      );
    }
    return new Set(poisoned.activities);
  }

  /**
   * What of the work was running at too many deaths: on a shared store as it counted them (each fetch), on an
   * embedded one as the crash ledger counts them at start. A timer not yet due, or an event held for a suspended
   * instance, was not running when its host died.
   */
  private async poisonedIn(work: PendingWork, atStart: boolean): Promise<PoisonedWork | undefined> {
    const store = this.options.store;
    const running = async (message: Message) => message.visibleAt <= this.clock.now() && (await store.getInstance(message.instanceId))?.status !== 'Suspended';
    if (store.shared) {
      const deaths = (id: number) => work.deaths?.get(id) ?? 0;
      const instances = new Map<string, number>();
      for (const message of work.messages) {
        const seen = deaths(message.id);
        if (seen >= this.crashLimit && (await running(message))) instances.set(message.instanceId, Math.max(seen, instances.get(message.instanceId) ?? 0));
      }
      return { activities: work.activities.filter((item) => deaths(item.id) >= this.crashLimit), instances };
    }
    const ledger = this.options.crashLedger;
    if (!ledger || !atStart) return undefined;
    const due: Message[] = [];
    for (const message of work.messages) if (await running(message)) due.push(message);
    return ledger.hostStarting({ activities: work.activities, messages: due });
  }

  /**
   * Stop taking work; wait up to `timeoutMs` for running turns and activities, then for the store to make
   * everything so far durable. What has not settled by then is abandoned: nothing of it was recorded, so it runs
   * again (at least once) when the store is next opened.
   */
  async stop(options: { timeoutMs?: number } = {}): Promise<StopReport> {
    this.stopped = true;
    this.unsubscribe?.();
    this.timers.stop();
    this.activities.stop();
    const drained = await this.whenDrained(options.timeoutMs ?? Infinity);
    const report = drained ? { abandonedActivities: [], abandonedTurns: [] } : { abandonedActivities: this.activities.runningItems.map((item) => item.name), abandonedTurns: [...this.running] };
    this.releaseCrashContainment?.();
    await this.watchdog?.stop();
    await this.options.store.flush();
    this.markStoppedOnPurpose();
    return report;
  }

  /** Resolves true once no turn or activity runs, or false when `timeoutMs` passes first. */
  private whenDrained(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timeout = Number.isFinite(timeoutMs) ? setTimeout(() => finish(false), timeoutMs) : undefined;
      const finish = (drained: boolean) => {
        this.settleListeners.delete(check);
        clearTimeout(timeout);
        resolve(drained);
      };
      const check = () => {
        if (this.running.size === 0 && this.activities.inFlight === 0) finish(true);
      };
      this.settleListeners.add(check);
      check();
    });
  }

  private onWorkSettled(): void {
    this.queueIdleCheck();
    for (const listener of this.settleListeners) listener();
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
    // Batch: everything delivered in this tick (a whole fan-out's results) goes into one turn per instance. The
    // turns start in a microtask: code the watchdog stops there ends that microtask, not the event loop's callback.
    setImmediate(() => {
      this.pumpQueued = false;
      queueMicrotask(this.pump);
    });
  }

  private readonly pump = (): void => {
    for (const instanceId of this.ready) {
      if (this.running.has(instanceId)) continue;
      this.ready.delete(instanceId);
      const messages = this.inboxes.get(instanceId) ?? [];
      this.inboxes.delete(instanceId);
      if (messages.length === 0) continue;
      this.running.add(instanceId);
      const ticket = { abandoned: false };
      // Poison handling: a death while the turn runs is the doing of the messages it consumes.
      const ledger = this.options.crashLedger;
      const ledgerKeys = ledger?.hasSuspects ? messages.filter((message) => message.id !== WAKE_UP_ID).map(messageKey) : undefined;
      if (ledgerKeys) ledger!.starting(ledgerKeys);
      this.processTurn(instanceId, messages, ticket)
        .catch((error) => this.emit('error', error))
        .finally(() => {
          if (ledgerKeys) ledger!.settled(ledgerKeys);
          // A turn the watchdog stopped has ended already; a later one of the same instance may be running now.
          if (!ticket.abandoned) this.turnEnded(instanceId);
        });
    }
  };

  private turnEnded(instanceId: string): void {
    this.turnsInProgress.delete(instanceId);
    this.running.delete(instanceId);
    if (this.inboxes.has(instanceId)) this.ready.add(instanceId);
    if (this.ready.size > 0) this.queuePump();
    this.onWorkSettled();
  }

  /**
   * If the watchdog stopped orchestrator code that did not yield, fail its instance, as if the turn had failed.
   * Stopping code discards every microtask queued with it: when other turns' work may have been among them, which
   * code was stuck is not known, and each of those turns runs again from the start on its own. `caller` is a turn
   * running now (its work was not discarded).
   */
  private failStoppedTurn(caller?: TurnInProgress): void {
    const stopped = this.watchdog?.takeStopped();
    if (!stopped) return;
    const suspects = stopped.suspects && new Set(stopped.suspects);
    const lost = [...this.turnsInProgress.values()].filter(
      (turn) => !turn.ticket.abandoned && (!suspects || suspects.has(turn.row.instanceId) || (turn !== caller && !turn.executor?.parked)),
    );
    if (lost.length === 1) this.failBlockedTurn(lost[0], stopped.stack);
    else lost.forEach((turn) => this.runAgainAlone(turn));
  }

  private failBlockedTurn(turn: TurnInProgress, stack: string): void {
    const instanceId = turn.row.instanceId;
    turn.ticket.abandoned = true;
    this.warm.evict(instanceId);
    this.isolated.delete(instanceId);
    const location = stack
      .split('\n')
      .slice(1)
      .map((line) => line.trim().replace(/^at /, '').replace('file://', ''))
      .find((line) => !line.includes('<anonymous>') && !line.includes('node:'));
    const deadline = this.options.turnDeadlineMs ?? DEFAULT_TURN_DEADLINE_MS;
    const error = new OrchestratorBlockedError(
      `Orchestration '${turn.row.name}' (${instanceId}) ran for more than ${deadline} ms without yielding${location ? `, at ${location}` : ''}. ` +
        `Orchestrator code must not block (a loop that never awaits, a long computation): it was stopped and the instance failed. Move long work into an activity.`,
      location,
    );
    error.stack = `${error.name}: ${error.message}\n${stack.split('\n').slice(2).join('\n')}`;
    this.options.store
      .getHistory(instanceId)
      .then((history) => this.finishTurn(turn, unrunnable(history.length, turn.events, turn.now, error)))
      .catch((failure) => this.emit('error', failure))
      .finally(() => this.turnEnded(instanceId));
  }

  /** A turn whose continuation stopping code may have discarded: nothing of it was committed, so it starts over, alone. */
  private runAgainAlone(turn: TurnInProgress): void {
    const instanceId = turn.row.instanceId;
    turn.ticket.abandoned = true;
    this.warm.evict(instanceId);
    this.isolated.add(instanceId);
    this.inboxes.set(instanceId, [...turn.retry, ...(this.inboxes.get(instanceId) ?? [])]);
    this.turnEnded(instanceId);
  }

  private async processTurn(instanceId: string, messages: Message[], ticket: TurnInProgress['ticket']): Promise<void> {
    if (isEntityInstanceId(instanceId)) {
      const poison = this.poisoned.get(instanceId);
      this.poisoned.delete(instanceId);
      return this.entities.runBatch(instanceId, messages, poison);
    }
    const store = this.options.store;
    const row = this.rows.get(instanceId) ?? (await store.getInstance(instanceId));
    if (!row || isFinished(row.status)) {
      // Purged, or finished: late results, timers and events have nowhere to go. Unless another process rewinds
      // it meanwhile, counting on what is queued: then the drop conflicts, and the messages are handed out again.
      this.rows.delete(instanceId);
      this.warm.evict(instanceId);
      const expect: CommitExpectation[] = row ? [{ instanceId, status: row.status, generation: row.generation, queued: [] }] : [];
      this.commit(messages.map((message) => ({ op: 'ack', messageId: message.id })), { expect });
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
    const consumed = [...deliver, ...drop].filter((message) => message.id !== WAKE_UP_ID);
    const turn: TurnInProgress = { row, consumed, events, now, ticket, retry: [...deliver, ...drop] };
    this.turnsInProgress.set(instanceId, turn);
    const outcome = await this.runOrchestrator(turn);
    // Stopped code's turn resumes (its executor was waiting for a macrotask) before the watchdog's message comes.
    this.failStoppedTurn(turn);
    if (outcome && !ticket.abandoned) await this.finishTurn(turn, outcome);
  }

  private async finishTurn(turn: TurnInProgress, outcome: TurnOutcome): Promise<void> {
    // It ran on its own without being stopped: it was not the stuck one.
    if (!turn.ticket.abandoned) this.isolated.delete(turn.row.instanceId);
    const changes = await turnChanges(this.options.store, turn.row, outcome, turn.consumed, turn.now);
    this.afterTurn(turn.row, outcome, turn.now);
    this.commitTurn(turn.row.instanceId, changes);
    if (outcome.newEvents.length) this.emit('history', turn.row.instanceId, turn.row.name, outcome.newEvents);
  }

  /** The turn's outcome; undefined when the watchdog stopped it meanwhile (it recorded the failure itself). */
  private async runOrchestrator(turn: TurnInProgress): Promise<TurnOutcome | undefined> {
    const { row, events, now } = turn;
    const poison = this.poisoned.get(row.instanceId);
    if (poison) {
      this.poisoned.delete(row.instanceId);
      return unrunnable((await this.options.store.getHistory(row.instanceId)).length, events, now, poison);
    }
    let executor = (turn.executor = this.warm.take(row.instanceId));
    if (!executor) {
      let orchestrator;
      try {
        orchestrator = this.options.app.getOrchestrator(row.name);
      } catch (error) {
        return unrunnable((await this.options.store.getHistory(row.instanceId)).length, events, now, error);
      }
      const watchdog = this.watchdog;
      executor = new OrchestrationExecutor({
        instanceId: row.instanceId,
        name: row.name,
        generation: row.generation,
        orchestrator,
        log: (level, args) => this.emit('log', row.instanceId, level, args),
        onWokeOutsideTurn: () => this.toInbox(wakeUpMessage(row)),
        enteringUserCode: watchdog ? () => watchdog.enteringUserCode(row.instanceId) : undefined,
        defaultVersion: this.options.defaultVersion,
        isolated: this.isolated.has(row.instanceId),
      });
      turn.executor = executor;
      // A pending instance (new, or continued as new) has no history yet: no need to ask the store.
      const fresh = row.status === 'Pending' || row.status === 'ContinuedAsNew';
      await executor.replay(fresh ? [] : await this.options.store.getHistory(row.instanceId));
    }
    this.failStoppedTurn(turn);
    if (turn.ticket.abandoned) return undefined;
    const outcome = await executor.runTurn(events, now);
    this.failStoppedTurn(turn);
    if (turn.ticket.abandoned) return undefined;
    if (!outcome.completion) this.warm.put(executor);
    return outcome;
  }

  private afterTurn(row: InstanceRow, outcome: TurnOutcome, now: number): void {
    const { completion } = outcome;
    const cancelled = new Set(outcome.cancelledTimers);
    const droppedTimers = completion ? this.timers.remove(row.instanceId) : cancelled.size ? this.timers.remove(row.instanceId, cancelled) : [];
    if (droppedTimers.length) this.commit(droppedTimers.map((message) => ({ op: 'ack', messageId: message.id })));
    if (!completion) {
      // On a shared store, kept only while this process holds the instance (the store says when it lets go).
      this.rows.set(row.instanceId, { ...row, status: statusAfter(row.status, outcome), updatedAt: now });
    } else {
      // A finished or continued-as-new instance reloads its row next time (a new generation, or a restart).
      this.rows.delete(row.instanceId);
      this.warm.evict(row.instanceId);
    }
  }

  /**
   * Commit a turn; what it sends out is dispatched once the commit is durable (never, if the worker stopped
   * meanwhile), and only what the store offered this process. A conflict (another process ran this instance's
   * turn meanwhile: a lease that ran out) discards the turn: the instance runs again from its stored history.
   */
  private commitTurn(instanceId: string, changes: StoreChange[]): void {
    const outgoing = changes.filter(isOutgoingWork);
    for (const change of outgoing) this.awaitingDurability.set(workId(change), false);
    const release = () => outgoing.forEach((change) => this.awaitingDurability.delete(workId(change)));
    this.options.store.commit(changes).then(
      () => {
        const offered = outgoing.filter((change) => this.awaitingDurability.get(workId(change)));
        release();
        if (this.stopped) return; // still queued in the store: the next worker on it picks them up
        for (const change of offered) {
          if (change.op === 'enqueue') this.deliver(change.message);
          else this.activities.run(change.item);
        }
        this.queueIdleCheck();
      },
      (error) => {
        release();
        if (error instanceof StoreConflictError) this.forget(instanceId, true);
        else this.reportCommitFailure(error);
        this.queueIdleCheck();
      },
    );
  }

  /** Commit without waiting for durability (nothing here depends on it); a store that cannot write is reported. */
  private commit(changes: StoreChange[], options?: CommitOptions): void {
    // A conflict: another process took the instance over, or changed it since it was read; the store hands these
    // messages out again to whoever holds it.
    this.options.store.commit(changes, options).catch((error) => error instanceof StoreConflictError || this.reportCommitFailure(error));
  }

  /** Once stopped, whoever closes the store hears of a failure to save (a full disk at shutdown) from the store itself. */
  private reportCommitFailure(error: unknown): void {
    if (!this.stopped) this.emit('error', error);
  }

  /**
   * Drop what is cached of an instance: purged, or held by another process now. After a conflict (`discard`) also
   * what waits for it here: the store offers it again to whoever holds the instance.
   */
  private forget(instanceId: string, discard = false): void {
    if (this.running.has(instanceId) && !discard) return;
    this.rows.delete(instanceId);
    this.warm.evict(instanceId);
    this.held.delete(instanceId);
    this.isolated.delete(instanceId);
    if (discard) {
      this.inboxes.delete(instanceId);
      this.ready.delete(instanceId);
    }
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
    if (this.running.size > 0 || this.ready.size > 0 || this.pumpQueued || this.activities.inFlight > 0 || this.awaitingDurability.size > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
    if (!this.options.timeSkip) return;
    const nextTimer = this.timers.nextDueAt();
    if (nextTimer !== undefined) {
      this.clock.skipTo(nextTimer);
      this.timers.releaseDue();
    } else if (this.options.store.nextTimerAt && !this.fetching && !this.skipping) this.skipToStoredTimer(this.options.store.nextTimerAt());
  }

  /** A shared store keeps timers as rows: skip to its next one, then fetch it (still idle by then: nothing else came). */
  private skipToStoredTimer(nextTimerAt: Promise<number | undefined>): void {
    this.skipping = true;
    nextTimerAt.then(
      (at) => {
        this.skipping = false;
        if (at === undefined || this.stopped || this.running.size > 0 || this.ready.size > 0 || this.activities.inFlight > 0 || this.awaitingDurability.size > 0) return;
        this.clock.skipTo(at);
        this.fetchWork();
      },
      (error) => {
        this.skipping = false;
        this.reportCommitFailure(error);
      },
    );
  }
}

type OutgoingWork = Extract<StoreChange, { op: 'enqueue' | 'addActivity' }>;

function isOutgoingWork(change: StoreChange): change is OutgoingWork {
  return change.op === 'enqueue' || change.op === 'addActivity';
}

function workId(change: OutgoingWork): number {
  return change.op === 'enqueue' ? change.message.id : change.item.id;
}

function isFinished(status: InstanceRow['status']): boolean {
  return status === 'Completed' || status === 'Failed' || status === 'Terminated';
}

/** A turn that does not run the code (the app does not register it, or it is poisoned): it fails, saying why. */
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
