import * as fs from 'node:fs';
import type { HistoryEvent } from 'durable-ts';
import { LaunchConfigurationError } from './chooseOrchestration';

/** An instance's history as exported: `durable-ts history <id> --format json`, the HTTP status with `showHistory`, or its `historyEvents` array. */
export interface ExportedHistory {
  instanceId: string;
  name: string;
  recordedStatus: string;
  history: HistoryEvent[];
}

/** Reads an exported history, saying plainly what is wrong with a file that is not one. */
export function readHistoryFile(file: string): ExportedHistory {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new LaunchConfigurationError(`Cannot read the history file ${file}: ${(error as Error).message}.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new LaunchConfigurationError(`The history file ${file} is not JSON (${(error as Error).message}): export one with \`durable-ts history <id> --format json\`.`);
  }
  const body = (Array.isArray(parsed) ? { historyEvents: parsed } : parsed) as { instanceId?: unknown; name?: unknown; runtimeStatus?: unknown; historyEvents?: unknown };
  const history = body?.historyEvents;
  if (!Array.isArray(history) || history.length === 0) {
    throw new LaunchConfigurationError(`The history file ${file} holds no history events: it needs a "historyEvents" array (or to be one), as \`durable-ts history <id> --format json\` writes.`);
  }
  history.forEach((event: Partial<HistoryEvent>, index) => {
    if (typeof event?.EventType !== 'string' || typeof event.Timestamp !== 'string') {
      throw new LaunchConfigurationError(`History event ${index} of ${file} has no EventType or Timestamp: ${JSON.stringify(event)?.slice(0, 200)}.`);
    }
  });
  const events = history.map((event: HistoryEvent, index) => ({ ...event, EventId: typeof event.EventId === 'number' ? event.EventId : index }));
  const started = events.find((event) => event.EventType === 'ExecutionStarted');
  const name = typeof body.name === 'string' ? body.name : started?.Name;
  if (!name) throw new LaunchConfigurationError(`The history file ${file} does not say which orchestration it records: it has no "name" and no ExecutionStarted event with a Name.`);
  return {
    instanceId: typeof body.instanceId === 'string' ? body.instanceId : 'replayed-from-file',
    name,
    recordedStatus: typeof body.runtimeStatus === 'string' ? body.runtimeStatus : 'unknown',
    history: events,
  };
}
