import type { HistoryEvent } from 'durable-ts';
import { CHECKPOINT_EVENT_TYPES } from './hostProtocol';

/**
 * The checkpoint the code at `position` runs after: the last event at or before it that resumed the orchestrator.
 * Code between two checkpoints is one segment; stepping back moves from segment to segment.
 */
export function segmentStart(history: readonly HistoryEvent[], position: number): number {
  for (let index = Math.min(position, history.length - 1); index > 0; index--) {
    if (CHECKPOINT_EVENT_TYPES.has(history[index].EventType)) return index;
  }
  return 0;
}

/** The checkpoint one segment before the one `position` is in (the start, when already in the first segment). */
export function previousCheckpoint(history: readonly HistoryEvent[], position: number): number {
  const start = segmentStart(history, position);
  return start === 0 ? 0 : segmentStart(history, start - 1);
}
