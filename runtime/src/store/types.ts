import type { HistoryEvent, ListFilter, RuntimeStatus } from '../api/types';

export interface ParentLink {
  instanceId: string;
  generation: number;
  taskId: number;
}

export interface InstanceRow {
  instanceId: string;
  name: string;
  status: RuntimeStatus;
  /** JSON text. */
  input: string | undefined;
  output: string | undefined;
  customStatus: string | undefined;
  createdAt: number;
  updatedAt: number;
  /** Incremented by continue-as-new; results addressed to an older generation are dropped. */
  generation: number;
  parent: ParentLink | undefined;
  /** The version the instance was started under ('' for none); continue-as-new keeps it. */
  version: string;
}

/** A message for an orchestration instance: a history event to deliver in its next turn. */
export interface Message {
  id: number;
  instanceId: string;
  /** The generation the message answers; undefined for messages any generation takes (events, terminate, ...). */
  generation: number | undefined;
  /** Not deliverable before this time (durable timers). */
  visibleAt: number;
  event: Omit<HistoryEvent, 'EventId'>;
}

/** An activity to run (at least once) and report back to its instance. */
export interface ActivityWorkItem {
  id: number;
  instanceId: string;
  generation: number;
  taskId: number;
  name: string;
  input: string | undefined;
}

export type InstanceUpdate = Partial<Pick<InstanceRow, 'status' | 'output' | 'customStatus' | 'updatedAt' | 'generation' | 'input'>>;

/** One atomic change; a commit is a list of them, applied and made durable together. */
export type StoreChange =
  | { op: 'createInstance'; row: InstanceRow }
  | { op: 'updateInstance'; instanceId: string; update: InstanceUpdate }
  /**
   * A turn's events, numbered from `firstEventId`. They are serialised when journaled and when written to the
   * database, so once committed they must not change (the executor's history shares them).
   */
  | { op: 'appendHistory'; instanceId: string; firstEventId: number; events: HistoryEvent[] }
  | { op: 'clearHistory'; instanceId: string }
  | { op: 'enqueue'; message: Message }
  | { op: 'ack'; messageId: number }
  | { op: 'addActivity'; item: ActivityWorkItem }
  | { op: 'removeActivity'; activityId: number }
  | { op: 'purge'; instanceId: string };

export interface PendingWork {
  messages: Message[];
  activities: ActivityWorkItem[];
  nextId: number;
}

export interface CommitOptions {
  /**
   * Nobody acts on this commit being durable (an activity's result: the turn that consumes it commits after it,
   * and is durable only once this is). It is not synced on its own at once but joins the next batch that is, or is
   * synced after a few milliseconds.
   */
  lazy?: boolean;
  /**
   * Someone outside the process waits for the answer (a client command): while the disk is full, refuse the change
   * at once (nothing changes), and if the disk fills while it waits, answer at once that it is held (it is still
   * written once space is freed). Either way with a StoreUnavailableError. Other commits wait for space.
   */
  failFast?: boolean;
}

/**
 * Where instances, histories and queued work live. Changes apply at once (reads see them) and become durable
 * when the promise `commit` returns settles; commits are made durable in the order they were made.
 */
export interface DurableStore {
  readonly description: string;
  /** A fresh id for a message or activity work item. */
  allocateId(): number;
  commit(changes: StoreChange[], options?: CommitOptions): Promise<void>;
  /** Resolves once everything committed so far is durable; rejects at once with a StoreUnavailableError while the disk is full. */
  flush(): Promise<void>;
  getInstance(instanceId: string): InstanceRow | undefined;
  /** The instance's history. Its events may be shared with the store and running instances: read them, never change them. */
  getHistory(instanceId: string): HistoryEvent[];
  listInstances(filter?: ListFilter): InstanceRow[];
  /** Queued messages and activities, for a worker (re)starting on this store. */
  loadPendingWork(): PendingWork;
  /** In-process notifications: new messages or activities (for workers), instance updates (for waiting clients). */
  subscribe(listener: StoreListener): () => void;
  close(): Promise<void>;
}

export interface StoreListener {
  messagesEnqueued?(messages: Message[]): void;
  activitiesAdded?(items: ActivityWorkItem[]): void;
  /** A new instance (or a new run of a finished one) was created with this row. */
  instanceCreated?(row: InstanceRow): void;
  /** `status` is the instance's new status when the change set one, undefined when it is unknown or purged. */
  instanceUpdated?(instanceId: string, status: RuntimeStatus | undefined): void;
}
