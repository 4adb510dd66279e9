/**
 * An instance's history as the History view shows it: one row per event (with the time the work it answers took)
 * and one timeline bar per activity, timer and sub-orchestration. Editor-free, and linear in the events, so a
 * 10,000-event history is ready in milliseconds.
 */
import type { HistoryEvent } from 'durable-ts';

export interface HistoryRow {
  eventId: number;
  type: string;
  name?: string;
  taskId?: number;
  timestamp: string;
  /** For a completion: how long after its scheduling it came. */
  durationMs?: number;
  /** Input, result, reason or fire time: what the row expands to. */
  detail?: string;
  /** The child instance of a sub-orchestration event. */
  instanceId?: string;
}

export type SpanKind = 'activity' | 'timer' | 'subOrchestration';

export interface TimelineSpan {
  kind: SpanKind;
  label: string;
  taskId: number;
  startMs: number;
  /** When it ended; undefined while it is still pending. */
  endMs?: number;
  outcome: 'completed' | 'failed' | 'pending';
  /** The row of the event that scheduled it. */
  row: number;
  instanceId?: string;
}

export interface HistoryModel {
  rows: HistoryRow[];
  spans: TimelineSpan[];
  startMs: number;
  endMs: number;
}

const SCHEDULING: Partial<Record<string, SpanKind>> = { TaskScheduled: 'activity', TimerCreated: 'timer', SubOrchestrationInstanceCreated: 'subOrchestration' };
const COMPLETING: Partial<Record<string, 'completed' | 'failed'>> = {
  TaskCompleted: 'completed', TaskFailed: 'failed', TimerFired: 'completed',
  SubOrchestrationInstanceCompleted: 'completed', SubOrchestrationInstanceFailed: 'failed',
};

export function historyModel(events: readonly HistoryEvent[], now: Date = new Date()): HistoryModel {
  const rows: HistoryRow[] = [];
  const spans: TimelineSpan[] = [];
  // Task ids restart with each generation (continue-as-new): pair within a generation only.
  const open = new Map<string, TimelineSpan>();
  for (const [index, event] of events.entries()) {
    const at = Date.parse(event.Timestamp);
    const row: HistoryRow = { eventId: event.EventId, type: event.EventType, timestamp: event.Timestamp };
    if (event.Name !== undefined) row.name = event.Name;
    if (event.InstanceId !== undefined) row.instanceId = event.InstanceId;
    const taskId = event.TaskId ?? event.TaskScheduledId ?? event.TimerId;
    if (taskId !== undefined) row.taskId = taskId;
    const detail = event.Result ?? event.Input ?? event.Reason ?? (event.FireAt ? `fires at ${event.FireAt}` : undefined);
    if (detail !== undefined) row.detail = detail;
    const key = `${event.Generation ?? 0}:${taskId}`;
    const kind = SCHEDULING[event.EventType];
    const outcome = COMPLETING[event.EventType];
    if (kind && taskId !== undefined) {
      const span: TimelineSpan = { kind, label: event.Name ?? (kind === 'timer' ? 'timer' : ''), taskId, startMs: at, outcome: 'pending', row: index };
      if (event.InstanceId !== undefined) span.instanceId = event.InstanceId;
      spans.push(span);
      open.set(key, span);
    } else if (outcome && taskId !== undefined) {
      const span = open.get(key);
      if (span) {
        span.endMs = at;
        span.outcome = outcome;
        row.durationMs = at - span.startMs;
        open.delete(key);
      }
    }
    rows.push(row);
  }
  const startMs = rows.length ? Date.parse(rows[0].timestamp) : now.getTime();
  const lastMs = rows.length ? Date.parse(rows[rows.length - 1].timestamp) : startMs;
  // Pending work runs on to now, so a bar still growing is seen as such.
  const endMs = open.size > 0 ? Math.max(lastMs, now.getTime()) : lastMs;
  return { rows, spans, startMs, endMs };
}
