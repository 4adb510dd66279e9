import type { DurableApp } from '../api/app';
import { failureOf, InstanceAlreadyExistsError } from '../api/errors';
import { toJson } from '../engine/serialization';
import { replayObserver } from '../engine/replayObserver';
import { isTerminal } from '../client/status';
import { startChanges } from '../client/startChanges';
import type { DurableStore, Message, StoreChange } from '../store/types';
import { entityIdOf } from './entityId';
import { EntityContextImpl, type Outgoing } from './entityContext';
import { readRecord, recordChange, type EntityRecord } from './entityRecord';
import { lockGrantedChange, readRequest, requestChange, resultChange, type EntityRequest, type OperationResult, type RequestSender } from './requests';
import { UnknownEntityError } from './errors';
import { entityObserver } from './entityObserver';

export interface EntityRunnerOptions {
  app: DurableApp;
  store: DurableStore;
  /** Commit a batch; what it sends out is dispatched once it is durable. */
  commit(instanceId: string, changes: StoreChange[]): void;
  /** A line for the host's log: an operation nobody waits for failed. */
  log(instanceId: string, level: string, args: unknown[]): void;
  /** The version of orchestrations an entity starts. */
  defaultVersion?: string;
}

/**
 * Runs the queued requests of one entity, in arrival order, as one batch: their operations' state, the answers to
 * callers and what the operations send out commit together with the messages they consumed. The worker runs at
 * most one batch per entity at a time, so an entity's operations never overlap. A critical section holding the
 * entity makes other senders' requests wait, in order, in the entity's record until the holder lets go.
 */
export class EntityRunner {
  constructor(private readonly options: EntityRunnerOptions) {}

  /** `poison`: the operations were running each time the host died of late; they fail with it instead of running. */
  async runBatch(instanceId: string, messages: readonly Message[], poison?: Error): Promise<void> {
    const store = this.options.store;
    const row = await store.getInstance(instanceId);
    const record = readRecord(row);
    const now = Date.now();
    const changes: StoreChange[] = [];
    const batch = new Batch(this.options, instanceId, record, changes, now, poison);
    const incoming = [...messages];
    for (;;) {
      const queued = record.lockedBy ? undefined : record.queue.shift();
      if (queued) {
        await batch.run(queued);
        continue;
      }
      const next = incoming.shift();
      if (!next) break;
      const request = readRequest(next);
      // Orchestration messages (a terminate sent to an entity's id) mean nothing to an entity.
      if (request && !batch.accept(request)) continue; // left queued in the store, for an app that has the entity
      changes.push({ op: 'ack', messageId: next.id });
      if (!request) continue;
      if (record.lockedBy && request.sender?.instanceId !== record.lockedBy.instanceId) {
        // Held by a critical section: other senders wait, in arrival order. A stale unlock has nothing to release.
        if (request.type !== 'EntityUnlockSent') record.queue.push(request);
        continue;
      }
      await batch.run(request);
    }
    if (changes.length === 0) return;
    changes.push(recordChange(instanceId, row, record, now));
    this.options.commit(instanceId, changes);
  }
}

class Batch {
  constructor(
    private readonly options: EntityRunnerOptions,
    private readonly instanceId: string,
    private readonly record: EntityRecord,
    private readonly changes: StoreChange[],
    private readonly now: number,
    private readonly poison: Error | undefined,
  ) {}

  /**
   * Whether the request can be taken now. A signal for an entity the app does not register stays queued (a later
   * app may); a call fails at once, as its caller waits.
   */
  accept(request: EntityRequest): boolean {
    if (request.type !== 'EntityOperationSignaled') return true;
    return this.options.app.hasEntity(entityIdOf(this.instanceId).name);
  }

  async run(request: EntityRequest): Promise<void> {
    switch (request.type) {
      case 'EntityUnlockSent':
        if (this.record.lockedBy?.instanceId === request.sender?.instanceId) this.record.lockedBy = undefined;
        return;
      case 'EntityLockRequested':
        return this.lock(request);
      default:
        return this.operate(request);
    }
  }

  /** Take the lock for the sender, and pass the request on to the next entity of its set (the last one answers). */
  private async lock(request: EntityRequest): Promise<void> {
    const sender = request.sender!;
    // An orchestration that ended while its request travelled has let go of its entities already: it must not hold this one.
    if (!(await this.isLive(sender))) return;
    this.record.lockedBy = { instanceId: sender.instanceId, generation: sender.generation };
    const lockSet = request.lockSet ?? [];
    const next = lockSet[lockSet.indexOf(this.instanceId) + 1];
    this.changes.push(next ? requestChange(this.options.store, next, request, this.now) : lockGrantedChange(this.options.store, this.instanceId, sender, this.now));
  }

  private async isLive(sender: RequestSender): Promise<boolean> {
    const row = await this.options.store.getInstance(sender.instanceId);
    return row !== undefined && !isTerminal(row.status) && row.generation === sender.generation;
  }

  private async operate(request: EntityRequest): Promise<void> {
    const operation = request.operation ?? '';
    const result = await this.execute(operation, request.input);
    const sender = request.sender;
    if (request.type === 'EntityOperationCalled' && sender) {
      this.changes.push(resultChange(this.options.store, this.instanceId, sender, operation, result, this.now));
    } else if (!result.ok) {
      this.options.log(this.instanceId, 'error', [`Operation '${operation}' signalled to entity ${this.instanceId} failed: ${result.failure.message}`]);
    }
  }

  /** One operation: on success its state and what it sends are kept; on failure neither is (the state is as before). */
  private async execute(operation: string, input: string | undefined): Promise<OperationResult> {
    const app = this.options.app;
    const name = entityIdOf(this.instanceId).name;
    try {
      if (this.poison) throw this.poison;
      if (!app.hasEntity(name)) throw new UnknownEntityError(name, app.entityNames());
      const context = new EntityContextImpl(app, this.instanceId, operation, input, this.record.state);
      const held = replayObserver().entityOperationStarting({ entityId: this.instanceId, operationName: operation });
      if (held) await held;
      const returned = await entityObserver.run(context, () => app.getEntity(name)(context));
      const output = toJson(context.returned ? context.returned.value : returned, `The result of operation '${operation}' on entity ${this.instanceId}`);
      const state = context.stateJson();
      const sent = await this.outgoingChanges(context.outgoing);
      this.record.state = state;
      this.changes.push(...sent);
      return { ok: true, output };
    } catch (error) {
      return { ok: false, failure: failureOf(error) };
    }
  }

  private async outgoingChanges(outgoing: Outgoing[]): Promise<StoreChange[]> {
    const store = this.options.store;
    const changes: StoreChange[] = [];
    for (const item of outgoing) {
      if (item.kind === 'signal') {
        changes.push(requestChange(store, item.entityId, item.request, this.now));
        continue;
      }
      const existing = item.explicitId ? await store.getInstance(item.instanceId) : undefined;
      if (existing && !isTerminal(existing.status)) throw new InstanceAlreadyExistsError(item.instanceId, existing.status);
      changes.push(...startChanges(store, { name: item.name, instanceId: item.instanceId, input: item.input, version: this.options.defaultVersion ?? '', now: this.now, replaces: existing }));
    }
    return changes;
  }
}
