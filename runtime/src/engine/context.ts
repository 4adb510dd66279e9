import type {
  CallActivityOptions,
  CallSubOrchestrationOptions,
  ContinueAsNewOptions,
  DurableTask,
  OrchestrationContext,
  ReplaySafeLogger,
  RetryOptions,
  TimerTask,
  WaitForEventOptions,
  WinningTask,
} from '../api/types';
import { InvalidInputError } from '../api/errors';
import { nameOf } from '../api/app';
import { Task, Timer } from './task';
import { toJson } from './serialization';
import { deterministicGuid } from './guid';
import { withRetries } from './retry';
import type { OrchestrationExecutor } from './executor';
import { checkVersion } from './version';
import { OrchestrationEntityCalls } from '../entities/orchestrationCalls';
import type { EntityIdLike, EntityLock, LockState } from '../entities/types';

function checkPatchId(patchId: unknown, call: string): string {
  if (typeof patchId !== 'string' || patchId.length === 0) throw new InvalidInputError(`${call} needs a non-empty patch id string, got ${JSON.stringify(patchId) ?? String(patchId)}.`);
  return patchId;
}

/** The `ctx` orchestrator code receives. Every method is deterministic given the history. */
export class OrchestrationContextImpl implements OrchestrationContext {
  readonly log: ReplaySafeLogger;
  readonly entities: OrchestrationEntityCalls;

  constructor(private readonly executor: OrchestrationExecutor) {
    this.entities = new OrchestrationEntityCalls(executor);
    const log = (level: string) => (...args: unknown[]) => executor.log(level, args);
    this.log = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  }

  get instanceId(): string {
    return this.executor.instanceId;
  }

  get name(): string {
    return this.executor.options.name;
  }

  get isReplaying(): boolean {
    return this.executor.isReplaying;
  }

  get currentUtcDateTime(): Date {
    return new Date(this.executor.currentTime);
  }

  get version(): string {
    return this.executor.version;
  }

  patched(patchId: string): boolean {
    return this.executor.patched(checkPatchId(patchId, 'ctx.patched'), false);
  }

  deprecatePatch(patchId: string): void {
    this.executor.patched(checkPatchId(patchId, 'ctx.deprecatePatch'), true);
  }

  newGuid(): string {
    return deterministicGuid(this.executor.newGuidSeed());
  }

  callActivity(activity: string | { name: string }, input?: unknown, options?: CallActivityOptions): DurableTask<any> {
    const name = nameOf(activity);
    const json = toJson(input, `The input of activity '${name}'`);
    const attempt = () => {
      const taskId = this.executor.allocateTaskId();
      return this.executor.schedule({ kind: 'activity', taskId, name, input: json }, new Task());
    };
    return options?.retry ? this.retrying(attempt, options.retry) : attempt();
  }

  callSubOrchestration(orchestration: string | { name: string }, input?: unknown, options?: CallSubOrchestrationOptions): DurableTask<any> {
    this.entities.checkOutsideCriticalSection('ctx.callSubOrchestration');
    const name = nameOf(orchestration);
    const json = toJson(input, `The input of sub-orchestration '${name}'`);
    const version = checkVersion(options?.version ?? this.executor.options.defaultVersion ?? '', `Sub-orchestration '${name}'`);
    let attemptNumber = 0;
    const attempt = () => {
      const taskId = this.executor.allocateTaskId();
      // Distinct per attempt, so a retry does not collide with the failed child.
      const explicitId = options?.instanceId && attemptNumber > 0 ? `${options.instanceId}:retry${attemptNumber}` : options?.instanceId;
      attemptNumber++;
      const instanceId = this.executor.childInstanceId(taskId, explicitId);
      return this.executor.schedule({ kind: 'subOrchestration', taskId, name, instanceId, input: json, version }, new Task());
    };
    return options?.retry ? this.retrying(attempt, options.retry) : attempt();
  }

  callEntity(entity: EntityIdLike, operation: string, input?: unknown): DurableTask<any> {
    return this.entities.callEntity(entity, operation, input);
  }

  signalEntity(entity: EntityIdLike, operation: string, input?: unknown): void {
    this.entities.signalEntity(entity, operation, input);
  }

  lock(entities: readonly EntityIdLike[]): DurableTask<EntityLock> {
    return this.entities.lock(entities);
  }

  isLocked(): LockState {
    return this.entities.isLocked();
  }

  createTimer(fireAt: Date | number): TimerTask {
    const when = typeof fireAt === 'number' ? this.executor.currentTime + fireAt : fireAt.getTime();
    if (!Number.isFinite(when)) throw new InvalidInputError(`createTimer needs a valid Date or a delay in milliseconds, got ${String(fireAt)}.`);
    const taskId = this.executor.allocateTaskId();
    const timer = new Timer(taskId, new Date(when), (cancelled) => this.executor.cancelTimer(cancelled));
    this.executor.schedule({ kind: 'timer', taskId, fireAt: when }, timer);
    return timer;
  }

  waitForEvent<T = unknown>(name: string, options?: WaitForEventOptions): DurableTask<T> {
    const waiter = this.executor.waitForEvent<T>(name);
    const timeoutMs = options?.timeoutMs;
    if (timeoutMs === undefined || waiter.isCompleted) return waiter;
    const timeout = this.createTimer(timeoutMs);
    const timedWait = this.any<DurableTask<unknown>>([waiter, timeout]).then((winner) => {
      if (winner === timeout) return this.executor.abandonEventWait(name, waiter as Task<unknown>, timeoutMs);
      timeout.cancel();
      return waiter.result as T;
    });
    return new Task<T>().follow(timedWait);
  }

  all(tasks: readonly DurableTask<unknown>[]): DurableTask<any> {
    return new Task<unknown[]>().follow(Promise.all(tasks));
  }

  any<T extends DurableTask<unknown>>(tasks: readonly T[]): DurableTask<WinningTask<T>> {
    if (tasks.length === 0) throw new InvalidInputError('ctx.any needs at least one task.');
    const first = new Task<WinningTask<T>>();
    // Race on indices: a promise chain cannot carry a task object as its value (it would adopt the task's value).
    Promise.race(tasks.map((task, index) => Promise.resolve(task).then(() => index, () => index))).then((index) => first.complete(tasks[index] as WinningTask<T>));
    return first;
  }

  continueAsNew(input: unknown, options?: ContinueAsNewOptions): void {
    this.executor.requestContinueAsNew(toJson(input, 'The input of continueAsNew'), options?.preserveUnprocessedEvents ?? true);
  }

  setCustomStatus(value: unknown): void {
    this.executor.setCustomStatus(toJson(value, 'The custom status'));
  }

  private retrying<T>(attempt: () => DurableTask<T>, policy: RetryOptions): DurableTask<T> {
    return new Task<T>().follow(withRetries(attempt, policy, this));
  }
}
