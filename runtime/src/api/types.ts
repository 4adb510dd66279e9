/**
 * The public API of durable-ts, declared in one place.
 * Orchestrators are async functions that receive an {@link OrchestrationContext}; every `await` on a
 * {@link DurableTask} is a checkpoint. Orchestrator code is replayed, so it must be deterministic.
 */
import type { EntityIdLike, EntityLock, LockState, OperationInputArgs, OperationName, OperationOutput, UntypedEntityIdLike } from '../entities/types';

/** Runtime status values, as Durable Functions names them. */
export type RuntimeStatus =
  | 'Pending'
  | 'Running'
  | 'Completed'
  | 'Failed'
  | 'Terminated'
  | 'ContinuedAsNew'
  | 'Suspended';

/** Durable retry policy: retries are durable timers in the orchestration's history. */
export interface RetryOptions {
  maxAttempts: number;
  firstRetryIntervalMs: number;
  backoffCoefficient?: number;
  maxRetryIntervalMs?: number;
  /** Give up once this much orchestration time has passed since the first attempt. */
  retryTimeoutMs?: number;
}

/** A unit of durable work. Awaiting it is a checkpoint; `Promise.all`/`Promise.race` over tasks are durable. */
export interface DurableTask<T> extends PromiseLike<T> {
  readonly isCompleted: boolean;
  readonly isFaulted: boolean;
  /** The value once completed successfully. */
  readonly result: T | undefined;
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R>;
}

/**
 * The task `ctx.any` resolves to, typed without its `then`: `await` unwraps every thenable type, so a task-typed
 * value would read as the task's own value. Compare it with the tasks passed in, or read its `result`.
 */
export type WinningTask<T> = T extends unknown ? Omit<T, 'then'> : never;

/** A durable timer; cancel it once it no longer matters (e.g. the event it guards arrived). */
export interface TimerTask extends DurableTask<void> {
  readonly fireAt: Date;
  readonly isCancelled: boolean;
  cancel(): void;
}

/** A typed reference to a registered activity: `ctx.callActivity(handle, input)` type-checks both ends. */
export interface ActivityHandle<TInput = unknown, TOutput = unknown> {
  readonly kind: 'activity';
  readonly name: string;
  /** Phantom fields that carry the types; never set at runtime. */
  readonly __input?: TInput;
  readonly __output?: TOutput;
}

/** A typed reference to a registered orchestration. */
export interface OrchestrationHandle<TInput = unknown, TOutput = unknown> {
  readonly kind: 'orchestration';
  readonly name: string;
  readonly __input?: TInput;
  readonly __output?: TOutput;
}

export interface ActivityContext {
  readonly instanceId: string;
  readonly activityName: string;
  readonly taskId: number;
}

export type ActivityFunction<TInput = any, TOutput = any> = (
  input: TInput,
  context: ActivityContext,
) => TOutput | Promise<TOutput>;

export type OrchestratorFunction<TInput = any, TOutput = any> = (
  context: OrchestrationContext,
  input: TInput,
) => Promise<TOutput> | TOutput;

/** Logging that is silent while the orchestrator replays, so each line appears once. */
export interface ReplaySafeLogger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export interface CallActivityOptions {
  retry?: RetryOptions;
}

export interface CallSubOrchestrationOptions {
  instanceId?: string;
  retry?: RetryOptions;
  /** The child's version; without it, the runtime's default version (as Durable Functions does), not the parent's. */
  version?: string;
}

export interface WaitForEventOptions {
  /** Fail the wait with an EventTimeoutError after this long (a durable timer). */
  timeoutMs?: number;
}

export interface ContinueAsNewOptions {
  /** Events raised but not yet consumed carry over to the new generation (default true). */
  preserveUnprocessedEvents?: boolean;
}

export interface OrchestrationContext {
  readonly instanceId: string;
  readonly name: string;
  /** True while the orchestrator re-executes code whose effects are already in history. */
  readonly isReplaying: boolean;
  /** Deterministic current time: the time of the turn being executed. */
  readonly currentUtcDateTime: Date;
  /** The version this instance was started under (recorded in its `ExecutionStarted` event; '' for none). */
  readonly version: string;
  /**
   * True when this instance takes the code path of patch `patchId`. Live, it records a marker naming the patch in
   * history and returns true; on replay of a history that passed this point without the marker it returns false,
   * with the marker true. The answer for one id never changes within an instance.
   */
  patched(patchId: string): boolean;
  /**
   * For a patch whose old path is gone (no instance that took it is in flight): code that called
   * `if (ctx.patched(id))` calls this instead and keeps only the new path. Histories with or without the marker
   * replay; once no instance recorded under `ctx.patched(id)` is in flight, the call can be removed too.
   */
  deprecatePatch(patchId: string): void;
  /** A deterministic GUID: the same on every replay. */
  newGuid(): string;

  callActivity<TInput, TOutput>(
    activity: ActivityHandle<TInput, TOutput>,
    ...args: undefined extends TInput ? [input?: TInput, options?: CallActivityOptions] : [input: TInput, options?: CallActivityOptions]
  ): DurableTask<TOutput>;
  callActivity<TOutput = any>(name: string, input?: unknown, options?: CallActivityOptions): DurableTask<TOutput>;

  callSubOrchestration<TInput, TOutput>(
    orchestration: OrchestrationHandle<TInput, TOutput>,
    input?: TInput,
    options?: CallSubOrchestrationOptions,
  ): DurableTask<TOutput>;
  callSubOrchestration<TOutput = any>(name: string, input?: unknown, options?: CallSubOrchestrationOptions): DurableTask<TOutput>;

  /** Run an operation on an entity and wait for its result (a durable call: replays from history). */
  callEntity<TOps, K extends OperationName<TOps>>(entity: EntityIdLike<TOps>, operation: K, ...input: OperationInputArgs<TOps, K>): DurableTask<OperationOutput<TOps, K>>;
  callEntity<TOutput = any>(entity: UntypedEntityIdLike, operation: string, input?: unknown): DurableTask<TOutput>;
  /** Send an operation to an entity without waiting for it (one-way; recorded, so sent once). */
  signalEntity<TOps, K extends OperationName<TOps>>(entity: EntityIdLike<TOps>, operation: K, ...input: OperationInputArgs<TOps, K>): void;
  signalEntity(entity: UntypedEntityIdLike, operation: string, input?: unknown): void;
  /**
   * A critical section: resolves once this orchestration holds every entity named, which then run only its
   * operations until `release()` (or the orchestration's end). Entities are taken in one global order, so two
   * sections never deadlock. Inside one: call only held entities, signal only others, no sub-orchestrations.
   */
  lock(entities: readonly EntityIdLike[]): DurableTask<EntityLock>;
  /** Whether this orchestration holds a critical section now, and which entities. */
  isLocked(): LockState;
  /** A durable timer that fires at a point in time or after a delay in milliseconds. */
  createTimer(fireAt: Date | number): TimerTask;
  waitForEvent<T = unknown>(name: string, options?: WaitForEventOptions): DurableTask<T>;
  /** Resolves when all tasks complete (fan-in); rejects with the first failure, like Promise.all. */
  all<T extends readonly DurableTask<unknown>[]>(tasks: T): DurableTask<{ -readonly [K in keyof T]: Awaited<T[K]> }>;
  all<T>(tasks: readonly DurableTask<T>[]): DurableTask<T[]>;
  /** Resolves to the task that finished first (successfully or not): `if (await ctx.any([a, b]) === a) ...`. */
  any<T extends DurableTask<unknown>>(tasks: readonly T[]): DurableTask<WinningTask<T>>;
  /** Restart this instance with a fresh history and a new input once the current turn ends. */
  continueAsNew(input: unknown, options?: ContinueAsNewOptions): void;
  setCustomStatus(value: unknown): void;
  readonly log: ReplaySafeLogger;
}

/** A recorded history event; `EventType` names follow the Durable Task Framework. */
export interface HistoryEvent {
  /** Sequence number of the event in this generation's history (0-based). */
  EventId: number;
  EventType: HistoryEventType;
  /** ISO-8601 time the event was recorded. */
  Timestamp: string;
  Name?: string;
  /** JSON text of an input, result or event payload. */
  Input?: string;
  Result?: string;
  /** For scheduled work (TaskScheduled, TimerCreated, SubOrchestrationInstanceCreated): the task id code must match on replay. */
  TaskId?: number;
  /** For completions: the task id of the work they answer. */
  TaskScheduledId?: number;
  TimerId?: number;
  FireAt?: string;
  InstanceId?: string;
  Reason?: string;
  Details?: string;
  Generation?: number;
  /** ExecutionStarted, SubOrchestrationInstanceCreated: the version the instance was started under. */
  Version?: string;
  /** PatchMarker: the marker was recorded by `ctx.deprecatePatch`, so code may stop asking for it. */
  Deprecated?: boolean;
}

export type HistoryEventType =
  | 'ExecutionStarted'
  | 'OrchestratorStarted'
  | 'OrchestratorCompleted'
  | 'TaskScheduled'
  | 'TaskCompleted'
  | 'TaskFailed'
  | 'TimerCreated'
  | 'TimerFired'
  | 'EventRaised'
  | 'EventSent'
  | 'SubOrchestrationInstanceCreated'
  | 'SubOrchestrationInstanceCompleted'
  | 'SubOrchestrationInstanceFailed'
  | 'ExecutionSuspended'
  | 'ExecutionResumed'
  | 'ExecutionTerminated'
  | 'ExecutionCompleted'
  | 'ContinueAsNew'
  /** `ctx.patched(Name)` or `ctx.deprecatePatch(Name)` was first called here, live. */
  | 'PatchMarker'
  /** A client rewound the failed instance (`Reason` says why): its failed work runs again from here. */
  | 'ExecutionRewound'
  /** Entities: what an orchestration sent to one (InstanceId names it), and the answers it got. */
  | 'EntityOperationCalled'
  | 'EntityOperationSignaled'
  | 'EntityLockRequested'
  | 'EntityUnlockSent'
  | 'EntityOperationCompleted'
  | 'EntityOperationFailed'
  | 'EntityLockGranted';

/** What a client sees of an instance. */
export interface OrchestrationStatus {
  name: string;
  instanceId: string;
  runtimeStatus: RuntimeStatus;
  input: unknown;
  customStatus: unknown;
  output: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  /** The version the instance was started under ('' for none). */
  version: string;
  historyEvents?: HistoryEvent[];
}

export interface StartOptions {
  instanceId?: string;
  /** The version to start the instance under; without it, the client's default version. */
  version?: string;
}

export interface ListFilter {
  runtimeStatus?: RuntimeStatus[];
  name?: string;
  createdTimeFrom?: Date;
  createdTimeTo?: Date;
  instanceIdPrefix?: string;
  top?: number;
}
