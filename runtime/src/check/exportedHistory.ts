import type { HistoryEvent } from '../api/types';
import { InvalidInputError } from '../api/errors';
import type { RecordedInstance } from './replayCheck';

export interface ExportedInstance extends RecordedInstance {
  /** The status the export recorded, when it says ('unknown' otherwise). */
  runtimeStatus: string;
  version: string;
}

/**
 * An instance's history as exported — `durable-ts history <id> --format json`, the HTTP status with
 * `showHistory=true`, or just its `historyEvents` array — as an object or its JSON text. `source` names it in errors.
 */
export function exportedInstance(exported: unknown, source: string): ExportedInstance {
  const how = 'export one with `durable-ts history <id> --format json`';
  let value = exported;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (error) {
      throw new InvalidInputError(`${source} is not JSON (${(error as Error).message}): ${how}.`);
    }
  }
  const body = (Array.isArray(value) ? { historyEvents: value } : value) as { instanceId?: unknown; name?: unknown; runtimeStatus?: unknown; historyEvents?: unknown } | null;
  const events = body?.historyEvents;
  if (!Array.isArray(events)) throw new InvalidInputError(`${source} holds no "historyEvents" array (nor is one): ${how}.`);
  events.forEach((event: Partial<HistoryEvent> | null, index) => {
    if (typeof event?.EventType !== 'string' || typeof event.Timestamp !== 'string') {
      throw new InvalidInputError(`History event ${index} of ${source} has no EventType or Timestamp: ${JSON.stringify(event)?.slice(0, 200)}.`);
    }
  });
  const historyEvents = (events as HistoryEvent[]).map((event, index) => (typeof event.EventId === 'number' ? event : { ...event, EventId: index }));
  const started = historyEvents.find((event) => event.EventType === 'ExecutionStarted');
  const name = typeof body!.name === 'string' ? body!.name : started?.Name;
  if (!name) throw new InvalidInputError(`${source} does not say which orchestration it records: it has no "name" and no ExecutionStarted event with a Name.`);
  return {
    instanceId: typeof body!.instanceId === 'string' ? body!.instanceId : 'replayed-history',
    name,
    runtimeStatus: typeof body!.runtimeStatus === 'string' ? body!.runtimeStatus : 'unknown',
    version: started?.Version ?? '',
    historyEvents,
  };
}
