import type { DurableApp } from '../api/app';
import { InvalidInputError } from '../api/errors';
import { fromJson, toJson } from '../engine/serialization';
import { isTerminal } from '../client/status';
import type { DurableStore, StoreChange } from '../store/types';
import type { CleanEntityStorageResult, EntityIdLike, EntityMetadata, EntityQuery, EntityStateResponse } from './types';
import { entityIdOf, entityInstanceId, toEntityId } from './entityId';
import { isEmpty, readRecord } from './entityRecord';
import { requestChange } from './requests';
import { checkOperation } from './entityContext';
import { UnknownEntityError } from './errors';

/** A client's caller waits for the answer: on a full disk, answer at once rather than when space is freed. */
const FAIL_FAST = { failFast: true };

/** The entity commands of a client. Each is committed and durable before it resolves, like the client's others. */
export class EntityClient {
  constructor(
    private readonly store: DurableStore,
    private readonly app: DurableApp | undefined,
  ) {}

  /** Queue an operation for an entity (created by its first operation); resolves once the request is durable. */
  async signalEntity(entity: EntityIdLike, operation: string, input?: unknown): Promise<void> {
    const entityId = entityInstanceId(entity);
    const { name } = toEntityId(entity);
    if (this.app && !this.app.hasEntity(name)) throw new UnknownEntityError(name, this.app.entityNames());
    const json = toJson(input, `The input of operation '${operation}' on entity ${entityId}`);
    await this.store.commit([requestChange(this.store, entityId, { type: 'EntityOperationSignaled', operation: checkOperation(operation), input: json }, Date.now())], FAIL_FAST);
  }

  async readEntityState<T = unknown>(entity: EntityIdLike): Promise<EntityStateResponse<T>> {
    const row = await this.store.getInstance(entityInstanceId(entity));
    // Show nothing that could still be lost: what was read must be durable before a caller sees it.
    await this.store.flush();
    const state = row?.output;
    return { entityExists: state !== undefined, entityState: fromJson(state) as T | undefined };
  }

  async listEntities(query: EntityQuery = {}): Promise<EntityMetadata[]> {
    if (query.top !== undefined && !(Number.isInteger(query.top) && query.top >= 0)) throw new InvalidInputError(`top must be a non-negative integer, got ${query.top}.`);
    const prefix = query.name === undefined ? '@' : `@${query.name.toLowerCase()}@${query.keyPrefix ?? ''}`;
    const rows = await this.store.listInstances({ instanceIdPrefix: prefix });
    const entities: EntityMetadata[] = [];
    for (const row of rows) {
      const id = entityIdOf(row.instanceId);
      if (query.keyPrefix !== undefined && !id.key.startsWith(query.keyPrefix)) continue;
      if (query.lastOperationTimeFrom && row.updatedAt < query.lastOperationTimeFrom.getTime()) continue;
      if (query.lastOperationTimeTo && row.updatedAt > query.lastOperationTimeTo.getTime()) continue;
      const record = readRecord(row);
      if (!query.includeDeleted && isEmpty(record)) continue;
      const entity: EntityMetadata = { id, lastOperationTime: new Date(row.updatedAt).toISOString(), backlogQueueSize: record.queue.length };
      if (record.lockedBy) entity.lockedBy = record.lockedBy.instanceId;
      if (query.fetchState) entity.state = fromJson(record.state);
      entities.push(entity);
      if (entities.length === query.top) break;
    }
    await this.store.flush();
    return entities;
  }

  /**
   * Remove entities without state that no one holds and nothing waits for, and let go of entities held by an
   * orchestration that has ended or no longer exists (its queued requests then run).
   */
  async cleanEntityStorage(options: { removeEmptyEntities?: boolean; releaseOrphanedLocks?: boolean } = {}): Promise<CleanEntityStorageResult> {
    const result: CleanEntityStorageResult = { numberOfEmptyEntitiesRemoved: 0, numberOfOrphanedLocksRemoved: 0 };
    const changes: StoreChange[] = [];
    const rows = await this.store.listInstances({ instanceIdPrefix: '@' });
    // Requests queued for an entity but not yet run are kept: purging a row drops its queued messages, which are
    // written again in the same commit.
    const pending = (await this.store.queuedWork(rows.map((row) => row.instanceId))).messages;
    for (const row of rows) {
      const record = readRecord(row);
      if (options.removeEmptyEntities !== false && isEmpty(record)) {
        changes.push({ op: 'purge', instanceId: row.instanceId }, ...pending.filter((queued) => queued.instanceId === row.instanceId).map((queued) => ({ op: 'enqueue' as const, message: queued })));
        result.numberOfEmptyEntitiesRemoved++;
      } else if (options.releaseOrphanedLocks !== false && record.lockedBy) {
        const holder = await this.store.getInstance(record.lockedBy.instanceId);
        if (holder && !isTerminal(holder.status) && holder.generation === record.lockedBy.generation) continue;
        changes.push(requestChange(this.store, row.instanceId, { type: 'EntityUnlockSent', sender: { instanceId: record.lockedBy.instanceId } }, Date.now()));
        result.numberOfOrphanedLocksRemoved++;
      }
    }
    if (changes.length) await this.store.commit(changes, FAIL_FAST);
    return result;
  }
}
