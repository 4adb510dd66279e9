import { randomUUID } from 'node:crypto';
import type { ListFilter, OrchestrationStatus, RuntimeStatus, StartOptions } from '../api/types';
import type { DurableApp } from '../api/app';
import {
  InstanceAlreadyExistsError,
  InstanceFinishedError,
  InstanceNotFailedError,
  InstanceNotFoundError,
  InvalidInputError,
  StoreConflictError,
  UnknownOrchestrationError,
  WaitTimeoutError,
} from '../api/errors';
import { fromJson, toJson } from '../engine/serialization';
import type { CommitExpectation, DurableStore, InstanceRow } from '../store/types';
import { message, startedEvent } from '../worker/turnChanges';
import { checkVersion } from '../engine/version';
import { isTerminal, toStatus } from './status';
import { InstanceWatch } from './instanceWatch';
import { rewindChanges } from './rewind';
import { checkInstanceId } from './instanceId';
import { EntityClient } from '../entities/entityClient';
import { isEntityInstanceId } from '../entities/entityId';
import type { CleanEntityStorageResult, EntityIdLike, EntityMetadata, EntityQuery, EntityStateResponse, OperationInputArgs, OperationName, UntypedEntityIdLike } from '../entities/types';

/** A client's caller waits for the answer: on a full disk, answer at once rather than when space is freed. */
const FAIL_FAST = { failFast: true };

/** A rewind that other processes keep changing the instance under is tried this many times. */
const REWIND_ATTEMPTS = 5;

export interface ClientOptions {
  store: DurableStore;
  /** When given, starting an orchestration the app does not register fails at once instead of failing the instance. */
  app?: DurableApp;
  /** The version of instances started without one (default: none, ''). */
  defaultVersion?: string;
}

/**
 * Starts and manages orchestration instances. Every command is committed to the store and made durable before
 * its promise resolves, so whatever a caller acknowledges survives a crash.
 */
export class DurableClient {
  private readonly completionWatch: InstanceWatch;
  private readonly entities: EntityClient;

  constructor(private readonly options: ClientOptions) {
    this.completionWatch = new InstanceWatch(options.store);
    this.entities = new EntityClient(options.store, options.app);
  }

  private get store(): DurableStore {
    return this.options.store;
  }

  async start(name: string | { name: string }, input?: unknown, options: StartOptions = {}): Promise<string> {
    const orchestration = typeof name === 'string' ? name : name.name;
    const app = this.options.app;
    if (app && !app.hasOrchestration(orchestration)) throw new UnknownOrchestrationError(orchestration, app.orchestrationNames());
    const instanceId = options.instanceId === undefined ? randomUUID().replace(/-/g, '') : checkInstanceId(options.instanceId);
    const json = toJson(input, `The input of orchestration '${orchestration}'`);
    const version = checkVersion(options.version ?? this.options.defaultVersion ?? '', `Starting orchestration '${orchestration}'`);
    const now = Date.now();
    const row: InstanceRow = { instanceId, name: orchestration, status: 'Pending', input: json, output: undefined, customStatus: undefined, createdAt: now, updatedAt: now, generation: 0, parent: undefined, version };
    // Atomic in the store: of two clients starting one id at once (in two processes), exactly one creates it.
    const result = await this.store.createIfAbsent(row, [message(this.store, instanceId, 0, now, startedEvent(orchestration, json, version))], FAIL_FAST);
    if (!result.created) throw new InstanceAlreadyExistsError(instanceId, result.existing.status);
    return instanceId;
  }

  /** `showInput: false` leaves the input out (null), as Durable Functions does. */
  async getStatus(instanceId: string, options: { showHistory?: boolean; showInput?: boolean } = {}): Promise<OrchestrationStatus | undefined> {
    const row = await this.store.getInstance(instanceId);
    if (!row) return undefined;
    const history = options.showHistory ? await this.store.getHistory(instanceId) : undefined;
    // Show nothing that could still be lost: what was read must be durable before a caller sees it.
    await this.store.flush();
    const status = toStatus(row, history);
    if (options.showInput === false) status.input = null;
    return status;
  }

  /** Resolves with the final status once the instance completes, fails or is terminated (and that is durable). */
  waitForCompletion(instanceId: string, options: { timeoutMs?: number } = {}): Promise<OrchestrationStatus> {
    return new Promise((resolve, reject) => {
      let timeout: NodeJS.Timeout | undefined;
      const finish = (settle: () => void) => {
        this.completionWatch.unwatch(instanceId, check);
        if (timeout) clearTimeout(timeout);
        settle();
      };
      function check(row: InstanceRow | undefined) {
        if (!row) finish(() => reject(new InstanceNotFoundError(instanceId)));
        else if (isTerminal(row.status)) finish(() => flush().then(() => resolve(toStatus(row)), reject));
      }
      const flush = () => this.store.flush();
      if (options.timeoutMs !== undefined) {
        timeout = setTimeout(
          () => finish(() => reject(new WaitTimeoutError(`Instance '${instanceId}' did not finish within ${options.timeoutMs} ms.`))),
          options.timeoutMs,
        );
      }
      this.completionWatch.watch(instanceId, check);
      this.store.getInstance(instanceId).then((row) => this.completionWatch.isWatching(instanceId, check) && check(row), (error) => finish(() => reject(error)));
    });
  }

  async raiseEvent(instanceId: string, eventName: string, eventData?: unknown): Promise<void> {
    if (!eventName) throw new InvalidInputError('An event needs a name.');
    const row = await this.requireLive(instanceId);
    await this.store.commit([message(this.store, row.instanceId, undefined, Date.now(), { EventType: 'EventRaised', Name: eventName, Input: toJson(eventData, `The data of event '${eventName}'`) })], FAIL_FAST);
  }

  async terminate(instanceId: string, reason?: string): Promise<void> {
    const row = await this.requireLive(instanceId);
    await this.store.commit([message(this.store, row.instanceId, undefined, Date.now(), { EventType: 'ExecutionTerminated', Input: toJson(reason ?? null, 'The termination reason') })], FAIL_FAST);
  }

  async suspend(instanceId: string, reason?: string): Promise<void> {
    const row = await this.requireLive(instanceId);
    await this.store.commit([message(this.store, row.instanceId, undefined, Date.now(), { EventType: 'ExecutionSuspended', Reason: reason })], FAIL_FAST);
  }

  async resume(instanceId: string, reason?: string): Promise<void> {
    const row = await this.requireLive(instanceId);
    await this.store.commit([message(this.store, row.instanceId, undefined, Date.now(), { EventType: 'ExecutionResumed', Reason: reason })], FAIL_FAST);
  }

  /** Delete a finished instance's record and history. Returns false when there was no such instance. */
  async purge(instanceId: string): Promise<boolean> {
    const row = await this.store.getInstance(instanceId);
    if (!row) return false;
    refuseEntity(instanceId, 'remove deleted entities with cleanEntityStorage (durable-ts entity clean)');
    if (!isTerminal(row.status)) throw new InvalidInputError(`Instance '${instanceId}' is ${row.status}; terminate it before purging it.`);
    await this.store.commit([{ op: 'purge', instanceId }], FAIL_FAST);
    return true;
  }

  /**
   * Purge every finished instance created in the time range (to: now by default) and of the given statuses (any
   * finished one by default), in one commit. Returns how many were purged.
   */
  async purgeInstances(filter: PurgeFilter): Promise<number> {
    const statuses = filter.runtimeStatus?.length ? filter.runtimeStatus : finishedStatuses;
    const live = statuses.filter((status) => !isTerminal(status));
    if (live.length) throw new InvalidInputError(`Only finished instances (${finishedStatuses.join(', ')}) can be purged; terminate ${live.join(' and ')} instances first.`);
    const rows = await this.store.listInstances({ createdTimeFrom: filter.createdTimeFrom, createdTimeTo: filter.createdTimeTo ?? new Date(), runtimeStatus: statuses });
    if (rows.length) await this.store.commit(rows.map((row) => ({ op: 'purge', instanceId: row.instanceId })), FAIL_FAST);
    return rows.length;
  }

  /**
   * Run a Failed instance's failed work again (its failed activities and sub-orchestrations, the latter rewound
   * in turn) and let it go on from there, as Durable Functions' rewind does; what completed is not run again.
   */
  async rewind(instanceId: string, reason?: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const row = await this.store.getInstance(instanceId);
      if (!row) throw new InstanceNotFoundError(instanceId);
      if (row.status !== 'Failed') throw new InstanceNotFailedError(instanceId, row.status);
      const expect: CommitExpectation[] = [];
      const changes = await rewindChanges(this.store, row, reason, Date.now(), expect);
      try {
        return await this.store.commit(changes, { ...FAIL_FAST, expect });
      } catch (error) {
        // Another process changed the instance after it was read (a rewind of its own, a late result dropped):
        // nothing applied; read it again, and decide again.
        if (!(error instanceof StoreConflictError) || attempt >= REWIND_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Start the instance's orchestration again with its input (the latest, after a continue-as-new), as Durable
   * Functions' restart does: under a new id (the default), or under its own id once it has finished. Returns the id.
   */
  async restart(instanceId: string, options: { restartWithNewInstanceId?: boolean } = {}): Promise<string> {
    const row = await this.store.getInstance(instanceId);
    if (!row) throw new InstanceNotFoundError(instanceId);
    return this.start(row.name, fromJson(row.input), { instanceId: options.restartWithNewInstanceId === false ? instanceId : undefined });
  }

  async list(filter: ListFilter = {}): Promise<OrchestrationStatus[]> {
    const rows = await this.store.listInstances(filter);
    await this.store.flush();
    return rows.map((row) => toStatus(row));
  }

  /** Send an operation to an entity (one-way); resolves once it is durable. */
  signalEntity<TOps, K extends OperationName<TOps>>(entity: EntityIdLike<TOps>, operation: K, ...input: OperationInputArgs<TOps, K>): Promise<void>;
  signalEntity(entity: UntypedEntityIdLike, operation: string, input?: unknown): Promise<void>;
  signalEntity(entity: EntityIdLike, operation: string, input?: unknown): Promise<void> {
    return this.entities.signalEntity(entity, operation, input);
  }

  readEntityState<T = unknown>(entity: EntityIdLike): Promise<EntityStateResponse<T>> {
    return this.entities.readEntityState<T>(entity);
  }

  listEntities(query?: EntityQuery): Promise<EntityMetadata[]> {
    return this.entities.listEntities(query);
  }

  cleanEntityStorage(options?: { removeEmptyEntities?: boolean; releaseOrphanedLocks?: boolean }): Promise<CleanEntityStorageResult> {
    return this.entities.cleanEntityStorage(options);
  }

  private async requireLive(instanceId: string): Promise<InstanceRow> {
    const row = await this.store.getInstance(instanceId);
    if (!row) throw new InstanceNotFoundError(instanceId);
    refuseEntity(instanceId, 'send it operations with signalEntity');
    if (isTerminal(row.status)) throw new InstanceFinishedError(instanceId, row.status);
    return row;
  }
}

export interface PurgeFilter {
  createdTimeFrom: Date;
  createdTimeTo?: Date;
  runtimeStatus?: RuntimeStatus[];
}

const finishedStatuses: RuntimeStatus[] = ['Completed', 'Failed', 'Terminated'];

/** Entities live in instance rows, but only their own messages may change them. */
function refuseEntity(instanceId: string, instead: string): void {
  if (isEntityInstanceId(instanceId)) throw new InvalidInputError(`'${instanceId}' is an entity, not an orchestration instance: ${instead}.`);
}

export function createClient(options: ClientOptions): DurableClient {
  return new DurableClient(options);
}
