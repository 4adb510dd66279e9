import type { HistoryEvent } from 'durable-ts';

/**
 * Why a step into a durable call did not enter it, said from the event that resumed the orchestrator: the call's
 * result came from the history (replayed), or it ran before this replay and only its result is delivered now.
 * Undefined for events that carry no call's result (a timer, an external event).
 */
export function replayedResultNote(event: HistoryEvent, history: readonly HistoryEvent[], replaying: boolean): string | undefined {
  const kind = resultKinds[event.EventType];
  if (!kind) return undefined;
  const scheduled = history.find((candidate) => candidate.TaskId === event.TaskScheduledId && candidate.EventType === kind.scheduledBy);
  const call = `${kind.call} '${scheduled?.Name ?? `task ${event.TaskScheduledId}`}'`;
  return replaying ? `${call} ${kind.outcome} replayed from history` : `${call} ran before this replay`;
}

const resultKinds: Record<string, { call: string; scheduledBy: string; outcome: string } | undefined> = {
  TaskCompleted: { call: 'activity', scheduledBy: 'TaskScheduled', outcome: 'result' },
  TaskFailed: { call: 'activity', scheduledBy: 'TaskScheduled', outcome: 'failure' },
  SubOrchestrationInstanceCompleted: { call: 'sub-orchestration', scheduledBy: 'SubOrchestrationInstanceCreated', outcome: 'result' },
  SubOrchestrationInstanceFailed: { call: 'sub-orchestration', scheduledBy: 'SubOrchestrationInstanceCreated', outcome: 'failure' },
};
