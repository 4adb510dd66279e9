import type { HistoryEvent } from 'durable-ts';

export interface Thread {
  id: number;
  name: string;
}

/** 'changed': the thread's name now says something new (what the instance waits for). */
export type ThreadChange = 'started' | 'exited' | 'changed';

/** An instance the session runs, as the Raise Event command lists it. */
export interface RunningInstance {
  instanceId: string;
  name: string;
  /** The external events it waits for now. */
  waitingFor: string[];
}

/** The one thread shown before any instance has started (and after all have ended). */
export const MAIN_THREAD: Thread = { id: 1, name: 'app' };
/** History events after which an instance runs no more. */
const ENDING_EVENT_TYPES: ReadonlySet<string> = new Set(['ExecutionCompleted', 'ExecutionTerminated']);

interface InstanceThread {
  thread: Thread;
  instance: RunningInstance;
}

/**
 * The threads a client shows in its call stack: one per orchestration instance, from its start until it completes,
 * fails or is terminated, named after it and, while it waits for an external event, after that event.
 */
export class InstanceThreads {
  private readonly byInstance = new Map<string, InstanceThread>();
  /** Ids are never reused, so a client never mistakes a new instance for one that exited. */
  private nextId = MAIN_THREAD.id + 1;

  constructor(private readonly changed: (change: ThreadChange, thread: Thread) => void) {}

  list(): Thread[] {
    return this.byInstance.size ? [...this.byInstance.values()].map(({ thread }) => thread) : [MAIN_THREAD];
  }

  instances(): RunningInstance[] {
    return [...this.byInstance.values()].map(({ instance }) => ({ ...instance, waitingFor: [...instance.waitingFor] }));
  }

  /** The instance a thread is of. */
  instanceOf(threadId: number): RunningInstance | undefined {
    for (const { thread, instance } of this.byInstance.values()) if (thread.id === threadId) return instance;
    return undefined;
  }

  /** The instance's thread, started now if it has none. */
  threadFor(instanceId: string, name: string): Thread {
    let entry = this.byInstance.get(instanceId);
    if (!entry) {
      entry = { thread: { id: this.nextId++, name: `${name} ${instanceId}` }, instance: { instanceId, name, waitingFor: [] } };
      this.byInstance.set(instanceId, entry);
      this.changed('started', entry.thread);
    }
    return entry.thread;
  }

  exited(instanceId: string): void {
    const entry = this.byInstance.get(instanceId);
    if (!entry) return;
    this.byInstance.delete(instanceId);
    this.changed('exited', entry.thread);
  }

  /** Every instance's thread ends (the host they ran in is gone). */
  clear(): void {
    for (const instanceId of [...this.byInstance.keys()]) this.exited(instanceId);
  }

  /** Follows one history event as it is appended: an instance starts or ends with it. */
  follow(instanceId: string, name: string, event: HistoryEvent): void {
    if (event.EventType === 'ExecutionStarted') this.threadFor(instanceId, name);
    if (ENDING_EVENT_TYPES.has(event.EventType)) this.exited(instanceId);
  }

  /** Records what external events the instance waits for after a turn; says whether that changed. */
  waitFor(instanceId: string, events: readonly string[]): boolean {
    const entry = this.byInstance.get(instanceId);
    if (!entry || entry.instance.waitingFor.join('\n') === events.join('\n')) return false;
    entry.instance.waitingFor = [...events];
    const { name } = entry.instance;
    entry.thread.name = `${name} ${instanceId}${events.length ? ` — waiting for ${events.length > 1 ? 'events' : 'event'} ${events.map((event) => `'${event}'`).join(', ')}` : ''}`;
    this.changed('changed', entry.thread);
    return true;
  }
}
