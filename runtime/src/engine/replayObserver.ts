import type { HistoryEvent } from '../api/types';
import type { NonDeterminismError } from '../api/errors';
import type { ScheduledAction, TurnOutcome } from './turn';

/**
 * What the runtime tells the observing debugger as it runs the app's code: the engine's replay of orchestrator code
 * against history, and the start of each activity and entity operation. Hooks that return a promise hold that code
 * where it is until the promise settles: a debugger travelling back in history freezes the real run this way.
 */
export interface ReplayObserver {
  /** Called before each history event is applied, live and on replay (a returned promise holds this executor there). */
  eventApplied(executor: ObservedExecutor, event: HistoryEvent): void | Promise<void>;
  /** The orchestrator made a durable call (live, or again on replay); its frame is on the stack. */
  taskScheduled(executor: ObservedExecutor, action: ScheduledAction): void;
  nonDeterminism(executor: ObservedExecutor, error: NonDeterminismError): void;
  /**
   * The orchestrator's function is called from its start (the instance's first run, a replay, or a debugger's copy),
   * just before its first line runs: a stop here followed by a step into lands on that line.
   */
  orchestratorStarted(executor: ObservedExecutor): void;
  /** The orchestrator's function threw (or its promise rejected) with `error`; `orchestratorEnded` follows. */
  orchestratorFailed(executor: ObservedExecutor, error: unknown): void;
  /** The orchestrator's function returned or threw: none of its code runs again in this executor. */
  orchestratorEnded(executor: ObservedExecutor): void;
  /**
   * An activity is about to run, just before its first line (a stop here followed by a step into lands on that line).
   * A returned promise holds the activity until it settles.
   */
  activityStarting(activity: ObservedActivity): void | Promise<void>;
  /** An operation of an entity is about to run; a returned promise holds it until it settles. */
  entityOperationStarting(operation: ObservedEntityOperation): void | Promise<void>;
}

/** An activity run as a debugger sees it. */
export interface ObservedActivity {
  /** The orchestration instance that scheduled it. */
  readonly instanceId: string;
  /** The task the orchestrator scheduled it as. */
  readonly taskId: number;
  readonly name: string;
  /** Its input, decoded from the history's JSON. */
  readonly input: unknown;
}

/** An entity operation as a debugger sees it. */
export interface ObservedEntityOperation {
  /** The entity's instance id, `@name@key`. */
  readonly entityId: string;
  readonly operationName: string;
}

/** An orchestration executor as a debugger sees it. */
export interface ObservedExecutor {
  readonly instanceId: string;
  /** The orchestration's name. */
  readonly name: string;
  /** How many times the instance continued as new. */
  readonly generation: number;
  /** A debugger replaying the past sets it false from where the code first ran live, as the code saw it then. */
  isReplaying: boolean;
  readonly history: readonly HistoryEvent[];
  readonly currentTime: number;
  /** Ids of the tasks the orchestrator is still waiting on. */
  readonly openTaskIds: readonly number[];
  /** The external events the orchestrator waits for now. */
  readonly awaitedEventNames: readonly string[];
  /** Re-runs the orchestrator's code against recorded history. */
  replay(history: readonly HistoryEvent[]): Promise<void>;
  /** Runs the code on past the history with these new events; nothing is stored. */
  runTurn(messages: readonly HistoryEvent[], now: number): Promise<TurnOutcome>;
}

const unobserved: ReplayObserver = {
  eventApplied() {},
  taskScheduled() {},
  nonDeterminism() {},
  orchestratorStarted() {},
  orchestratorFailed() {},
  orchestratorEnded() {},
  activityStarting() {},
  entityOperationStarting() {},
};

let current: ReplayObserver = unobserved;

/** The observer the runtime reports to: a no-op unless a debugger observes the process. */
export function replayObserver(): ReplayObserver {
  return current;
}

/**
 * Makes the runtime report to `observer` (one debugger observes a process at a time): the hooks it leaves out do
 * nothing. Returns what ends it.
 */
export function observeReplay(observer: Partial<ReplayObserver>): () => void {
  if (current !== unobserved) throw new Error('Another debugger observes this process.');
  const observing: ReplayObserver = { ...unobserved };
  // Bound, not copied: an observer's hooks may be methods of a class, which a spread would leave out.
  for (const hook of Object.keys(unobserved) as (keyof ReplayObserver)[]) {
    const implementation = observer[hook];
    if (implementation) (observing as unknown as Record<string, unknown>)[hook] = implementation.bind(observer);
  }
  current = observing;
  return () => {
    if (current === observing) current = unobserved;
  };
}
