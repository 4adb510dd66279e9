/**
 * The public API of durable entities: small pieces of durable state, each addressed by an id `{ name, key }`,
 * changed only by operations that run one at a time. Entity code does not replay: it may do anything an
 * activity may, and its state and the messages an operation sends are recorded together.
 */
import type { OrchestrationHandle, StartOptions } from '../api/types';

/**
 * An entity's id: its kind (the registered name, compared without case) and its key. `ops` is a phantom field
 * that carries the operations of a typed entity (`counter.id('a')`), so calls on it type-check.
 */
export interface EntityId<TOps = unknown> {
  readonly name: string;
  readonly key: string;
  readonly __operations?: TOps;
}

/** An entity id, or its string form `@name@key` (as Durable Functions writes entity instance ids). */
export type EntityIdLike<TOps = any> = EntityId<TOps> | string;

/** An id that carries no operations (a plain `{ name, key }`, a string): its calls take any operation name. */
export type UntypedEntityIdLike = EntityId<never> | string;

/** What an entity operation sees: the operation, its input and the entity's state. */
export interface EntityContext<TState = any> {
  readonly entityId: EntityId;
  readonly entityName: string;
  readonly entityKey: string;
  readonly operationName: string;
  /** True when the entity had no state before this operation. */
  readonly isNewlyConstructed: boolean;
  /** The operation's input (undefined when none was given). */
  getInput<TInput = any>(): TInput;
  /**
   * The entity's state. Without state yet, `initial` (a value, or a function that makes one) becomes the state and
   * is returned; without `initial`, undefined. The object returned is the state: changing it changes the state.
   */
  getState(initial?: TState | (() => TState)): TState | undefined;
  /** Replace the state (any JSON value; undefined deletes it). */
  setState(state: TState | undefined): void;
  /** Delete the state: the entity no longer exists once the operation ends (until an operation sets state again). */
  deleteState(): void;
  /** The operation's result for a caller (`ctx.callEntity`); a value the handler returns does the same. */
  return(value: unknown): void;
  /** Send an operation to an entity (this one too), once this operation is recorded. */
  signalEntity<TOps, K extends OperationName<TOps>>(entity: EntityIdLike<TOps>, operation: K, ...input: OperationInputArgs<TOps, K>): void;
  signalEntity(entity: UntypedEntityIdLike, operation: string, input?: unknown): void;
  /** Start an orchestration once this operation is recorded; returns its instance id. */
  startNewOrchestration<TInput>(orchestration: OrchestrationHandle<TInput, unknown>, input?: TInput, options?: Pick<StartOptions, 'instanceId'>): string;
  startNewOrchestration(orchestration: string, input?: unknown, options?: Pick<StartOptions, 'instanceId'>): string;
}

/** An entity written as one function that dispatches on `ctx.operationName` (as Durable Functions' `df.app.entity`). */
export type EntityFunction<TState = any> = (context: EntityContext<TState>) => unknown;

/** One operation of an entity written as an object of operations: `(ctx, input) => result`. */
export type EntityOperation<TState = any, TInput = any, TOutput = unknown> = (context: EntityContext<TState>, input: TInput) => TOutput;

/** An entity written as an object whose methods are its operations; the handle it registers types their calls. */
export type EntityOperations<TState = any> = Record<string, EntityOperation<TState>>;

/** Operation names of a typed entity (never for an untyped one, whose calls take any name). */
export type OperationName<TOps> = [TOps] extends [never] ? never : unknown extends TOps ? never : keyof TOps & string;

type OperationInput<TOps, K> = K extends keyof TOps ? (TOps[K] extends (context: never, input: infer I) => unknown ? I : undefined) : never;

/** The input argument of an operation: optional when the operation takes none. */
export type OperationInputArgs<TOps, K> = undefined extends OperationInput<TOps, K> ? [input?: OperationInput<TOps, K>] : [input: OperationInput<TOps, K>];

/** What calling an operation resolves to. */
export type OperationOutput<TOps, K> = K extends keyof TOps ? (TOps[K] extends (...args: never[]) => infer R ? Awaited<R> : unknown) : unknown;

/** A registered entity: `handle.id(key)` names one of its entities, typed with its operations. */
export interface EntityHandle<TOps = never> {
  readonly kind: 'entity';
  readonly name: string;
  id(key: string): EntityId<TOps>;
}

/** A critical section: the entities an orchestration holds until it releases them (or ends). */
export interface EntityLock {
  readonly ownedLocks: readonly EntityId[];
  /** Let the entities go (idempotent); the orchestration ending does it too. */
  release(): void;
  [Symbol.dispose](): void;
}

export interface LockState {
  readonly isLocked: boolean;
  readonly ownedLocks: readonly EntityId[];
}

/** What `readEntityState` answers, as Durable Functions' client does. */
export interface EntityStateResponse<T> {
  entityExists: boolean;
  entityState: T | undefined;
}

export interface EntityQuery {
  /** Only entities of this name (compared without case). */
  name?: string;
  /** Only entities whose key starts with this. */
  keyPrefix?: string;
  lastOperationTimeFrom?: Date;
  lastOperationTimeTo?: Date;
  /** Include each entity's state (default false). */
  fetchState?: boolean;
  /** Include entities whose state was deleted and which no one holds (default false). */
  includeDeleted?: boolean;
  top?: number;
}

export interface EntityMetadata {
  id: EntityId;
  lastOperationTime: string;
  /** The orchestration holding the entity in a critical section, if one does. */
  lockedBy?: string;
  /** Operations waiting for the holder to let the entity go. */
  backlogQueueSize: number;
  /** With `fetchState`. */
  state?: unknown;
}

export interface CleanEntityStorageResult {
  /** Entities without state, held by no one and with nothing queued, that were removed. */
  numberOfEmptyEntitiesRemoved: number;
  /** Entities held by an orchestration that has ended or no longer exists, that were let go. */
  numberOfOrphanedLocksRemoved: number;
}
