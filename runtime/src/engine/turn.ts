import type { HistoryEvent } from '../api/types';
import type { FailureDetails } from '../api/errors';
import type { EntityAction } from '../entities/requests';

/** Durable work the orchestrator asked for in a turn; the worker starts it once the turn is committed. */
export type ScheduledAction =
  | { kind: 'activity'; taskId: number; name: string; input: string | undefined }
  | { kind: 'timer'; taskId: number; fireAt: number }
  | { kind: 'subOrchestration'; taskId: number; name: string; instanceId: string; input: string | undefined; version: string }
  | EntityAction;

export type Completion =
  | { status: 'Completed'; output: string | undefined }
  | { status: 'Failed'; failure: FailureDetails; error?: unknown }
  | { status: 'Terminated'; output: string | undefined }
  | { status: 'ContinuedAsNew'; input: string | undefined; carriedEvents: { name: string; input: string | undefined }[] };

export interface TurnOutcome {
  /** Events to append to the instance's history, numbered. */
  newEvents: HistoryEvent[];
  actions: ScheduledAction[];
  /** Timers the code cancelled: their pending fire messages can be dropped. */
  cancelledTimers: number[];
  /** Set when the code changed its custom status this turn. */
  customStatus: { json: string | undefined } | undefined;
  completion: Completion | undefined;
}
