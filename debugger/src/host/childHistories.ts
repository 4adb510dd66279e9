import type { DurableStore, HistoryEvent } from 'durable-ts';

/** At most this many sub-orchestrations' histories are read before a replay starts: enough for any a user opens. */
const MOST_READ = 200;

/**
 * The recorded histories of the sub-orchestrations a history names, and of theirs in turn, read through the store
 * beforehand: the debugger asks for them while the code is paused and cannot wait for a read, and a shared store
 * (PostgreSQL) keeps no history this process has not read.
 */
export async function readChildHistories(store: DurableStore, history: readonly HistoryEvent[]): Promise<Map<string, HistoryEvent[]>> {
  const read = new Map<string, HistoryEvent[]>();
  let named = childIds(history);
  while (named.length && read.size < MOST_READ) {
    const batch = named.filter((instanceId) => !read.has(instanceId)).slice(0, MOST_READ - read.size);
    const histories = await Promise.all(batch.map((instanceId) => store.getHistory(instanceId)));
    batch.forEach((instanceId, index) => read.set(instanceId, histories[index]));
    named = [...new Set(histories.flatMap(childIds))];
  }
  return read;
}

function childIds(history: readonly HistoryEvent[]): string[] {
  const ids = history.filter((event) => event.EventType === 'SubOrchestrationInstanceCreated' && event.InstanceId).map((event) => event.InstanceId!);
  return [...new Set(ids)];
}
