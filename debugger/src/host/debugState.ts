import { AsyncLocalStorage } from 'node:async_hooks';
import type { HistoryEvent, NonDeterminismError } from 'durable-ts';
import type { ObservedActivity, ObservedExecutor, ReplayObserver, ScheduledAction } from 'durable-ts/debugging';
import { CHECKPOINT_EVENT_TYPES, ENTITY_OPERATION_SYMBOL, type DebugGlobal, type EntityOperationView, type ExceptionFilter, type HostAnswers, type HostMethod, type HostPause, type HostRequest, type HostRequestOf, type StopContext, type UserFunction, type WaitingAt } from '../shared/hostProtocol';
import { configure } from './earlyEndpoint';
import { Gate } from './gate';
import { mark } from '../shared/timeline';
import { pausePoint } from './pausePoint';
import { report } from './reportChannel';
import { describeOpenTasks, statusFromHistory } from './historyFacts';
import { previousCheckpoint, segmentStart } from '../shared/checkpoints';
import { replayedResultNote } from './replayedResult';
import { CALL_EVENT_TYPES, describeHistoryHit, matchesHistoryBreakpoint, type HistoryBreakpoint } from '../shared/historyBreakpoints';

const CALL_EVENT_OF = { activity: 'TaskScheduled', timer: 'TimerCreated', subOrchestration: 'SubOrchestrationInstanceCreated' } as const;
import type { DurableBreakpoints } from '../shared/durableBreakpoints';

type Executor = ObservedExecutor;

/** A replay of the past in a throwaway executor, while the real run is held at the gate. */
interface Travel {
  instanceId: string;
  checkpoint: number;
  /** From this position on, the code ran live in the real run (a stop there saw `ctx.isReplaying` false). */
  liveFrom?: number;
  /** Stop where the copy's orchestrator schedules this task (the call an uncaught failure came from), not at a checkpoint. */
  stopAtCall?: { taskId: number; pause: HostPause };
  /**
   * A step back lands on the first user line the copy runs from its checkpoint. Until the adapter says it landed,
   * every later checkpoint stops too: when V8's own stepping leaves the copy's code (out of the store's wasm into the
   * event loop, say), the landing is not lost but goes on from the next result the orchestrator resumes with.
   */
  landing?: boolean;
  history: HistoryEvent[];
  main: Executor;
  executor?: Executor;
}

type ActivityRun = ObservedActivity;

/** The code a stop is in: an orchestrator's run (in an executor) or an activity's. */
type RunningCode = { executor: Executor } | { activity: ActivityRun };

/** Where the durable step in progress stops: once the orchestration resumes past `position`. */
interface StepTarget {
  instanceId: string;
  position: number;
  /**
   * A step into, from a live turn: the activity or sub-orchestration its code starts is entered. The tasks already
   * open when it began tell that call from ones made earlier.
   */
  enterCall?: { openTasksBefore: ReadonlySet<number> };
  /** A step into, from a replayed turn: its landing says why it did not enter the call it stepped over. */
  explainReplayedResult?: boolean;
  /** Code of another instance the user has seen already (the sub-orchestration a step out leaves), up to a position. */
  seenIn?: { instanceId: string; position: number };
}

export interface DebugStateOptions {
  stopOnEntry: boolean;
  /** The instance's recorded history, as the store (or the replayed record) has it. */
  recordedHistory(instanceId: string): HistoryEvent[];
  /** A fresh executor for the same instance and code, to replay the past in. */
  newExecutorLike(executor: Executor): Executor;
  /** Whether an error is a failed activity or sub-orchestration delivered to the orchestrator (not one its code threw). */
  isDeliveredFailure(error: unknown): boolean;
  /** Stop where the code meets these history events. */
  historyBreakpoints: HistoryBreakpoint[];
  /** The user's own activity or orchestrator function registered under a name. */
  userFunction(kind: 'activity' | 'orchestrator', name: string): UserFunction | undefined;
}

/**
 * The replay state the host publishes for the adapter, and the replay observer that keeps it: which executor is
 * running, where it is in its history, and where the debugger asked to stop next.
 */
export class DebugState implements DebugGlobal, ReplayObserver {
  breakOn: Record<ExceptionFilter, boolean> = { nondeterminism: false, taskFailed: false, orchestrationFailed: false };
  muted = false;
  functionBreakpoints: DurableBreakpoints = { runs: [], schedules: [] };
  private entryPending: boolean;
  pendingPause = false;
  /** Where the host last stopped itself, or took a step in the replay: what its own stops describe. */
  private current: RunningCode | undefined;
  /**
   * The orchestrator run or activity each piece of user code belongs to, carried across its awaits. Activities of a
   * fan-out run interleaved (the second starts before the first's code runs): a stop in their code, or in an
   * orchestrator's, is described by the code it is in, not by whatever the host saw start last.
   */
  private readonly running = new AsyncLocalStorage<RunningCode>();
  private readonly mainExecutors = new Map<string, Executor>();
  private readonly recordedFor = new WeakMap<Executor, HistoryEvent[]>();
  private readonly replayNumbers = new WeakMap<Executor, number>();
  private readonly replaysPerInstance = new Map<string, number>();
  private readonly abandoned = new WeakSet<Executor>();
  /**
   * Per instance, an error made where its orchestrator called each task it still waits on: while another instance is
   * stopped, its thread shows that call. V8 captures the frames; the stack is formatted only when asked.
   */
  private readonly callSites = new Map<string, Map<number, Error>>();
  private stepTarget: StepTarget | undefined;
  /**
   * A history breakpoint on a result, stopped at until the adapter lands where the code resumes with it. A result
   * the code does not resume with in that run (a failed attempt that is retried, one result of a fan-in) is stopped
   * at once the run has ended: at its call, in a copy of the past.
   */
  private pendingHit: { executor: Executor; event: HistoryEvent; position: number; text: string; live: boolean } | undefined;
  private readonly failuresStoppedAt = new Set<string>();
  private travelState: Travel | undefined;
  private pause: HostPause | undefined;
  readonly gate = new Gate();
  private readonly options: DebugStateOptions;

  // The host runs through type erasure, which has no parameter properties.
  constructor(options: DebugStateOptions) {
    this.options = options;
    this.entryPending = options.stopOnEntry;
  }

  // ---- the replay observer ----

  eventApplied(executor: Executor, event: HistoryEvent): void | Promise<void> {
    this.stopAtMissedHit(executor, event);
    const held = this.applying(executor, event);
    if (held) return held;
    // Results are met where the code resumes with them; calls, where the code makes them (see taskScheduled).
    if (!this.muted && !CALL_EVENT_TYPES.has(event.EventType) && this.historyBreakpointHit(event)) {
      this.current = { executor };
      const text = describeHistoryHit(event);
      if (!this.travelState) this.pendingHit = { executor, event, position: executor.history.length - 1, text, live: !executor.isReplaying };
      this.stop({ reason: 'historyEvent', text, resumes: true });
    } else if (this.pendingHit?.executor === executor && CHECKPOINT_EVENT_TYPES.has(event.EventType)) {
      // Not landed yet: the code resumes with a later result (the retry's, the fan-in's last), and V8's stepping
      // towards it may be lost on the way (timers, the store's wasm); each result until then is a new start for it.
      this.current = { executor };
      this.stop({ reason: 'historyEvent', text: this.pendingHit.text, resumes: true });
    }
  }

  /**
   * The run that met a history breakpoint's result has ended (a new run of the instance starts, or a new live turn
   * of a warm one) and its code never resumed with it: the stop is at the call the result is for, with the locals
   * it was made with, replayed in a copy (as the failure of an uncaught call is). Results of no call (a timer, an
   * event) have no such place and stay unstopped.
   */
  private stopAtMissedHit(executor: Executor, event: HistoryEvent): void {
    const pending = this.pendingHit;
    if (!pending || this.travelState || pending.executor.instanceId !== executor.instanceId) return;
    const nextRun = executor !== pending.executor || (event.EventType === 'OrchestratorStarted' && !executor.isReplaying && executor.history.length - 1 > pending.position);
    if (!nextRun) return;
    this.pendingHit = undefined;
    const history = pending.executor.history;
    const callTask = orchestratorCallOf(history, pending.event);
    if (callTask === undefined) return;
    this.travel(executor.instanceId, history.length);
    this.travelState!.main = pending.executor;
    this.travelState!.history = [...history];
    // No checkpoint stop in this copy, and no breakpoint: its one stop is at the call.
    this.travelState!.checkpoint = Number.POSITIVE_INFINITY;
    this.travelState!.stopAtCall = { taskId: callTask, pause: { reason: 'historyEvent', text: pending.text, note: missedHitNote(pending.live) } };
  }

  /** Keeps the replay state as an event is applied and stops where a step, a pause or a failure filter asks. */
  private applying(executor: Executor, event: HistoryEvent): void | Promise<void> {
    // A past the user has left behind (by stepping back again): frozen for good, then collected.
    if (this.abandoned.has(executor)) return new Promise<void>(() => {});
    const travel = this.travelState;
    const travelling = travel?.executor === executor;
    if (!travelling) {
      const held = this.gate.pass();
      if (held) return held.then(() => this.eventApplied(executor, event));
      this.track(executor);
    }
    this.current = { executor };
    this.stopIfPauseRequested();
    const position = executor.history.length - 1;
    if (travel && travelling) {
      this.muted = position < travel.checkpoint;
      // Code after the frontier ran live the first time: breakpoint conditions on `ctx.isReplaying` see it so again.
      if (travel.liveFrom !== undefined && position >= travel.liveFrom) executor.isReplaying = false;
      const landsHere = position === travel.checkpoint || (travel.landing && position > travel.checkpoint && CHECKPOINT_EVENT_TYPES.has(event.EventType));
      if (landsHere) this.stop({ reason: 'checkpoint', text: 'step back' });
      return;
    }
    const step = this.stepTarget;
    if (step?.enterCall && event.EventType === 'ExecutionStarted' && this.startedByStep(step.instanceId, step.enterCall.openTasksBefore, executor.instanceId)) {
      // The stepped-into call's sub-orchestration, about to run its code: the adapter steps on into its first line.
      this.stepTarget = undefined;
      this.muted = false;
      this.stop({ reason: 'checkpoint', text: 'step' });
      return;
    }
    const failureKey = `${executor.instanceId} ${position}`;
    if (this.breakOn.taskFailed && FAILURE_EVENT_TYPES.has(event.EventType) && !this.mutedFor(executor, position) && !this.failuresStoppedAt.has(failureKey)) {
      // Once per failure: later replays deliver it again.
      this.failuresStoppedAt.add(failureKey);
      this.stop({ reason: 'taskFailed', text: `exception: ${failureText(event, executor.history)}`, details: event.Details });
    }
    if (step?.instanceId !== executor.instanceId) {
      // Stepping out of a sub-orchestration: its replay re-runs code the user has seen, up to where the step began.
      this.muted = step?.seenIn?.instanceId === executor.instanceId && position <= step.seenIn.position;
      return;
    }
    // Replaying what the user already stepped through: breakpoints there would not be "the next line".
    this.muted = position <= step.position;
    if (!this.muted && CHECKPOINT_EVENT_TYPES.has(event.EventType)) {
      // The step stays armed until the adapter says it landed: when this event resumes no user code (one result of
      // a fan-in, a failed attempt that is retried), the step lands at a later one, in this replay or the next.
      const note = step.explainReplayedResult ? replayedResultNote(event, executor.history, executor.isReplaying) : undefined;
      this.stop({ reason: 'checkpoint', text: 'step', note });
    }
  }

  /**
   * The orchestrator makes a durable call, its frame on the stack: where function breakpoints on a scheduled name,
   * history breakpoints on calls, and the failure stop of a copy that replays an uncaught failure stop.
   */
  taskScheduled(executor: Executor, action: ScheduledAction): void {
    const travel = this.travelState?.executor === executor ? this.travelState : undefined;
    if (!travel && this.mainExecutors.get(executor.instanceId) === executor) {
      this.keepCallSite(executor, action.taskId);
      this.stopWhereScheduled(executor, action);
    }
    this.stopAtCallEvent(executor, action, travel);
    if (travel?.stopAtCall && action.taskId === travel.stopAtCall.taskId) this.stop(travel.stopAtCall.pause);
  }

  nonDeterminism(executor: Executor, error: NonDeterminismError): void {
    this.current = { executor };
    if (!this.breakOn.nondeterminism) return;
    this.stop({
      reason: 'nondeterminism',
      text: `nondeterminism: history expected ${error.expected ?? 'something else'}, but the code ${describeActual(error.actual)}`,
      details: error.message,
    });
  }

  /** Stops on entry, and where a function breakpoint names the orchestration an instance starts (not on its replays). */
  orchestratorStarted(executor: Executor): void {
    // Called just before the orchestrator's function: its code, and every continuation of its awaits, runs in this context.
    // Not in a replay of the past: its stops are the host's own (`current`), and see below.
    if (!this.travelState) this.running.enterWith({ executor });
    if (this.entryPending) {
      this.entryPending = false;
      this.stop({ reason: 'entry', text: 'entry' });
    } else if (!executor.isReplaying && !this.travelState && this.functionBreakpoints.runs.includes(executor.name)) {
      this.stop({ reason: 'checkpoint', text: FUNCTION_BREAKPOINT });
    }
  }

  /**
   * The orchestrator threw. A failed task it did not catch is thrown at its `await` by the engine, with no `throw`
   * in user code for V8 to pause on (nor a frame left once it is thrown): the history replays in a copy, which stops
   * where the orchestrator makes the failing call, the line of that `await`, with the locals it fails with.
   */
  orchestratorFailed(executor: Executor, error: unknown): void {
    if (this.travelState || !this.breakOn.orchestrationFailed || !this.options.isDeliveredFailure(error)) return;
    const instanceId = executor.instanceId;
    const main = this.mainExecutors.get(instanceId);
    const callTask = main && failingCallTask(main.history);
    if (!main || callTask === undefined) return;
    this.travel(instanceId, main.history.length);
    // No checkpoint stop in this copy, and no breakpoint: its one stop is at the call.
    this.travelState!.checkpoint = Number.POSITIVE_INFINITY;
    this.travelState!.stopAtCall = { taskId: callTask, pause: { reason: 'orchestrationFailed', text: `orchestration '${main.name}' failed: ${messageOf(error)}`, details: stackOf(error) } };
  }

  /**
   * The orchestrator's code has finished (returned or thrown). A step still armed in it lands in the parent, where
   * the sub-orchestration's result arrives; a top-level instance has nowhere to land, and runs on.
   */
  orchestratorEnded(executor: Executor): void {
    const instanceId = executor.instanceId;
    if (this.travelState || this.stepTarget?.instanceId !== instanceId) return;
    this.stepTarget = this.parentTarget(instanceId);
  }

  /** Activities wait while the user looks at the past; then one may stop where a step into or a function breakpoint enters it. */
  activityStarting(activity: ActivityRun): void | Promise<void> {
    // Before anything is awaited: the runtime's call awaits this hook, and the activity's code continues from there.
    this.running.enterWith({ activity });
    const held = this.gate.pass();
    if (held) return held.then(() => this.activityStarting(activity));
    this.current = { activity };
    this.stopIfPauseRequested();
    // Activities run between turns: code the user has not seen yet, whatever replay came before.
    if (!this.travelState) this.muted = false;
    const step = this.stepTarget;
    if (step?.enterCall && step.instanceId === activity.instanceId && !step.enterCall.openTasksBefore.has(activity.taskId)) {
      // The stepped-into call's activity: the adapter steps on from here into its first line.
      this.stepTarget = undefined;
      this.stop({ reason: 'checkpoint', text: 'step' });
    } else if (!this.travelState && this.functionBreakpoints.runs.includes(activity.name)) {
      this.stop({ reason: 'checkpoint', text: FUNCTION_BREAKPOINT });
    }
  }

  /** Entity operations wait while the user looks at the past. */
  entityOperationStarting(): void | Promise<void> {
    return this.gate.pass();
  }

  /**
   * The code the debuggee is paused in: where the host stopped itself, it knows; anywhere else (a breakpoint, a
   * step landing in user code) it is the code the paused function belongs to.
   */
  private get pausedIn(): RunningCode | undefined {
    return this.pause ? this.current : this.running.getStore() ?? this.current;
  }

  /** The user's own function the code being debugged runs in (the activity, else the orchestrator), for the adapter to recognise its frames. */
  currentUserFunction(): UserFunction | undefined {
    const current = this.pausedIn;
    if (!current) return undefined;
    return 'activity' in current ? this.options.userFunction('activity', current.activity.name) : this.options.userFunction('orchestrator', current.executor.name);
  }

  /** Resolves once the user is back in the present: the host must not end its run while they look at the past. */
  async whenInPresent(): Promise<void> {
    for (let held = this.gate.pass(); held; held = this.gate.pass()) await held;
  }

  /** What the session's Stop calls first: set by the run once its runtime exists (nothing runs work before). */
  stopWork: () => void = () => {};

  // ---- what the adapter asks while the host is paused ----

  handle<M extends HostMethod>(request: HostRequestOf<M>): HostAnswers[M] {
    return this.answer(request as HostRequest) as HostAnswers[M];
  }

  private answer(request: HostRequest): HostAnswers[HostMethod] {
    switch (request.method) {
      case 'configure':
        return configure(this, request);
      case 'describe':
        return this.describe();
      case 'entityOperation':
        return entityOperation();
      case 'history':
        return this.history(request.instanceId);
      case 'armStep':
        return this.armStep(request.instanceId, request.position, request.into);
      case 'armStepOut':
        return this.armStepOut(request.instanceId, request.position);
      case 'disarmStep':
        return this.disarmStep();
      case 'travel':
        return this.travel(request.instanceId, request.checkpoint, request.liveFrom, request.landing);
      case 'travelBack':
        return this.travelBack(request.fromSegmentStart);
      case 'segmentStart':
        return this.segmentStart(request.instanceId, request.position);
      case 'waitingAt':
        return this.waitingAt(request.instanceId);
      case 'currentUserFunction':
        return this.currentUserFunction();
      case 'stopWork':
        return this.stopWork();
    }
  }

  describe(): StopContext | undefined {
    const current = this.pausedIn;
    if (!current) return undefined;
    if ('activity' in current) {
      const { instanceId, name, input, taskId } = current.activity;
      const main = this.mainExecutors.get(instanceId);
      return {
        instanceId,
        name: main?.name ?? instanceId,
        status: 'Running',
        replaying: false,
        replayNumber: main ? this.replayNumbers.get(main) ?? 0 : 0,
        position: (main?.history.length ?? 0) - 1,
        historyLength: main ? this.fullHistory(main).length : 0,
        currentTime: new Date(main?.currentTime ?? Date.now()).toISOString(),
        pendingTasks: [],
        travelling: this.travelState !== undefined,
        pause: this.pause,
        activity: { name, input, taskId },
      };
    }
    const executor = current.executor;
    const travel = this.travelState?.executor === executor ? this.travelState : undefined;
    const main = travel?.main ?? executor;
    const history = travel ? travel.history : this.fullHistory(executor);
    const applied = executor.history;
    return {
      instanceId: executor.instanceId,
      name: executor.name,
      status: statusFromHistory(applied),
      replaying: executor.isReplaying,
      replayNumber: this.replayNumbers.get(main) ?? 0,
      position: applied.length - 1,
      historyLength: history.length,
      currentTime: new Date(executor.currentTime).toISOString(),
      pendingTasks: describeOpenTasks(executor.openTaskIds, history),
      travelling: travel !== undefined,
      pause: this.pause,
    };
  }

  history(instanceId: string): readonly HistoryEvent[] {
    const travel = this.travelState;
    if (travel?.instanceId === instanceId) return travel.history;
    const main = this.mainExecutors.get(instanceId);
    return main ? this.fullHistory(main) : this.options.recordedHistory(instanceId);
  }

  waitingAt(instanceId: string): WaitingAt | undefined {
    const main = this.mainExecutors.get(instanceId);
    if (!main) return undefined;
    const open = main.openTaskIds;
    const sites = this.callSites.get(instanceId);
    const taskId = open.find((id) => sites?.has(id));
    return {
      waitingFor: [...describeOpenTasks(open, this.fullHistory(main)), ...main.awaitedEventNames.map((name) => `event '${name}'`)],
      callStack: taskId !== undefined ? sites!.get(taskId)!.stack : undefined,
    };
  }

  /** The external events the instance's orchestrator waits for, as of its last turn. */
  awaitedEvents(instanceId: string): string[] {
    return [...(this.mainExecutors.get(instanceId)?.awaitedEventNames ?? [])];
  }

  armStep(instanceId: string, position: number, into: boolean): void {
    const current = this.pausedIn;
    const executor = current && 'executor' in current && current.executor.instanceId === instanceId ? current.executor : undefined;
    if (!into || !executor) {
      this.stepTarget = { instanceId, position };
    } else if (executor.isReplaying) {
      // The call's activity or sub-orchestration does not run in a replay: its result is in the history already.
      this.stepTarget = { instanceId, position, explainReplayedResult: true };
    } else {
      this.stepTarget = { instanceId, position, enterCall: { openTasksBefore: new Set(executor.openTaskIds) } };
    }
  }

  /** Whether `childId` is a sub-orchestration that `parentId` created in a task not yet open when the step began. */
  private startedByStep(parentId: string, openTasksBefore: ReadonlySet<number>, childId: string): boolean {
    const parent = this.mainExecutors.get(parentId);
    return !!parent?.history.some((event) => event.EventType === 'SubOrchestrationInstanceCreated' && event.InstanceId === childId && !openTasksBefore.has(event.TaskId!));
  }

  /** A step out of a sub-orchestration's code: lands in the parent where its result arrives. False for a top-level instance. */
  armStepOut(instanceId: string, position: number): boolean {
    const parent = this.parentTarget(instanceId);
    this.stepTarget = parent && { ...parent, seenIn: { instanceId, position } };
    return this.stepTarget !== undefined;
  }

  /** The adapter stopped: a step (forward, or back in history) has landed, or something else stopped it first. */
  disarmStep(): void {
    this.stepTarget = undefined;
    this.pendingHit = undefined;
    if (this.travelState) this.travelState.landing = false;
  }

  /** Whether breakpoints (and failure stops) are muted at this position: code a step has already been through. */
  private mutedFor(executor: Executor, position: number): boolean {
    const step = this.stepTarget;
    if (step?.instanceId === executor.instanceId) return position <= step.position;
    return step?.seenIn?.instanceId === executor.instanceId && position <= step.seenIn.position;
  }

  /** Where the parent of a sub-orchestration resumes with its result: past everything the parent has applied now. */
  private parentTarget(childId: string): StepTarget | undefined {
    for (const parent of this.mainExecutors.values()) {
      if (parent.history.some((event) => event.EventType === 'SubOrchestrationInstanceCreated' && event.InstanceId === childId)) {
        return { instanceId: parent.instanceId, position: parent.history.length - 1 };
      }
    }
    return undefined;
  }

  /** `landing`: a step back, which lands at this checkpoint or, should its code be missed, at a later one (see `Travel`). */
  travel(instanceId: string, checkpoint: number, liveFrom?: number, landing = false): void {
    const previous = this.travelState;
    const main = previous?.instanceId === instanceId ? previous.main : this.mainExecutors.get(instanceId);
    if (!main) throw new Error(`Instance ${instanceId} has not run in this session, so there is no past to go back to.`);
    if (previous?.executor) this.abandoned.add(previous.executor);
    const history = previous?.instanceId === instanceId ? previous.history : [...main.history];
    const travel: Travel = { instanceId, checkpoint: Math.max(0, Math.min(checkpoint, history.length - 1)), liveFrom, landing, history, main };
    this.travelState = travel;
    this.stepTarget = undefined;
    this.gate.close();
    // The paused code finishes its current step before the replay starts; the user has seen it already.
    this.muted = true;
    setImmediate(() => void this.runTravel(travel));
  }

  travelBack(fromSegmentStart: boolean): number {
    const current = this.pausedIn;
    if (!current || 'activity' in current) throw new Error('Step back works in orchestrator code: an activity has no history to go back in.');
    const instanceId = current.executor.instanceId;
    const history = this.history(instanceId);
    const position = current.executor.history.length - 1;
    // From the middle of a segment, back to where it began; from its beginning, to the one before.
    const checkpoint = fromSegmentStart ? previousCheckpoint(history, position) : segmentStart(history, position);
    this.travel(instanceId, checkpoint, undefined, true);
    return checkpoint;
  }

  segmentStart(instanceId: string, position: number): number {
    return segmentStart(this.history(instanceId), position);
  }

  logpoint(text: string): void {
    report({ kind: 'output', text: `${text}\n` });
  }

  // ---- internals ----

  private async runTravel(travel: Travel): Promise<void> {
    const executor = this.options.newExecutorLike(travel.main);
    travel.executor = executor;
    // On Node 20 an enabled AsyncLocalStorage runs a hook on every promise, which doubled the time of replaying a
    // long past. Its stops are all the host's own, so it needs no context; the next live start enables it again.
    this.running.disable();
    try {
      await executor.replay(travel.history);
    } catch (error) {
      report({ kind: 'output', text: `Replaying the past of ${travel.instanceId} failed: ${stackOf(error)}\n` });
    } finally {
      // Back in the present: the real run carries on from where it was held.
      if (this.travelState === travel) {
        this.travelState = undefined;
        this.muted = false;
        this.gate.release();
      }
    }
  }

  private historyBreakpointHit(event: HistoryEvent): boolean {
    return this.options.historyBreakpoints.some((breakpoint) => matchesHistoryBreakpoint(breakpoint, event));
  }

  /**
   * History breakpoints on calls stop where the code makes the call: the orchestrator's frame is on the stack then.
   * The call's event is the recorded one on replay; in a live turn, the one the turn will append.
   */
  private stopAtCallEvent(executor: Executor, action: ScheduledAction, travel: Travel | undefined): void {
    if (!this.options.historyBreakpoints.length || this.muted) return;
    const history = travel ? travel.history : this.fullHistory(executor);
    const recorded = history.find((event) => event.TaskId === action.taskId && CALL_EVENT_TYPES.has(event.EventType));
    const eventType = action.kind === 'entity' ? action.type : CALL_EVENT_OF[action.kind];
    const event = recorded ?? { EventId: -1, EventType: eventType, Name: action.kind === 'timer' ? undefined : action.name, TaskId: action.taskId, Timestamp: '' };
    if (this.historyBreakpointHit(event)) {
      this.current = { executor };
      this.stop({ reason: 'historyEvent', text: recorded ? describeHistoryHit(recorded) : `history breakpoint ${event.EventType}${event.Name ? ` '${event.Name}'` : ''} (new)` });
    }
  }

  /** Keeps where the call of this task is made; forgets the calls the orchestrator no longer waits on. */
  private keepCallSite(executor: Executor, taskId: number): void {
    let sites = this.callSites.get(executor.instanceId);
    if (!sites) this.callSites.set(executor.instanceId, (sites = new Map()));
    const open = new Set(executor.openTaskIds);
    for (const known of sites.keys()) if (!open.has(known)) sites.delete(known);
    sites.set(taskId, new Error('durable call'));
  }

  private track(executor: Executor): void {
    const instanceId = executor.instanceId;
    const known = this.mainExecutors.get(instanceId);
    if (known === executor) return;
    if (!known && !this.replaysPerInstance.has(instanceId)) report({ kind: 'instance', instanceId, name: executor.name });
    this.mainExecutors.set(instanceId, executor);
    const replays = (this.replaysPerInstance.get(instanceId) ?? 0) + (executor.isReplaying ? 1 : 0);
    this.replaysPerInstance.set(instanceId, replays);
    this.replayNumbers.set(executor, replays);
    this.recordedFor.set(executor, this.options.recordedHistory(instanceId));
  }

  /** What the executor applied so far, or the recorded history it is replaying when that is longer. */
  private fullHistory(executor: Executor): readonly HistoryEvent[] {
    const recorded = this.recordedFor.get(executor) ?? [];
    return recorded.length > executor.history.length ? recorded : executor.history;
  }

  /** Stops where the orchestrator schedules, for the first time, an activity or sub-orchestration a function breakpoint names. */
  private stopWhereScheduled(executor: Executor, action: ScheduledAction): void {
    // New work, not a call the history recorded: a replay re-runs the code up to the end of the record and on.
    const recorded = this.recordedFor.get(executor)?.some((event) => event.TaskId === action.taskId && event.EventType !== 'TimerCreated');
    if ((action.kind === 'activity' || action.kind === 'subOrchestration') && !recorded && this.functionBreakpoints.schedules.includes(action.name)) {
      this.stop({ reason: 'scheduled', text: FUNCTION_BREAKPOINT });
    }
  }

  private stopIfPauseRequested(): void {
    if (!this.pendingPause) return;
    this.pendingPause = false;
    this.stop({ reason: 'checkpoint', text: 'pause' });
  }

  private stop(pause: HostPause): void {
    this.pause = pause;
    mark(`host: pause (${pause.reason})`);
    try {
      pausePoint(pause);
    } finally {
      this.pause = undefined;
    }
  }
}

/** Why a history breakpoint on a result stops at the call it is for. */
function missedHitNote(live: boolean): string {
  const run = live ? 'the run that recorded it live' : 'the replay that met it';
  return `at its call: the code did not resume with this result in ${run} (a failed attempt that is retried, or one result of a fan-in)`;
}

/** The label of stops at function breakpoints on durable names. */
const FUNCTION_BREAKPOINT = 'function breakpoint';

/** The engine phrases `actual` either as a whole clause ("the code no longer schedules it") or as a call. */
function describeActual(actual: string | undefined): string {
  if (!actual) return 'differs';
  return actual.startsWith('the code ') ? actual.slice('the code '.length) : `called ${actual}`;
}

const FAILURE_EVENT_TYPES: ReadonlySet<string> = new Set(['TaskFailed', 'SubOrchestrationInstanceFailed']);

/**
 * The task of the call whose failure the orchestrator failed with: the last failed task, or, when it was a retry,
 * the first attempt, which the orchestrator's own code scheduled (the runtime schedules the others).
 */
function failingCallTask(history: readonly HistoryEvent[]): number | undefined {
  const failure = [...history].reverse().find((event) => FAILURE_EVENT_TYPES.has(event.EventType));
  return failure && orchestratorCallOf(history, failure);
}

/** The task of the call the orchestrator's own code made that a result is for: for a retried call, its first attempt. */
function orchestratorCallOf(history: readonly HistoryEvent[], result: HistoryEvent): number | undefined {
  if (result.TaskScheduledId === undefined) return undefined;
  const scheduled = history.find((event) => event.TaskId === result.TaskScheduledId && !FAILURE_EVENT_TYPES.has(event.EventType));
  const failedIds = new Set(history.filter((event) => FAILURE_EVENT_TYPES.has(event.EventType)).map((event) => event.TaskScheduledId));
  let first = result.TaskScheduledId;
  for (const event of history) {
    if (event.EventType === scheduled?.EventType && event.Name === scheduled.Name && event.TaskId! < first && failedIds.has(event.TaskId)) {
      const between = history.filter((other) => other.TaskId !== undefined && other.TaskId > event.TaskId! && other.TaskId < first && other.EventType === scheduled.EventType);
      if (between.every((other) => failedIds.has(other.TaskId))) {
        first = event.TaskId!;
        break;
      }
    }
  }
  return first;
}

/** "Activity 'ChargeCard' failed: card declined for 130", from a failure event. */
function failureText(event: HistoryEvent, history: readonly HistoryEvent[]): string {
  const scheduled = history.find((candidate) => candidate.TaskId === event.TaskScheduledId && candidate.EventType !== event.EventType);
  const kind = event.EventType === 'TaskFailed' ? 'Activity' : 'Sub-orchestration';
  let message = event.Reason ?? 'failed';
  try {
    message = (JSON.parse(event.Details ?? '{}') as { message?: string }).message ?? message;
  } catch {
    // Details that are not JSON: the reason says it.
  }
  return `${kind} '${event.Name ?? scheduled?.Name ?? `task ${event.TaskScheduledId}`}' failed: ${message}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function stackOf(error: unknown): string {
  return error instanceof Error ? error.stack ?? error.message : String(error);
}

/** The entity operation the paused code runs in, as the runtime offers it on its global symbol. */
function entityOperation(): EntityOperationView | undefined {
  const current = (globalThis as Record<symbol, unknown>)[Symbol.for(ENTITY_OPERATION_SYMBOL)];
  return typeof current === 'function' ? (current as () => EntityOperationView | undefined)() : undefined;
}
