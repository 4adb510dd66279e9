import type { InstanceRow, StoreChange } from '../store/types';
import type { EntityRequest, RequestSender } from './requests';
import { entityIdOf } from './entityId';

/**
 * An entity's durable record, kept in its instance row: the state (JSON text) in `output`, and in `customStatus`
 * what a critical section needs — the orchestration holding the entity and the requests waiting for it to let go.
 * `status` is Running while the entity has state, Completed once it has none (a deleted entity, which
 * `cleanEntityStorage` may remove).
 */
export interface EntityRecord {
  state: string | undefined;
  lockedBy: RequestSender | undefined;
  queue: EntityRequest[];
}

interface Scheduling {
  lockedBy?: RequestSender;
  queue?: EntityRequest[];
}

export function readRecord(row: InstanceRow | undefined): EntityRecord {
  const scheduling: Scheduling = row?.customStatus ? JSON.parse(row.customStatus) : {};
  return { state: row?.output, lockedBy: scheduling.lockedBy, queue: scheduling.queue ?? [] };
}

/** A record without state, held by no one, with nothing waiting: nothing is lost by removing it. */
export function isEmpty(record: EntityRecord): boolean {
  return record.state === undefined && record.lockedBy === undefined && record.queue.length === 0;
}

/** The change that writes the record: the entity's row is made by its first operation. */
export function recordChange(instanceId: string, existing: InstanceRow | undefined, record: EntityRecord, now: number): StoreChange {
  const scheduling: Scheduling = {};
  if (record.lockedBy) scheduling.lockedBy = record.lockedBy;
  if (record.queue.length) scheduling.queue = record.queue;
  const customStatus = scheduling.lockedBy || scheduling.queue ? JSON.stringify(scheduling) : undefined;
  const status = record.state === undefined ? 'Completed' : 'Running';
  if (existing) return { op: 'updateInstance', instanceId, update: { status, output: record.state, customStatus, updatedAt: now } };
  return {
    op: 'createInstance',
    row: {
      instanceId, name: entityIdOf(instanceId).name, status, input: undefined, output: record.state, customStatus,
      createdAt: now, updatedAt: now, generation: 0, parent: undefined, version: '',
    },
  };
}
