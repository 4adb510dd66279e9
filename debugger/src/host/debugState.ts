import type { HistoryEvent, NonDeterminismError } from 'durable-ts';
import type { ObservedExecutor, OrchestrationExecutor, ReplayListener } from 'durable-ts/internal';
import { CHECKPOINT_EVENT_TYPES, type DebugGlobal, type ExceptionFilter, type HostPause, type StopContext } from '../shared/hostProtocol';
import { Gate } from './gate';
import { pausePoint } from './pausePoint';
import { report } from './reportChannel';
import { describeOpenTasks, statusFromHistory } from './historyFacts';
import { previousCheckpoint, segmentStart } from '../shared/checkpoints';
import { replayedResultNote } from './replayedResult';
import type { DurableBreakpoints } from '../shared/durableBreakpoints';
import type { ScheduledAction } from 'durable-ts/internal';

type Executor = OrchestrationExecutor;

/** A replay of the past in a throwaway executor, while the real run is held at the gate. */
interface Travel {
  instanceId: string;
  checkpoint: number;
  history: HistoryEvent[];
  main: Executor;
  executor?: Executor;
}

interface ActivityRun {
  instanceId: string;
  /** The task the orchestrator scheduled it as. */
  taskId: number;
  name: string;
  input: unknown;
}

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
}

export interface DebugStateOptions {
  stopOnEntry: boolean;
  /** The instance's recorded history, as the store (or the replayed record) has it. */
  recordedHistory(instanceId: string): HistoryEvent[];
  /** A fresh executor for the same instance and code, to replay the past in. */
  newExecutorLike(executor: Executor): Executor;
}

/**
 * The replay state the host publishes for the adapter, and the replay observer that keeps it: which executor is
 * running, where it is in its history, and where the debugger asked to stop next.
 */
export class DebugState implements DebugGlobal, ReplayListener {
  breakOn: Record<ExceptionFilter, boolean> = { nondeterminism: false, activityFailed: false, orchestrationFailed: false };
  muted = false;
  functionBreakpoints: DurableBreakpoints = { runs: [], schedules: [] };
  private entryPending: boolean;
  pendingPause = false;
  private current: { executor: Executor } | { activity: ActivityRun } | undefined;
  private readonly mainExecutors = new Map<string, Executor>();
  private readonly recordedFor = new WeakMap<Executor, HistoryEvent[]>();
  private readonly replayNumbers = new WeakMap<Executor, number>();
  private readonly replaysPerInstance = new Map<string, number>();
  private readonly abandoned = new WeakSet<Executor>();
  private stepTarget: StepTarget | undefined;
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

  eventApplied(observed: ObservedExecutor, event: HistoryEvent): void | Promise<void> {
    const executor = observed as Executor;
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
      if (position === travel.checkpoint) this.stop({ reason: 'checkpoint', text: 'step back' });
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
    if (step?.instanceId !== executor.instanceId) {
      this.muted = false;
      return;
    }
    // Replaying what the user already stepped through: breakpoints there would not be "the next line".
    this.muted = position <= step.position;
    if (!this.muted && CHECKPOINT_EVENT_TYPES.has(event.EventType)) {
      this.stepTarget = undefined;
      const note = step.explainReplayedResult ? replayedResultNote(event, executor.history, executor.isReplaying) : undefined;
      this.stop({ reason: 'checkpoint', text: 'step', note });
    }
  }

  nonDeterminism(observed: ObservedExecutor, error: NonDeterminismError): void {
    this.current = { executor: observed as Executor };
    if (!this.breakOn.nondeterminism) return;
    this.stop({
      reason: 'nondeterminism',
      text: `nondeterminism: history expected ${error.expected ?? 'something else'}, but the code ${describeActual(error.actual)}`,
      details: error.message,
    });
  }

  // ---- called by the instrumented app ----

  /** `replaying`: the orchestrator runs again from history, not for the instance's first time. */
  enterOrchestrator(name: string, replaying: boolean): void {
    if (this.entryPending) {
      this.entryPending = false;
      this.stop({ reason: 'entry', text: 'entry' });
    } else if (!replaying && !this.travelState && this.functionBreakpoints.runs.includes(name)) {
      this.stop({ reason: 'checkpoint', text: FUNCTION_BREAKPOINT });
    }
  }

  orchestratorFailed(name: string, error: unknown): void {
    if (!this.breakOn.orchestrationFailed) return;
    this.stop({ reason: 'orchestrationFailed', text: `orchestration '${name}' failed: ${messageOf(error)}`, details: stackOf(error) });
  }

  activityStarted(activity: ActivityRun): void {
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

  activityFailed(activity: ActivityRun, error: unknown): void {
    this.current = { activity };
    if (!this.breakOn.activityFailed) return;
    this.stop({ reason: 'activityFailed', text: `activity '${activity.name}' failed: ${messageOf(error)}`, details: stackOf(error) });
  }

  /** Resolves once the user is back in the present: the host must not end its run while they look at the past. */
  async whenInPresent(): Promise<void> {
    for (let held = this.gate.pass(); held; held = this.gate.pass()) await held;
  }

  // ---- what the adapter calls while the host is paused ----

  describe(): StopContext | undefined {
    const current = this.current;
    if (!current) return undefined;
    if ('activity' in current) {
      const { instanceId, name, input } = current.activity;
      const main = this.mainExecutors.get(instanceId);
      return {
        instanceId,
        name: main?.options.name ?? instanceId,
        status: 'Running',
        replaying: false,
        replayNumber: main ? this.replayNumbers.get(main) ?? 0 : 0,
        position: (main?.history.length ?? 0) - 1,
        historyLength: main ? this.fullHistory(main).length : 0,
        currentTime: new Date(main?.currentTime ?? Date.now()).toISOString(),
        pendingTasks: [],
        travelling: this.travelState !== undefined,
        pause: this.pause,
        activity: { name, input },
      };
    }
    const executor = current.executor;
    const travel = this.travelState?.executor === executor ? this.travelState : undefined;
    const main = travel?.main ?? executor;
    const history = travel ? travel.history : this.fullHistory(executor);
    const applied = executor.history;
    return {
      instanceId: executor.instanceId,
      name: executor.options.name,
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

  history(instanceId: string): HistoryEvent[] {
    const travel = this.travelState;
    if (travel?.instanceId === instanceId) return travel.history;
    const main = this.mainExecutors.get(instanceId);
    return main ? this.fullHistory(main) : this.options.recordedHistory(instanceId);
  }

  /** The external events the instance's orchestrator waits for, as of its last turn. */
  awaitedEvents(instanceId: string): string[] {
    return this.mainExecutors.get(instanceId)?.awaitedEventNames ?? [];
  }

  armStep(instanceId: string, position: number, into: boolean): void {
    const current = this.current;
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

  disarmStep(): void {
    this.stepTarget = undefined;
  }

  travel(instanceId: string, checkpoint: number): void {
    const previous = this.travelState;
    const main = previous?.instanceId === instanceId ? previous.main : this.mainExecutors.get(instanceId);
    if (!main) throw new Error(`Instance ${instanceId} has not run in this session, so there is no past to go back to.`);
    if (previous?.executor) this.abandoned.add(previous.executor);
    const history = previous?.instanceId === instanceId ? previous.history : [...main.history];
    const travel: Travel = { instanceId, checkpoint: Math.max(0, Math.min(checkpoint, history.length - 1)), history, main };
    this.travelState = travel;
    this.stepTarget = undefined;
    this.gate.close();
    // The paused code finishes its current step before the replay starts; the user has seen it already.
    this.muted = true;
    setImmediate(() => void this.runTravel(travel));
  }

  travelBack(fromSegmentStart: boolean): number {
    const current = this.current;
    if (!current || 'activity' in current) throw new Error('Step back works in orchestrator code: an activity has no history to go back in.');
    const instanceId = current.executor.instanceId;
    const history = this.history(instanceId);
    const position = current.executor.history.length - 1;
    // From the middle of a segment, back to where it began; from its beginning, to the one before.
    const checkpoint = fromSegmentStart ? previousCheckpoint(history, position) : segmentStart(history, position);
    this.travel(instanceId, checkpoint);
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

  private track(executor: Executor): void {
    const instanceId = executor.instanceId;
    const known = this.mainExecutors.get(instanceId);
    if (known === executor) return;
    if (!known && !this.replaysPerInstance.has(instanceId)) report({ kind: 'instance', instanceId, name: executor.options.name });
    this.mainExecutors.set(instanceId, executor);
    this.stopWhereScheduled(executor);
    const replays = (this.replaysPerInstance.get(instanceId) ?? 0) + (executor.isReplaying ? 1 : 0);
    this.replaysPerInstance.set(instanceId, replays);
    this.replayNumbers.set(executor, replays);
    this.recordedFor.set(executor, this.options.recordedHistory(instanceId));
  }

  /** What the executor applied so far, or the recorded history it is replaying when that is longer. */
  private fullHistory(executor: Executor): HistoryEvent[] {
    const recorded = this.recordedFor.get(executor) ?? [];
    return recorded.length > executor.history.length ? recorded : executor.history;
  }

  /** Stops where the orchestrator schedules, for the first time, an activity or sub-orchestration a function breakpoint names. */
  private stopWhereScheduled(executor: Executor): void {
    const schedule = executor.schedule.bind(executor);
    executor.schedule = (action: ScheduledAction, task) => {
      // New work, not a call the history recorded: a replay re-runs the code up to the end of the record and on.
      const recorded = this.recordedFor.get(executor)?.some((event) => event.TaskId === action.taskId && event.EventType !== 'TimerCreated');
      if (action.kind !== 'timer' && !recorded && this.functionBreakpoints.schedules.includes(action.name)) {
        this.stop({ reason: 'scheduled', text: FUNCTION_BREAKPOINT });
      }
      return schedule(action, task);
    };
  }

  private stopIfPauseRequested(): void {
    if (!this.pendingPause) return;
    this.pendingPause = false;
    this.stop({ reason: 'checkpoint', text: 'pause' });
  }

  private stop(pause: HostPause): void {
    this.pause = pause;
    try {
      pausePoint(pause);
    } finally {
      this.pause = undefined;
    }
  }
}

/** The label of stops at function breakpoints on durable names. */
const FUNCTION_BREAKPOINT = 'function breakpoint';

/** The engine phrases `actual` either as a whole clause ("the code no longer schedules it") or as a call. */
function describeActual(actual: string | undefined): string {
  if (!actual) return 'differs';
  return actual.startsWith('the code ') ? actual.slice('the code '.length) : `called ${actual}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function stackOf(error: unknown): string {
  return error instanceof Error ? error.stack ?? error.message : String(error);
}
