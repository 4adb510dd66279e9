import type { HistoryEvent } from 'durable-ts';

export interface Thread {
  id: number;
  name: string;
}

export type ThreadChange = 'started' | 'exited';

/** The one thread shown before any instance has started (and after all have ended). */
export const MAIN_THREAD: Thread = { id: 1, name: 'app' };
/** History events after which an instance runs no more. */
const ENDING_EVENT_TYPES: ReadonlySet<string> = new Set(['ExecutionCompleted', 'ExecutionTerminated']);

/**
 * The threads a client shows in its call stack: one per orchestration instance, from its start until it completes,
 * fails or is terminated.
 */
export class InstanceThreads {
  private readonly byInstance = new Map<string, Thread>();
  /** Ids are never reused, so a client never mistakes a new instance for one that exited. */
  private nextId = MAIN_THREAD.id + 1;

  constructor(private readonly changed: (change: ThreadChange, thread: Thread) => void) {}

  list(): Thread[] {
    return this.byInstance.size ? [...this.byInstance.values()] : [MAIN_THREAD];
  }

  /** The instance's thread, started now if it has none. */
  threadFor(instanceId: string, name: string): Thread {
    let thread = this.byInstance.get(instanceId);
    if (!thread) {
      thread = { id: this.nextId++, name: `${name} ${instanceId}` };
      this.byInstance.set(instanceId, thread);
      this.changed('started', thread);
    }
    return thread;
  }

  exited(instanceId: string): void {
    const thread = this.byInstance.get(instanceId);
    if (!thread) return;
    this.byInstance.delete(instanceId);
    this.changed('exited', thread);
  }

  /** Follows one history event as it is appended: an instance starts or ends with it. */
  follow(instanceId: string, name: string, event: HistoryEvent): void {
    if (event.EventType === 'ExecutionStarted') this.threadFor(instanceId, name);
    if (ENDING_EVENT_TYPES.has(event.EventType)) this.exited(instanceId);
  }
}
