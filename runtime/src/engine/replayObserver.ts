import type { HistoryEvent } from '../api/types';
import type { NonDeterminismError } from '../api/errors';
import type { ScheduledAction, TurnOutcome } from './turn';

/** What the engine tells the observing debugger as it runs orchestrator code against history. */
export interface ReplayObserver {
  /**
   * Called before each history event is applied, live and on replay. A returned promise holds this executor
   * there until it settles: a debugger travelling back in history freezes the real run this way.
   */
  eventApplied(executor: ObservedExecutor, event: HistoryEvent): void | Promise<void>;
  /** The orchestrator made a durable call (live, or again on replay); its frame is on the stack. */
  taskScheduled(executor: ObservedExecutor, action: ScheduledAction): void;
  nonDeterminism(executor: ObservedExecutor, error: NonDeterminismError): void;
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

const unobserved: ReplayObserver = { eventApplied() {}, taskScheduled() {}, nonDeterminism() {} };

let current: ReplayObserver = unobserved;

/** The observer the engine reports to: a no-op unless a debugger observes the process. */
export function replayObserver(): ReplayObserver {
  return current;
}

/**
 * Makes the engine report to `observer` (one debugger observes a process at a time). Returns what ends it.
 */
export function observeReplay(observer: ReplayObserver): () => void {
  if (current !== unobserved) throw new Error('Another debugger observes this process.');
  current = observer;
  return () => {
    if (current === observer) current = unobserved;
  };
}
