import type { HistoryEvent } from 'durable-ts';
import { describeFailure } from './failureText';

/**
 * One history event as a line of the debug console: `#5 TaskCompleted SayHello → "Hello Tokyo!"`. Given
 * `isUserFile`, a failure is shown as its error and the user's frames instead of its recorded JSON.
 */
export function formatHistoryEvent(event: HistoryEvent, isUserFile?: (file: string) => boolean): string {
  const parts = [`#${event.EventId}`, event.EventType];
  if (event.Name) parts.push(event.Name);
  if (event.TaskId !== undefined) parts.push(`(task ${event.TaskId})`);
  if (event.TaskScheduledId !== undefined) parts.push(`(for task ${event.TaskScheduledId})`);
  if (event.TimerId !== undefined) parts.push(`(timer ${event.TimerId})`);
  if (event.FireAt) parts.push(`fires at ${event.FireAt}`);
  if (event.Input !== undefined) parts.push(`← ${event.Input}`);
  if (event.Result !== undefined) parts.push(`→ ${event.Result}`);
  if (event.Details) parts.push(`✗ ${isUserFile ? describeFailure(event.Details, isUserFile) : event.Details}`);
  return parts.join(' ');
}
