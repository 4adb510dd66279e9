import type { HistoryEvent } from '../api/types';
import type { NonDeterminismError } from '../api/errors';

/** What the engine tells an attached observer (the debugger) as it applies history. */
export interface ReplayListener {
  eventApplied(executor: ObservedExecutor, event: HistoryEvent): void;
  nonDeterminism(executor: ObservedExecutor, error: NonDeterminismError): void;
}

export interface ObservedExecutor {
  readonly instanceId: string;
  readonly isReplaying: boolean;
  readonly replayCount: number;
  readonly history: readonly HistoryEvent[];
  readonly currentTime: number;
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
