import type { HistoryEvent } from '../api/types';
import type { NonDeterminismError } from '../api/errors';

/** What the engine tells an attached observer (the debugger) as it applies history. */
export interface ReplayListener {
  /**
   * Called before each history event is applied, live and on replay. A returned promise holds this executor
   * there until it settles: a debugger travelling back in history freezes the real run this way.
   */
  eventApplied(executor: ObservedExecutor, event: HistoryEvent): void | Promise<void>;
  nonDeterminism(executor: ObservedExecutor, error: NonDeterminismError): void;
}

export interface ObservedExecutor {
  readonly instanceId: string;
  readonly isReplaying: boolean;
  readonly replayCount: number;
  readonly history: readonly HistoryEvent[];
  readonly currentTime: number;
  /** Ids of the tasks the orchestrator is still waiting on. */
  readonly openTaskIds: readonly number[];
}

const silent: ReplayListener = { eventApplied() {}, nonDeterminism() {} };

/** One process-wide slot: a debug session installs its listener; otherwise calls cost a no-op. */
export const replayObserver: ReplayListener & { attach(listener: ReplayListener): void } = {
  eventApplied: silent.eventApplied,
  nonDeterminism: silent.nonDeterminism,
  attach(listener: ReplayListener) {
    this.eventApplied = listener.eventApplied.bind(listener);
    this.nonDeterminism = listener.nonDeterminism.bind(listener);
  },
};
