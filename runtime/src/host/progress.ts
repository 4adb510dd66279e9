import type { HistoryEvent } from '../api/types';
import type { Worker } from '../worker/worker';

export interface ProgressOptions {
  write?: (line: string) => void;
  /** After this many events of one instance, print a running count instead of each event. */
  maxEventsPerInstance?: number;
  color?: boolean;
}

const quiet = new Set(['OrchestratorStarted', 'OrchestratorCompleted']);

/**
 * Event counts are kept for this many instances, those that printed last: a worker runs instances without end, and
 * one that waits (for days, on PostgreSQL in no process at all) must not keep a count here for ever.
 */
const COUNTED_INSTANCES = 1000;

/** Print each history event as the worker appends it, and orchestrators' replay-safe logs. */
export function printProgress(worker: Worker, options: ProgressOptions = {}): () => void {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const limit = options.maxEventsPerInstance ?? Infinity;
  const color = options.color ?? (process.stdout.isTTY === true && !process.env.NO_COLOR);
  const paint = (code: number, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const printed = new Map<string, number>();

  const onHistory = (instanceId: string, name: string, events: HistoryEvent[]) => {
    for (const event of events) {
      if (quiet.has(event.EventType)) continue;
      const count = (printed.get(instanceId) ?? 0) + 1;
      const finished = event.EventType === 'ExecutionCompleted' || event.EventType === 'ContinueAsNew' || event.EventType === 'ExecutionTerminated';
      // Moved to the end (the most recent); a finished instance's count is done with.
      printed.delete(instanceId);
      if (!finished) printed.set(instanceId, count);
      if (printed.size > COUNTED_INSTANCES) printed.delete(printed.keys().next().value!);
      if (count > limit && !finished) {
        if (count % 1000 === 0) write(`  ${paint(90, shortId(instanceId))} ${name} … ${count} events`);
        continue;
      }
      write(`  ${paint(90, shortId(instanceId))} ${name} ${paint(eventColor(event), event.EventType)}${describe(event)}`);
    }
  };
  const onLog = (instanceId: string, level: string, args: unknown[]) => {
    write(`  ${paint(90, shortId(instanceId))} ${paint(level === 'error' ? 31 : 36, `[${level}]`)} ${args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ')}`);
  };
  worker.on('history', onHistory);
  worker.on('log', onLog);
  return () => {
    worker.off('history', onHistory);
    worker.off('log', onLog);
  };
}

function describe(event: HistoryEvent): string {
  const parts: string[] = [];
  if (event.Name) parts.push(event.Name);
  if (event.TaskId !== undefined) parts.push(`#${event.TaskId}`);
  if (event.TaskScheduledId !== undefined) parts.push(`→ #${event.TaskScheduledId}`);
  if (event.TimerId !== undefined) parts.push(`→ #${event.TimerId}`);
  if (event.FireAt) parts.push(`at ${event.FireAt}`);
  const payload = event.Result ?? event.Input;
  if (payload !== undefined) parts.push(truncate(payload, 60));
  if (event.Reason) parts.push(truncate(event.Reason, 80));
  else if (event.Details) parts.push(truncate(JSON.parse(event.Details).message ?? event.Details, 120));
  return parts.length ? ` ${parts.join(' ')}` : '';
}

function eventColor(event: HistoryEvent): number {
  if (event.EventType.endsWith('Failed') || event.Details) return 31;
  if (event.EventType.endsWith('Completed') || event.EventType === 'TimerFired' || event.EventType === 'EventRaised') return 32;
  return 33;
}

/** Generated ids are long; sub-orchestration ids add a `:task` suffix worth keeping. */
function shortId(instanceId: string): string {
  const [root, ...suffix] = instanceId.split(':');
  const head = root.length > 12 ? `${root.slice(0, 8)}…` : root;
  return [head, ...suffix].join(':');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
