import { randomBytes } from 'node:crypto';
import type { HistoryEvent, OrchestratorFunction } from '../api/types';
import { EventTimeoutError, NonDeterminismError, TaskFailedError, failureOf, type FailureDetails } from '../api/errors';
import { Task, Timer } from './task';
import { fromJson, toJson } from './serialization';
import { userSourceLocation } from './sourceLocation';
import { OrchestrationContextImpl } from './context';
import type { Completion, ScheduledAction, TurnOutcome } from './turn';
import { replayObserver, type ObservedExecutor } from './replayObserver';
import { isoTime } from './isoTime';
import { sentEvent } from '../entities/requests';

function scheduleEventType(action: ScheduledAction): HistoryEvent['EventType'] {
  switch (action.kind) {
    case 'activity':
      return 'TaskScheduled';
    case 'timer':
      return 'TimerCreated';
    case 'subOrchestration':
      return 'SubOrchestrationInstanceCreated';
    case 'entity':
      return action.type;
  }
}

/** Signals and unlocks are one-way: nothing answers them, so their task is done once sent. */
function isOneWay(action: ScheduledAction): boolean {
  return action.kind === 'entity' && (action.type === 'EntityOperationSignaled' || action.type === 'EntityUnlockSent');
}


export interface ExecutorOptions {
  instanceId: string;
  name: string;
  generation: number;
  orchestrator: OrchestratorFunction;
  /** Replay-safe log lines (never called while replaying). */
  log?: (level: string, args: unknown[]) => void;
  /** The orchestrator ran outside a turn (it awaited something that is not a durable task). */
  onWokeOutsideTurn?: () => void;
  /**
   * Called just before orchestrator code runs (a result handed to it), for a watchdog that stops code that never
   * yields.
   */
  enteringUserCode?: () => void;
  /** The version of sub-orchestrations the code starts without naming one. */
  defaultVersion?: string;
  /**
   * Start each turn and replay in a macrotask of its own, so that no other instance's code shares its microtask
   * queue: a watchdog that stopped code among several instances' then knows whose it was.
   */
  isolated?: boolean;
}

/**
 * Runs one orchestration instance's code against its history. A cold executor replays the history first;
 * a warm one keeps the suspended orchestrator in memory and only applies new events. Both append the same events.
 */
export class OrchestrationExecutor implements ObservedExecutor {
  readonly context: OrchestrationContextImpl;
  readonly history: HistoryEvent[] = [];
  isReplaying = false;
  /**
   * Waiting for a macrotask, not for a microtask: code stopped by a watchdog cannot have discarded what this
   * executor does next.
   */
  parked = false;
  currentTime = 0;
  replayCount = 0;
  /** The instance's recorded version, from the ExecutionStarted event. */
  version = '';
  private inTurn = false;
  private nextTaskId = 0;
  private guidCounter = 0;
  private readonly recordedSchedules = new Map<number, HistoryEvent>();
  private readonly matchedSchedules = new Set<number>();
  /** The patch markers of the history being replayed, with the turn (counted from 1) each was recorded in. */
  private readonly recordedPatches = new Map<string, { event: HistoryEvent; turn: number }>();
  private readonly matchedPatches = new Set<string>();
  /** Each patch id's answer, once asked: one instance never takes both paths of a patch. */
  private readonly patchDecisions = new Map<string, boolean>();
  /** The turn being replayed (counted from 1), to place `ctx.patched` calls against the recorded markers. */
  private replayedTurn = 0;
  /** The OrchestratorCompleted events of the replayed history: the turns it holds whole. */
  private wholeTurnEnds: HistoryEvent[] = [];
  private readonly openTasks = new Map<number, Task<any>>();
  /** The instance id of each open sub-orchestration, by task id: only that instance may answer the task. */
  private readonly openChildren = new Map<number, string>();
  private readonly eventWaiters = new Map<string, Task<unknown>[]>();
  private readonly bufferedEvents: { name: string; input: string | undefined }[] = [];
  private actions: ScheduledAction[] = [];
  private cancelledTimers: number[] = [];
  private customStatus: { json: string | undefined } | undefined;
  private continueAsNewRequest: { input: string | undefined; preserveUnprocessedEvents: boolean } | undefined;
  private completion: Completion | undefined;
  private fault: NonDeterminismError | undefined;

  constructor(readonly options: ExecutorOptions) {
    this.context = new OrchestrationContextImpl(this);
  }

  get instanceId(): string {
    return this.options.instanceId;
  }

  get name(): string {
    return this.options.name;
  }

  get generation(): number {
    return this.options.generation;
  }

  get openTaskIds(): number[] {
    return [...this.openTasks.keys()];
  }

  /** The external events the orchestrator waits for now (a debugger shows them on the instance's thread). */
  get awaitedEventNames(): string[] {
    return [...this.eventWaiters].filter(([, waiters]) => waiters.length > 0).map(([name]) => name);
  }

  /** How the code diverged from the history, once it did. */
  get divergence(): NonDeterminismError | undefined {
    return this.fault;
  }

  /** How the code ended the orchestration, if it did (only runTurn records it in history). */
  get settledWith(): Completion | undefined {
    return this.completion;
  }

  get isFinished(): boolean {
    return this.completion !== undefined || this.fault !== undefined;
  }

  /** Rebuild the orchestrator's state by re-running its code against recorded history. */
  async replay(history: readonly HistoryEvent[]): Promise<void> {
    this.replayCount++;
    let turn = 0;
    for (const event of history) {
      if (event.TaskId !== undefined) this.recordedSchedules.set(event.TaskId, event);
      if (event.EventType === 'OrchestratorStarted') turn++;
      else if (event.EventType === 'OrchestratorCompleted') this.wholeTurnEnds.push(event);
      else if (event.EventType === 'PatchMarker' && event.Name !== undefined && !this.recordedPatches.has(event.Name)) this.recordedPatches.set(event.Name, { event, turn });
    }
    this.isReplaying = true;
    this.inTurn = true;
    try {
      if (this.options.isolated) await this.drainMicrotasks();
      for (const event of history) {
        this.history.push(event);
        // Once the code diverged, the rest is only recorded: new events must be numbered after all of it.
        if (!this.isFinished) await this.apply(event);
      }
      if (!this.isFinished) this.checkAllRecordedSchedulesMatched();
    } finally {
      this.isReplaying = false;
      this.inTurn = false;
    }
  }

  /** Run one turn: deliver new messages in order, then report the events to append and the work to start. */
  async runTurn(messages: readonly HistoryEvent[], now: number): Promise<TurnOutcome> {
    const firstNewEvent = this.history.length;
    this.inTurn = true;
    this.isReplaying = false;
    try {
      this.append({ EventType: 'OrchestratorStarted', Timestamp: isoTime(now) });
      this.currentTime = now;
      if (this.options.isolated) await this.drainMicrotasks();
      for (const message of messages) {
        if (this.isFinished) break;
        if (!this.isFromOwnChild(message)) continue;
        // A copy: the message belongs to the store's queue, the numbered event to this history.
        await this.apply(this.append({ ...message }));
      }
      if (!this.isFinished && this.continueAsNewRequest) {
        this.completion = { status: 'ContinuedAsNew', input: this.continueAsNewRequest.input, carriedEvents: this.continueAsNewRequest.preserveUnprocessedEvents ? [...this.bufferedEvents] : [] };
      }
      // An orchestration that ends drops the work it no longer waits for, but sends what it sent one-way (signals).
      const actions = this.takeNewActions(this.isFinished && this.completion?.status !== 'ContinuedAsNew' ? isOneWay : undefined);
      const completion = this.fault ? { status: 'Failed' as const, failure: failureOf(this.fault), error: this.fault } : this.completion;
      if (completion) {
        // Ending lets go of the entities of a critical section still held (or still being taken).
        this.context.entities.releaseAtEnd();
        actions.push(...this.takeNewActions());
      }
      this.appendCompletionEvents(completion, now);
      const outcome: TurnOutcome = {
        newEvents: this.history.slice(firstNewEvent),
        actions: completion ? actions.filter(isOneWay) : actions,
        cancelledTimers: this.cancelledTimers,
        customStatus: this.customStatus,
        completion,
      };
      this.cancelledTimers = [];
      this.customStatus = undefined;
      return outcome;
    } finally {
      this.inTurn = false;
    }
  }

  // ---- called by the context on behalf of orchestrator code ----

  schedule<T>(action: ScheduledAction, task: Task<T>): Task<T> {
    this.guardTurn();
    const recorded = this.recordedSchedules.get(action.taskId);
    if (recorded) {
      this.matchedSchedules.add(action.taskId);
      if (recorded.EventType !== scheduleEventType(action) || (action.kind !== 'timer' && recorded.Name !== action.name)) {
        this.raiseNonDeterminism(recorded, describeRecorded(recorded), `the code called ${describeAction(action)}`, userSourceLocation());
      }
    } else if (this.isReplaying && this.endOfReplayedTurn()) {
      // A turn the history holds whole recorded everything its code scheduled: this call is new code, which an
      // instance already past this point never ran (guard it with ctx.patched).
      this.raiseNonDeterminism(this.endOfReplayedTurn()!, 'the turn to schedule nothing more than it recorded', `the code called ${describeAction(action)}`, userSourceLocation());
    } else {
      this.actions.push(action);
    }
    if (isOneWay(action)) {
      task.complete(undefined as T);
      return task;
    }
    this.openTasks.set(action.taskId, task);
    if (action.kind === 'subOrchestration') this.openChildren.set(action.taskId, action.instanceId);
    replayObserver().taskScheduled(this, action);
    return task;
  }

  /**
   * On replay, the id history recorded; else the id the code chose, or one nobody can predict: a child id a client
   * could guess is one it could start first and answer in the real child's place.
   */
  childInstanceId(taskId: number, explicitId: string | undefined): string {
    const recorded = this.recordedSchedules.get(taskId);
    if (recorded?.EventType === 'SubOrchestrationInstanceCreated' && recorded.InstanceId) return recorded.InstanceId;
    return explicitId ?? `${this.instanceId}:${taskId}:${randomBytes(8).toString('hex')}`;
  }

  /**
   * Whether the code takes patch `patchId`'s path. Live, the first call records a marker and says yes; on replay,
   * yes only when the turn being replayed recorded the marker (the code that wrote this history asked here, and
   * was told yes), else no: that code went the old way. A recorded marker no call matches is a divergence
   * (`apply` reports it), unless `ctx.deprecatePatch` recorded it.
   */
  patched(patchId: string, deprecated: boolean): boolean {
    this.guardTurn();
    const decided = this.patchDecisions.get(patchId);
    if (decided !== undefined) return decided;
    // Outside a turn (the code awaited something that is not durable) or once failed, nothing more is recorded.
    if (!this.inTurn || this.isFinished) return false;
    let taken: boolean;
    if (this.isReplaying) {
      taken = this.recordedPatches.get(patchId)?.turn === this.replayedTurn;
      if (taken) this.matchedPatches.add(patchId);
      // A deprecated patch's old path is gone: the new one is the only one left, marker or not.
      else if (deprecated) taken = true;
    } else {
      this.append({ EventType: 'PatchMarker', Timestamp: isoTime(this.currentTime), Name: patchId, ...(deprecated ? { Deprecated: true } : {}) });
      taken = true;
    }
    this.patchDecisions.set(patchId, taken);
    return taken;
  }

  allocateTaskId(): number {
    return this.nextTaskId++;
  }

  newGuidSeed(): string {
    return `${this.instanceId}:${this.options.generation}:${this.guidCounter++}`;
  }

  waitForEvent<T>(name: string): Task<T> {
    this.guardTurn();
    const task = new Task<T>();
    const index = this.bufferedEvents.findIndex((event) => event.name === name);
    if (index >= 0) {
      const [event] = this.bufferedEvents.splice(index, 1);
      task.complete(fromJson(event.input) as T);
    } else {
      const waiters = this.eventWaiters.get(name) ?? [];
      waiters.push(task as Task<unknown>);
      this.eventWaiters.set(name, waiters);
    }
    return task;
  }

  /** A timed-out wait stops waiting, so a later event of that name is buffered for the next wait. */
  abandonEventWait(name: string, task: Task<unknown>, timeoutMs: number): never {
    const waiters = this.eventWaiters.get(name);
    if (waiters) this.eventWaiters.set(name, waiters.filter((waiter) => waiter !== task));
    throw new EventTimeoutError(name, timeoutMs);
  }

  cancelTimer(timer: Timer): void {
    this.openTasks.delete(timer.timerId);
    this.cancelledTimers.push(timer.timerId);
  }

  setCustomStatus(json: string | undefined): void {
    this.customStatus = { json };
  }

  requestContinueAsNew(input: string | undefined, preserveUnprocessedEvents: boolean): void {
    this.guardTurn();
    this.continueAsNewRequest = { input, preserveUnprocessedEvents };
  }

  log(level: string, args: unknown[]): void {
    if (!this.isReplaying) this.options.log?.(level, args);
  }

  // ---- applying history ----

  /** Let the orchestrator run every continuation a delivered result unblocked before the next one is delivered. */
  private drainMicrotasks(): Promise<void> {
    this.parked = true;
    return new Promise<void>((resolve) => setImmediate(this.unpark, resolve));
  }

  private readonly unpark = (resolve: () => void): void => {
    this.parked = false;
    resolve();
  };

  private async apply(event: HistoryEvent): Promise<void> {
    const held = replayObserver().eventApplied(this, event);
    if (held) await held;
    switch (event.EventType) {
      case 'ExecutionStarted':
        this.version = event.Version ?? '';
        this.options.enteringUserCode?.();
        this.start(fromJson(event.Input));
        break;
      case 'OrchestratorStarted':
        this.currentTime = Date.parse(event.Timestamp);
        if (this.isReplaying) this.replayedTurn++;
        return;
      case 'PatchMarker':
        if (this.isReplaying && !event.Deprecated && !this.matchedPatches.has(event.Name!)) {
          this.raiseNonDeterminism(event, `ctx.patched('${event.Name}') to be called in this turn`, 'the code did not call it here', undefined);
        }
        return;
      case 'TaskCompleted':
      case 'SubOrchestrationInstanceCompleted':
      case 'EntityOperationCompleted':
        this.options.enteringUserCode?.();
        this.takeOpenTask(event, event.TaskScheduledId!)?.complete(fromJson(event.Result));
        break;
      case 'EntityLockGranted':
        this.options.enteringUserCode?.();
        this.takeOpenTask(event, event.TaskScheduledId!)?.complete(undefined);
        break;
      case 'EntityOperationFailed':
      case 'TaskFailed':
      case 'SubOrchestrationInstanceFailed':
        this.options.enteringUserCode?.();
        this.takeOpenTask(event, event.TaskScheduledId!)?.fail(taskFailure(event, this.recordedSchedules.get(event.TaskScheduledId!)));
        break;
      case 'TimerFired': {
        const timer = this.openTasks.get(event.TimerId!);
        if (!timer) return; // cancelled before it fired
        this.openTasks.delete(event.TimerId!);
        this.options.enteringUserCode?.();
        timer.complete(undefined);
        break;
      }
      case 'EventRaised':
        if (!this.deliverEvent(event.Name!, event.Input)) return;
        break;
      case 'ExecutionTerminated':
        this.completion = { status: 'Terminated', output: event.Input };
        return;
      default:
        return; // scheduling records are matched when the code schedules; markers carry no result
    }
    await this.drainMicrotasks();
  }

  private start(input: unknown): void {
    let result: unknown;
    replayObserver().orchestratorStarted(this);
    try {
      result = this.options.orchestrator(this.context, input);
    } catch (error) {
      this.onOrchestratorThrew(error);
      return;
    }
    Promise.resolve(result).then(
      (output) => {
        replayObserver().orchestratorEnded(this);
        let json: string | undefined;
        try {
          json = toJson(output, `The output of orchestration '${this.options.name}'`);
        } catch (error) {
          return this.onOrchestratorSettled({ status: 'Failed', failure: failureOf(error), error });
        }
        this.onOrchestratorSettled(this.continueAsNewRequest ? undefined : { status: 'Completed', output: json });
      },
      (error) => this.onOrchestratorThrew(error),
    );
  }

  private onOrchestratorThrew(error: unknown): void {
    replayObserver().orchestratorFailed(this, error);
    replayObserver().orchestratorEnded(this);
    this.onOrchestratorSettled({ status: 'Failed', failure: failureOf(error), error });
  }

  private onOrchestratorSettled(completion: Completion | undefined): void {
    if (this.isFinished) return;
    this.completion = completion;
    if (!this.inTurn) this.options.onWokeOutsideTurn?.();
  }

  private deliverEvent(name: string, input: string | undefined): boolean {
    const waiter = this.eventWaiters.get(name)?.shift();
    if (!waiter) {
      this.bufferedEvents.push({ name, input });
      return false;
    }
    this.options.enteringUserCode?.();
    waiter.complete(fromJson(input));
    return true;
  }

  /**
   * A sub-orchestration result counts only when it comes from the child this instance created for that task: a
   * child of an earlier instance with this id, or anything else naming this instance as its parent, is ignored.
   * Results queued before they named their sender are taken as they are.
   */
  private isFromOwnChild(message: Omit<HistoryEvent, 'EventId'>): boolean {
    if (message.EventType !== 'SubOrchestrationInstanceCompleted' && message.EventType !== 'SubOrchestrationInstanceFailed') return true;
    return message.InstanceId === undefined || this.openChildren.get(message.TaskScheduledId!) === message.InstanceId;
  }

  private takeOpenTask(event: HistoryEvent, taskId: number): Task<unknown> | undefined {
    const task = this.openTasks.get(taskId);
    if (task) {
      this.openTasks.delete(taskId);
      this.openChildren.delete(taskId);
      return task;
    }
    const recorded = this.recordedSchedules.get(taskId);
    this.raiseNonDeterminism(event, `${recorded ? describeRecorded(recorded) : `task ${taskId}`} to have been scheduled`, 'the code never scheduled it', undefined);
    return undefined;
  }

  /** The end of the turn being replayed, when the replayed history holds it (a debugger may replay a turn's start). */
  private endOfReplayedTurn(): HistoryEvent | undefined {
    const position = this.history.length - 1;
    return this.wholeTurnEnds.find((end) => end.EventId > position);
  }

  private checkAllRecordedSchedulesMatched(): void {
    for (const [taskId, event] of this.recordedSchedules) {
      if (this.matchedSchedules.has(taskId)) continue;
      this.raiseNonDeterminism(event, describeRecorded(event), 'the code no longer schedules it', undefined);
      return;
    }
  }

  private raiseNonDeterminism(event: HistoryEvent, expected: string, actual: string, location: string | undefined): void {
    if (this.fault) return;
    const where = location ? ` at ${location}` : '';
    this.fault = new NonDeterminismError(
      `Non-deterministic orchestrator '${this.options.name}' (instance ${this.instanceId}): history event #${event.EventId} ` +
        `(${event.EventType}) expected ${expected}, but ${actual}${where}. ` +
        `Orchestrator code must make the same durable calls in the same order on every replay; ` +
        `start a new instance to run changed code.`,
      event.EventId,
      expected,
      actual,
      location,
    );
    replayObserver().nonDeterminism(this, this.fault);
  }

  private guardTurn(): void {
    if (this.inTurn || this.isFinished) return;
    // Only reachable when orchestrator code resumed from a non-durable await (a real timer, fetch, ...).
    this.raiseNonDeterminism(
      { EventId: this.history.length, EventType: 'OrchestratorCompleted', Timestamp: new Date(this.currentTime).toISOString() },
      'the orchestrator to wait only on durable tasks',
      'the code used a durable API after awaiting something that is not a durable task (a Promise, setTimeout, I/O)',
      userSourceLocation(),
    );
    this.options.onWokeOutsideTurn?.();
  }

  /** The actions scheduled since the last turn (only those `keep` keeps), recorded in history. */
  private takeNewActions(keep?: (action: ScheduledAction) => boolean): ScheduledAction[] {
    const actions = keep ? this.actions.filter(keep) : this.actions;
    this.actions = [];
    for (const action of actions) this.append(scheduledEvent(action, this.currentTime));
    return actions;
  }

  private appendCompletionEvents(completion: Completion | undefined, now: number): void {
    const timestamp = isoTime(now);
    if (completion?.status === 'Completed') this.append({ EventType: 'ExecutionCompleted', Timestamp: timestamp, Result: completion.output });
    else if (completion?.status === 'Failed') this.append({ EventType: 'ExecutionCompleted', Timestamp: timestamp, Details: JSON.stringify(completion.failure) });
    else if (completion?.status === 'ContinuedAsNew') this.append({ EventType: 'ContinueAsNew', Timestamp: timestamp, Input: completion.input });
    this.append({ EventType: 'OrchestratorCompleted', Timestamp: timestamp });
  }

  /** Number a fresh event object and record it (events made by the engine are numbered in place, no copy). */
  private append(event: Omit<HistoryEvent, 'EventId'>): HistoryEvent {
    const numbered = event as HistoryEvent;
    numbered.EventId = this.history.length;
    this.history.push(numbered);
    return numbered;
  }
}

function scheduledEvent(action: ScheduledAction, now: number): Omit<HistoryEvent, 'EventId'> {
  const Timestamp = isoTime(now);
  switch (action.kind) {
    case 'activity':
      return { EventType: 'TaskScheduled', Timestamp, Name: action.name, TaskId: action.taskId, Input: action.input };
    case 'timer':
      return { EventType: 'TimerCreated', Timestamp, TaskId: action.taskId, FireAt: new Date(action.fireAt).toISOString() };
    case 'entity':
      return sentEvent(action, Timestamp);
    case 'subOrchestration': {
      const created: Omit<HistoryEvent, 'EventId'> = { EventType: 'SubOrchestrationInstanceCreated', Timestamp, Name: action.name, TaskId: action.taskId, InstanceId: action.instanceId, Input: action.input };
      if (action.version) created.Version = action.version;
      return created;
    }
  }
}

function describeRecorded(event: HistoryEvent): string {
  return `${event.EventType}${event.Name ? ` '${event.Name}'` : ''} (task ${event.TaskId})`;
}

function describeAction(action: ScheduledAction): string {
  switch (action.kind) {
    case 'activity':
      return `activity '${action.name}' (task ${action.taskId})`;
    case 'timer':
      return `createTimer (task ${action.taskId})`;
    case 'subOrchestration':
      return `sub-orchestration '${action.name}' (task ${action.taskId})`;
    case 'entity':
      return `${action.type}${action.name ? ` '${action.name}'` : ''} to ${action.entityId} (task ${action.taskId})`;
  }
}

function taskFailure(event: HistoryEvent, scheduled: HistoryEvent | undefined): TaskFailedError {
  const failure: FailureDetails = event.Details ? JSON.parse(event.Details) : { errorType: 'Error', message: event.Reason ?? 'failed' };
  const name = event.Name ?? scheduled?.Name ?? 'task';
  if (event.EventType === 'EntityOperationFailed') return new TaskFailedError(`Operation '${name}' on entity ${event.InstanceId} failed: ${failure.message}`, name, failure);
  const kind = event.EventType === 'TaskFailed' ? 'Activity' : 'Sub-orchestration';
  return new TaskFailedError(`${kind} '${name}' failed: ${failure.message}`, name, failure);
}
