import type { HistoryEvent } from '../api/types';
import { fromJson } from '../engine/serialization';

export interface HistoryViewOptions {
  /** Include inputs (Durable Functions' `showInput`, default true). */
  showInput: boolean;
  /** Include results and outputs (Durable Functions' `showHistoryOutput`). */
  showOutput: boolean;
}

const answers: Partial<Record<HistoryEvent['EventType'], HistoryEvent['EventType']>> = {
  TaskCompleted: 'TaskScheduled',
  TaskFailed: 'TaskScheduled',
  SubOrchestrationInstanceCompleted: 'SubOrchestrationInstanceCreated',
  SubOrchestrationInstanceFailed: 'SubOrchestrationInstanceCreated',
};

/** durable-ts's own history shape (what the explorer, the CLI and the debugger read), less what the options leave out. */
export function ownHistory(events: readonly HistoryEvent[], options: HistoryViewOptions): HistoryEvent[] {
  if (options.showInput && options.showOutput) return [...events];
  return events.map((event) => {
    const { Input, Result, ...rest } = event;
    return { ...rest, ...(options.showInput && Input !== undefined ? { Input } : {}), ...(options.showOutput && Result !== undefined ? { Result } : {}) };
  });
}

/**
 * The history as Durable Functions' HTTP API gives it: no turn bounds; the scheduling of answered work folded into
 * its answer (`FunctionName`, `ScheduledTime`, the input); inputs as JSON text, results parsed, both only when
 * asked for; no sequence or task numbers.
 */
export function durableFunctionsHistory(events: readonly HistoryEvent[], options: HistoryViewOptions): Record<string, unknown>[] {
  const scheduled = new Map<string, HistoryEvent>();
  const folded = new Set<HistoryEvent>();
  for (const event of events) {
    if (event.TaskId !== undefined) scheduled.set(`${event.EventType}:${event.TaskId}`, event);
    const answered = answers[event.EventType];
    const schedule = answered && scheduled.get(`${answered}:${event.TaskScheduledId}`);
    if (schedule) folded.add(schedule);
  }
  const items: Record<string, unknown>[] = [];
  for (const event of events) {
    if (event.EventType === 'OrchestratorStarted' || event.EventType === 'OrchestratorCompleted' || folded.has(event)) continue;
    const item: Record<string, unknown> = { EventType: event.EventType, Timestamp: event.Timestamp };
    const answered = answers[event.EventType];
    const schedule = answered && scheduled.get(`${answered}:${event.TaskScheduledId}`);
    if (schedule) {
      item.ScheduledTime = schedule.Timestamp;
      item.FunctionName = schedule.Name;
      if (options.showInput && schedule.Input !== undefined) item.Input = schedule.Input;
    }
    switch (event.EventType) {
      case 'ExecutionStarted':
        item.FunctionName = event.Name;
        if (options.showInput && event.Input !== undefined) item.Input = event.Input;
        break;
      case 'ExecutionCompleted': {
        const failure = event.Details === undefined ? undefined : (JSON.parse(event.Details) as { errorType?: string; message?: string; stack?: string });
        item.OrchestrationStatus = failure ? 'Failed' : 'Completed';
        if (failure) item.FailureDetails = { ErrorType: failure.errorType, ErrorMessage: failure.message, StackTrace: failure.stack };
        if (options.showOutput) item.Result = failure ?? fromJson(event.Result) ?? null;
        break;
      }
      case 'TaskCompleted':
      case 'SubOrchestrationInstanceCompleted':
        if (options.showOutput) item.Result = fromJson(event.Result) ?? null;
        break;
      case 'TaskFailed':
      case 'SubOrchestrationInstanceFailed':
        item.Reason = event.Reason;
        item.Details = event.Details;
        break;
      case 'TaskScheduled':
      case 'SubOrchestrationInstanceCreated':
        item.Name = event.Name;
        if (event.InstanceId !== undefined) item.InstanceId = event.InstanceId;
        if (options.showInput && event.Input !== undefined) item.Input = event.Input;
        break;
      case 'TimerCreated':
      case 'TimerFired':
        item.FireAt = event.FireAt;
        break;
      case 'EventRaised':
        item.Name = event.Name;
        if (options.showInput && event.Input !== undefined) item.Input = event.Input;
        break;
      case 'ExecutionTerminated':
        if (options.showInput && event.Input !== undefined) item.Input = event.Input;
        break;
      case 'PatchMarker':
        item.Name = event.Name;
        break;
      default:
        if (event.Reason !== undefined) item.Reason = event.Reason;
    }
    items.push(item);
  }
  return items;
}
