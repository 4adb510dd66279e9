import { InvalidInputError } from '../api/errors';
import type { DurableTask } from '../api/types';
import { Task } from '../engine/task';
import { toJson } from '../engine/serialization';
import type { OrchestrationExecutor } from '../engine/executor';
import type { EntityIdLike, EntityLock, LockState } from './types';
import { entityIdOf, entityInstanceId } from './entityId';
import { checkOperation } from './entityContext';
import { LockingRulesViolationError } from './errors';
import type { EntityRequestType } from './requests';

interface CriticalSection {
  /** The entities' instance ids, in the order they are taken. */
  readonly lockSet: string[];
}

/**
 * `ctx.callEntity`, `ctx.signalEntity` and `ctx.lock` of one orchestration. Each is a durable call recorded in the
 * history (and matched on replay), so the critical section an orchestration holds is rebuilt by replaying it.
 *
 * Critical sections cannot deadlock: every orchestration takes its entities one after the other in one global
 * order (their ids sorted), each entity passing the request on once it is held, so no two orchestrations wait
 * for each other. The rules Durable Functions enforces keep it so: no nested sections, no sub-orchestrations in
 * one, calls only to held entities and signals only to others.
 */
export class OrchestrationEntityCalls {
  private section: CriticalSection | undefined;

  constructor(private readonly executor: OrchestrationExecutor) {}

  callEntity(entity: EntityIdLike, operation: string, input?: unknown): DurableTask<any> {
    const entityId = entityInstanceId(entity);
    if (this.section && !this.section.lockSet.includes(entityId)) {
      throw new LockingRulesViolationError(`Cannot call ${entityId} from within a critical section unless it is one of the locked entities (${this.section.lockSet.join(', ')}).`);
    }
    return this.send('EntityOperationCalled', entityId, operation, input);
  }

  signalEntity(entity: EntityIdLike, operation: string, input?: unknown): void {
    const entityId = entityInstanceId(entity);
    if (this.section?.lockSet.includes(entityId)) {
      throw new LockingRulesViolationError(`Cannot signal ${entityId} from within a critical section that holds it: call it (ctx.callEntity) instead.`);
    }
    this.send('EntityOperationSignaled', entityId, operation, input);
  }

  lock(entities: readonly EntityIdLike[]): DurableTask<EntityLock> {
    if (!Array.isArray(entities) || entities.length === 0) throw new InvalidInputError('ctx.lock needs a non-empty array of entity ids.');
    if (this.section) throw new LockingRulesViolationError(`Cannot lock more entities while already holding ${this.section.lockSet.join(', ')}: critical sections cannot be nested.`);
    const lockSet = [...new Set(entities.map(entityInstanceId))].sort();
    const section: CriticalSection = { lockSet };
    const taskId = this.executor.allocateTaskId();
    const granted = this.executor.schedule({ kind: 'entity', taskId, type: 'EntityLockRequested', entityId: lockSet[0], name: undefined, input: undefined, lockSet }, new Task<void>());
    this.section = section;
    const release = () => this.release(section);
    const lock: EntityLock = { ownedLocks: lockSet.map(entityIdOf), release, [Symbol.dispose]: release };
    return new Task<EntityLock>().follow(granted.then(() => lock));
  }

  isLocked(): LockState {
    return { isLocked: this.section !== undefined, ownedLocks: this.section?.lockSet.map(entityIdOf) ?? [] };
  }

  /** A sub-orchestration could call the held entities, which wait for this orchestration: a deadlock. */
  checkOutsideCriticalSection(call: string): void {
    if (this.section) throw new LockingRulesViolationError(`Cannot call ${call} from within a critical section (holding ${this.section.lockSet.join(', ')}).`);
  }

  /** An orchestration that ends (completes, fails, is terminated or continues as new) lets its entities go. */
  releaseAtEnd(): void {
    if (this.section) this.release(this.section);
  }

  private release(section: CriticalSection): void {
    if (this.section !== section) return;
    this.section = undefined;
    for (const entityId of section.lockSet) {
      this.executor.schedule({ kind: 'entity', taskId: this.executor.allocateTaskId(), type: 'EntityUnlockSent', entityId, name: undefined, input: undefined }, new Task<void>());
    }
  }

  private send(type: EntityRequestType, entityId: string, operation: string, input: unknown): Task<unknown> {
    const name = checkOperation(operation);
    const json = toJson(input, `The input of operation '${name}' on entity ${entityId}`);
    return this.executor.schedule({ kind: 'entity', taskId: this.executor.allocateTaskId(), type, entityId, name, input: json }, new Task<unknown>());
  }
}
