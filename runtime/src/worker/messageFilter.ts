import type { InstanceRow, Message } from '../store/types';

export interface SortedMessages {
  /** Delivered to the orchestrator this turn, in order. */
  deliver: Message[];
  /** Consumed without effect: stale generation, duplicate suspend/resume. */
  drop: Message[];
  /** Kept for later: work that arrived while the instance is suspended. */
  hold: Message[];
}

const alwaysDelivered = new Set(['ExecutionTerminated']);

/** Decide what an instance's turn does with each queued message, given its status and generation. */
export function sortMessages(row: InstanceRow, messages: readonly Message[]): SortedMessages {
  const sorted: SortedMessages = { deliver: [], drop: [], hold: [] };
  let suspended = row.status === 'Suspended';
  for (const message of messages) {
    const type = message.event.EventType;
    if (message.generation !== undefined && message.generation !== row.generation) sorted.drop.push(message);
    else if (type === 'ExecutionSuspended') (suspended ? sorted.drop : sorted.deliver).push(message), (suspended = true);
    else if (type === 'ExecutionResumed') {
      if (!suspended) sorted.drop.push(message);
      else {
        // What arrived while suspended follows the resume, in arrival order.
        sorted.deliver.push(message, ...sorted.hold.splice(0));
        suspended = false;
      }
    }
    else if (alwaysDelivered.has(type) || !suspended) sorted.deliver.push(message);
    else sorted.hold.push(message);
  }
  // A terminate ends the instance without running its code again: results that came with it would only wake code
  // the user wants stopped (one that never yields, say).
  const terminate = sorted.deliver.find((message) => message.event.EventType === 'ExecutionTerminated');
  if (terminate) return { deliver: [terminate], drop: [...sorted.drop, ...sorted.deliver.filter((message) => message !== terminate), ...sorted.hold], hold: [] };
  return sorted;
}
