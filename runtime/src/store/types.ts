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

/** Work a worker may take now: messages for instances it may run a turn of, and activities to run. */
export interface PendingWork {
  messages: Message[];
  activities: ActivityWorkItem[];
  /**
   * Shared stores, for poison handling: message or activity id → how many times a process that held it died (its
   * lease ran out) before it was done; work no holder died with is left out. The embedded store counts deaths of
   * its one host in a file instead (the worker's crash ledger).
   */
  deaths?: ReadonlyMap<number, number>;
}

/** What `createIfAbsent` did: created the instance, or found a live one with that id (and changed nothing). */
export type CreateResult = { created: true } | { created: false; existing: InstanceRow };

/**
 * What a commit was computed from, read beforehand (a client's rewind, a worker dropping a finished instance's late
 * messages): the instance's status, generation and history length, and the ids of its queued messages and
 * activities that were read.
 */
export interface CommitExpectation {
  instanceId: string;
  status: RuntimeStatus;
  generation: number;
  /** Undefined: whatever the history's length (a commit that depends on the status alone). */
  historyLength?: number;
  queued: number[];
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
  /**
   * Apply only if each instance is still as read (a StoreConflictError otherwise, nothing applied): a commit computed
   * from reads is then atomic with them against other processes. The embedded store has no other writer, and its
   * reads answer at once: no turn can come in between, so it checks nothing.
   */
  expect?: CommitExpectation[];
}

/**
 * Where instances, histories and queued work live: one process's embedded database (sql.js), or a database that
 * several processes share as one task hub (PostgreSQL). The worker and the client are the same code over both.
 *
 * Consistency: a commit is atomic. On a shared store it is also checked against what other processes did since the
 * caller read (a turn's `appendHistory` must continue the history as stored, an `ack` or `removeActivity` must
 * find its row, a `createInstance` must find no live instance): if a check fails, nothing of it applies and it
 * rejects with a StoreConflictError. The embedded store has no other writer, so its checks never fail.
 *
 * Reads are asynchronous (a shared store asks its server); the embedded store answers from memory.
 */
export interface DurableStore {
  readonly description: string;
  /**
   * True when other processes may use the store at the same time: a worker then keeps no instance between turns
   * it does not hold a lease on, and no timer in memory (`fetchWork` hands each out when due).
   */
  readonly shared: boolean;
  /** A fresh id for a message or activity work item, unique across every process sharing the store. */
  allocateId(): number;
  /**
   * Apply the changes atomically; the promise settles once they are durable. Commits are made durable in the
   * order they were made. A shared store rejects with a StoreConflictError when a check fails (see above).
   */
  commit(changes: StoreChange[], options?: CommitOptions): Promise<void>;
  /**
   * Create `row`'s instance together with `changes` (its first message), atomically, unless a live (not finished)
   * instance has that id: then nothing changes. A finished instance with the id is replaced (purged first). Of
   * two processes creating the same id at once, exactly one creates it.
   */
  createIfAbsent(row: InstanceRow, changes: StoreChange[], options?: CommitOptions): Promise<CreateResult>;
  /** Resolves once everything committed so far is durable; rejects at once with a StoreUnavailableError while the disk is full. */
  flush(): Promise<void>;
  getInstance(instanceId: string): Promise<InstanceRow | undefined>;
  /** The instance's history. Its events may be shared with the store and running instances: read them, never change them. */
  getHistory(instanceId: string): Promise<HistoryEvent[]>;
  /**
   * The instance's history read synchronously, for a debugger paused in the middle of a turn (it cannot wait for a
   * read): the embedded store's as it is now; a shared store's as this process last read or committed it, while it
   * holds the instance. Read it, never change it.
   */
  historyNow?(instanceId: string): HistoryEvent[];
  listInstances(filter?: ListFilter): Promise<InstanceRow[]>;
  /**
   * Queued work this process may take now, not handed out before. The embedded store hands out everything queued
   * (a worker fetches once at start and hears of new work through `subscribe`); a shared store leases what it hands
   * out to this process (instances with visible messages, activities) and takes back what a dead process held once
   * its lease runs out; a timer is handed out once due. Call again when a listener hears `workAvailable`.
   */
  fetchWork(): Promise<PendingWork>;
  /**
   * What is queued for these instances (messages not yet delivered, activities not yet reported), whichever process
   * holds them: a read that hands out and leases nothing (a client rewinding an instance, cleaning entities).
   */
  queuedWork(instanceIds: string[]): Promise<PendingWork>;
  /**
   * Shared stores: the clock messages fall due by (default the system's). A worker that skips time (`timeSkip`)
   * passes its own, so that what it queues "now" is due now; leases keep the system's clock.
   */
  useClock?(now: () => number): void;
  /** Shared stores, for time-skipping: when the earliest queued message not due yet (a timer) falls due; undefined when none. */
  nextTimerAt?(): Promise<number | undefined>;
  /** Notifications: work this process may take, instance updates (for waiting clients), from this process or another. */
  subscribe(listener: StoreListener): () => void;
  close(): Promise<void>;
}

export interface StoreListener {
  /**
   * Messages this process may deliver now (its own commits' messages; on a shared store only those for instances
   * this process holds). Heard when the commit is made (embedded) or once it is durable (shared).
   */
  messagesEnqueued?(messages: Message[]): void;
  /** Activities this process may run (on a shared store, leased to it). */
  activitiesAdded?(items: ActivityWorkItem[]): void;
  /** Work was queued (or fell due, or was left by a dead process) that this process was not handed: call `fetchWork` (shared stores only). */
  workAvailable?(): void;
  /** A new instance (or a new run of a finished one) was created with this row. */
  instanceCreated?(row: InstanceRow): void;
  /** `status` is the instance's new status when the change set one, undefined when it is unknown or purged. */
  instanceUpdated?(instanceId: string, status: RuntimeStatus | undefined): void;
  /** This process no longer holds the instance (a shared store released or lost its lease): forget what was cached of it. */
  instanceReleased?(instanceId: string): void;
}
