import type { HistoryEvent, HistoryEventType } from 'durable-ts';

/**
 * A breakpoint on the history rather than on a line: stop where the orchestrator's code meets event #N, an event
 * of a type, or an event of a named activity. Fields given together must all match.
 */
export interface HistoryBreakpoint {
  event?: number;
  eventType?: string;
  activity?: string;
}

/** History events that record a call the code makes: they are met where the code makes it. */
export const CALL_EVENT_TYPES: ReadonlySet<string> = new Set([
  'TaskScheduled', 'TimerCreated', 'SubOrchestrationInstanceCreated', 'EntityOperationCalled', 'EntityOperationSignaled', 'EntityLockRequested', 'EntityUnlockSent',
]);
const ACTIVITY_EVENT_TYPES: ReadonlySet<string> = new Set(['TaskScheduled', 'TaskCompleted', 'TaskFailed']);
/** Every type the runtime records; a `Record` so that a type the runtime adds and this misses does not compile. */
const EVENT_TYPE_NAMES: Record<HistoryEventType, true> = {
  ExecutionStarted: true,
  OrchestratorStarted: true,
  OrchestratorCompleted: true,
  TaskScheduled: true,
  TaskCompleted: true,
  TaskFailed: true,
  TimerCreated: true,
  TimerFired: true,
  EventRaised: true,
  EventSent: true,
  SubOrchestrationInstanceCreated: true,
  SubOrchestrationInstanceCompleted: true,
  SubOrchestrationInstanceFailed: true,
  ExecutionSuspended: true,
  ExecutionResumed: true,
  ExecutionTerminated: true,
  ExecutionCompleted: true,
  ContinueAsNew: true,
  PatchMarker: true,
  ExecutionRewound: true,
  EntityOperationCalled: true,
  EntityOperationSignaled: true,
  EntityLockRequested: true,
  EntityUnlockSent: true,
  EntityOperationCompleted: true,
  EntityOperationFailed: true,
  EntityLockGranted: true,
};
const EVENT_TYPES: ReadonlySet<string> = new Set(Object.keys(EVENT_TYPE_NAMES));

/** What is wrong with a history breakpoint of the launch configuration, or undefined when it is fine. */
export function historyBreakpointProblem(breakpoint: HistoryBreakpoint): string | undefined {
  const { event, eventType, activity } = breakpoint ?? {};
  if (event === undefined && eventType === undefined && activity === undefined) return 'it needs "event" (a number), "eventType" or "activity"';
  if (event !== undefined && !(Number.isInteger(event) && event >= 0)) return `"event" must be a history event number (#0, #1, …), got ${JSON.stringify(event)}`;
  if (eventType !== undefined && !EVENT_TYPES.has(eventType)) return `"eventType" ${JSON.stringify(eventType)} is no history event type (${[...EVENT_TYPES].join(', ')})`;
  if (activity !== undefined && (typeof activity !== 'string' || !activity)) return '"activity" must name an activity';
  return undefined;
}

export function matchesHistoryBreakpoint(breakpoint: HistoryBreakpoint, event: HistoryEvent): boolean {
  if (breakpoint.event !== undefined && event.EventId !== breakpoint.event) return false;
  if (breakpoint.eventType !== undefined && event.EventType !== breakpoint.eventType) return false;
  if (breakpoint.activity !== undefined && !(ACTIVITY_EVENT_TYPES.has(event.EventType) && event.Name === breakpoint.activity)) return false;
  return true;
}

/** How a stop names the breakpoint it was made by: "history breakpoint #12 TaskFailed 'ChargeCard'". */
export function describeHistoryHit(event: HistoryEvent): string {
  return `history breakpoint #${event.EventId} ${event.EventType}${event.Name ? ` '${event.Name}'` : ''}`;
}
