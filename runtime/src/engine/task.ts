import type { DurableTask, TimerTask } from '../api/types';

/**
 * A promise can never be fulfilled with a thenable: resolving with one adopts its value. `ctx.any` must resolve to
 * the winning *task*, so while a task is being handed over as a value, its `then` reads as absent — only for the
 * synchronous resolution step, so `await winner` later still gives the winner's own value.
 */
let handingOver: Task<unknown> | undefined;

function handOver<R>(value: unknown, deliver: () => R): R {
  if (!(value instanceof Task)) return deliver();
  const previous = handingOver;
  handingOver = value;
  try {
    return deliver();
  } finally {
    handingOver = previous;
  }
}

type Then<T> = <R1 = T, R2 = never>(
  onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
  onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
) => Promise<R1 | R2>;

/**
 * A durable task: a thenable over a native promise that the replay engine settles.
 * Being a thenable (not a Promise) keeps task identity, which `ctx.any` returns, and lets timers carry `cancel()`.
 */
export class Task<T> implements DurableTask<T> {
  readonly promise: Promise<T>;
  private settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };
  private state: 'pending' | 'completed' | 'faulted' = 'pending';
  private value: T | undefined;

  constructor() {
    this.promise = new Promise<T>((resolve, reject) => (this.settle = { resolve, reject }));
    // A failed task that is awaited later (or never) must not be an unhandled rejection that kills the process.
    this.promise.catch(() => {});
  }

  get isCompleted(): boolean {
    return this.state !== 'pending';
  }

  get isFaulted(): boolean {
    return this.state === 'faulted';
  }

  get result(): T | undefined {
    return this.value;
  }

  complete(value: T): void {
    if (this.state !== 'pending') return;
    this.state = 'completed';
    this.value = value;
    handOver(value, () => this.settle.resolve(value));
  }

  fail(error: unknown): void {
    if (this.state !== 'pending') return;
    this.state = 'faulted';
    this.settle.reject(error);
  }

  get then(): Then<T> {
    return (handingOver === this ? undefined : thenOf) as Then<T>;
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.promise.catch(onrejected);
  }

  /** Follow another promise (used by composite tasks: all, any, retries, timed waits). */
  follow(source: PromiseLike<T>): this {
    source.then(
      (value) => this.complete(value),
      (error) => this.fail(error),
    );
    return this;
  }
}

export class Timer extends Task<void> implements TimerTask {
  private cancelled = false;

  constructor(
    readonly timerId: number,
    readonly fireAt: Date,
    private readonly onCancel: (timer: Timer) => void,
  ) {
    super();
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  cancel(): void {
    if (this.isCompleted || this.cancelled) return;
    this.cancelled = true;
    this.onCancel(this);
  }
}

function thenOf<T, R1, R2>(
  this: Task<T>,
  onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
  onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
): Promise<R1 | R2> {
  return this.promise.then(onfulfilled && ((value) => handOver(value, () => onfulfilled(value))), onrejected);
}
