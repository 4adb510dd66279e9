import type { HistoryEvent } from 'durable-ts';

/** The runtime status a history shows so far (the engine records completion as events at the end of a turn). */
export function statusFromHistory(history: readonly HistoryEvent[]): string {
  for (let index = history.length - 1; index >= 0; index--) {
    const event = history[index];
    if (event.EventType === 'ExecutionCompleted') return event.Details ? 'Failed' : 'Completed';
    if (event.EventType === 'ContinueAsNew') return 'ContinuedAsNew';
    if (event.EventType === 'ExecutionTerminated') return 'Terminated';
  }
  return 'Running';
}

/** The tasks an orchestrator waits on, named from the history where it records them. */
export function describeOpenTasks(taskIds: readonly number[], history: readonly HistoryEvent[]): string[] {
  return taskIds.map((taskId) => {
    const scheduled = history.find((event) => event.TaskId === taskId);
    switch (scheduled?.EventType) {
      case 'TaskScheduled':
        return `activity '${scheduled.Name}' (task ${taskId})`;
      case 'TimerCreated':
        return `timer firing at ${scheduled.FireAt} (task ${taskId})`;
      case 'SubOrchestrationInstanceCreated':
        return `sub-orchestration '${scheduled.Name}' (task ${taskId})`;
      default:
        return `task ${taskId} (scheduled in this turn)`;
    }
  });
}
