import type { DurableStore, InstanceRow, StoreChange } from '../store/types';
import { message, startedEvent } from '../worker/turnChanges';

export interface NewInstance {
  name: string;
  instanceId: string;
  /** JSON text. */
  input: string | undefined;
  version: string;
  now: number;
  /** A finished instance with this id, whose record the new one replaces. */
  replaces?: InstanceRow;
}

/** The changes that create an instance and queue the event that starts it. */
export function startChanges(store: DurableStore, start: NewInstance): StoreChange[] {
  const { name, instanceId, input, version, now } = start;
  const changes: StoreChange[] = [];
  if (start.replaces) changes.push({ op: 'purge', instanceId });
  changes.push(
    {
      op: 'createInstance',
      row: { instanceId, name, status: 'Pending', input, output: undefined, customStatus: undefined, createdAt: now, updatedAt: now, generation: 0, parent: undefined, version },
    },
    message(store, instanceId, 0, now, startedEvent(name, input, version)),
  );
  return changes;
}
