import * as path from 'node:path';
import type { HistoryEvent, ListFilter } from '../../api/types';
import { StoreCorruptError, StoreFailedError, StoreInaccessibleError, StoreUnavailableError } from '../../api/errors';
import type { CommitOptions, CreateResult, DurableStore, InstanceRow, PendingWork, StoreChange, StoreListener } from '../types';
import { isTerminal } from '../../client/status';
import { compactBatch } from '../compact';
import { StoreLock } from '../lockFile';
import { makeDirectoryDurably } from './directory';
import { Journal, JOURNAL_HEADER_BYTES, type JournalContents, type JournalRecord } from './journal';
import type { DecodedRecord } from './recordCodec';
import { replayRecords } from './replay';
import { StateDatabase } from './database';
import { FIRST_CHECKSUMMED_FORMAT, STORE_FORMAT } from './format';
import { readSnapshot, removeAbandonedSnapshots, writeSnapshotAtomically } from './snapshot';
import { inaccessibleStoreMessage, journalDamageMessage, snapshotGapMessage, tornTailWarning } from './recoveryMessages';
import { StoreNotifier } from '../notifier';
import { PendingReads } from '../pendingReads';

export interface SqlJsStoreOptions {
  /** The snapshot file; the journal is `<path>-log`, the lock `<path>.lock`. Omit for a store that lives in memory only. */
  path?: string;
  /** Take a snapshot and truncate the journal once it grows past this many bytes. */
  snapshotAfterBytes?: number;
  /**
   * Read the store without ever writing its files (status, list, history): no recovery is folded in, no torn tail
   * cut, no upgrade written, and commits are refused.
   */
  readOnly?: boolean;
}

/**
 * How many changes may wait before they are applied to the database without a read asking for them. The longer
 * they wait, the more of them cancel out (an activity's result consumed by the next turn, a chain of turns that
 * becomes one history row); waiting changes cost about 100 bytes each, and a query that needs the database
 * (a listing) pays for applying them.
 */
const APPLY_AFTER_CHANGES = 100_000;

/** After this long without a commit, the store brings the database up to date by itself, so a later query need not wait. */
const APPLY_WHEN_IDLE_MS = 100;

/** How long a lazy commit waits for another commit to share its sync with. */
const LAZY_SYNC_MS = 5;

/** While the disk is full, how often the journal write is tried again. */
const RETRY_WHEN_FULL_MS = 1000;

/**
 * sql.js holds the state in memory. Durability: every batch of commits is one checksummed journal record and one
 * fdatasync (group commit); periodically, and on close, the whole database is exported as an atomic snapshot and
 * the journal truncated. The commit path never exports the database.
 */
export class SqlJsStore implements DurableStore {
  private readonly notifier = new StoreNotifier();
  private pending: StoreChange[] = [];
  private readonly pendingReads = new PendingReads();
  private unjournaled: StoreChange[] = [];
  private lsn: number;
  private nextId = 1;
  private flushing: Promise<void> | undefined;
  private flushQueued = false;
  private lazyFlush: NodeJS.Timeout | undefined;
  private idleApply: NodeJS.Timeout | undefined;
  /** The commits since the last journal write: they become durable (or fail) together. */
  private batch: DurableBatch | undefined;
  private closed = false;
  private failure: StoreFailedError | undefined;
  /** Set while the disk is full: the journal write is retried until space is freed (or the store closes). */
  private outOfSpace: { error: NodeJS.ErrnoException; retryNow: () => void } | undefined;
  private closing = false;

  private constructor(
    private readonly state: StateDatabase,
    private readonly journal: Journal | undefined,
    private readonly lock: StoreLock | undefined,
    private readonly options: SqlJsStoreOptions,
  ) {
    this.lsn = state.lastLsn;
  }

  static async open(options: SqlJsStoreOptions = {}): Promise<SqlJsStore> {
    if (!options.path) {
      const store = new SqlJsStore(await StateDatabase.create(), undefined, undefined, options);
      store.nextId = store.state.loadPendingWork().nextId;
      return store;
    }
    const file = path.resolve(options.path);
    try {
      return await SqlJsStore.openFile(file, options);
    } catch (error) {
      if (isFileSystemError(error)) throw new StoreInaccessibleError(inaccessibleStoreMessage(file, error));
      throw error;
    }
  }

  private static async openFile(file: string, options: SqlJsStoreOptions): Promise<SqlJsStore> {
    if (!options.readOnly) makeDirectoryDurably(path.dirname(file));
    const lock = StoreLock.acquire(file);
    let state: StateDatabase | undefined;
    try {
      state = await readSnapshot(file);
      const journalFile = `${file}-log`;
      const contents = Journal.read(journalFile);
      if (contents.damage) throw new StoreCorruptError(journalDamageMessage(file, journalFile, contents));
      const unapplied = unappliedRecords(contents, state.lastLsn);
      if (unapplied === undefined) throw new StoreCorruptError(snapshotGapMessage(file, journalFile, state.lastLsn, contents.records));
      if (contents.tornTail) process.emitWarning(tornTailWarning(journalFile, contents.tornTail, options.readOnly === true), 'DurableStoreWarning');
      replayRecords(state, unapplied);
      if (unapplied.length > 0) state.setLastLsn(unapplied[unapplied.length - 1].lsn);
      const journal = options.readOnly ? undefined : Journal.openForAppend(journalFile, contents);
      if (!options.readOnly) removeAbandonedSnapshots(file);
      const store = new SqlJsStore(state, journal, lock, { ...options, path: file });
      store.nextId = state.loadPendingWork().nextId;
      // An upgradable older format becomes this one at once: its files are rewritten as the first snapshot.
      if (journal && (state.format !== STORE_FORMAT || contents.format !== STORE_FORMAT)) store.snapshot();
      return store;
    } catch (error) {
      state?.close();
      lock.release();
      throw error;
    }
  }

  /** One process owns the files (the lock says which): no other writer. */
  readonly shared = false;

  get description(): string {
    return this.options.path ?? 'in-memory store';
  }

  /** The snapshot file, if the store lives on disk. */
  get filePath(): string | undefined {
    return this.options.path;
  }

  get storeLock(): StoreLock | undefined {
    return this.lock;
  }

  allocateId(): number {
    return this.nextId++;
  }

  commit(changes: StoreChange[], options: CommitOptions = {}): Promise<void> {
    if (this.closed) return Promise.reject(new StoreFailedError(`The store ${this.description} is closed.`));
    if (this.options.readOnly) return Promise.reject(new StoreFailedError(`The store ${this.description} was opened read-only.`));
    if (this.failure) return Promise.reject(this.failure);
    if (options.failFast && this.outOfSpace) return Promise.reject(this.unavailable('Nothing was changed; try again once space is freed.'));
    for (const change of changes) {
      this.pending.push(change);
      this.unjournaled.push(change);
      this.pendingReads.record(change);
    }
    this.applyWhenIdle();
    this.batch ??= new DurableBatch();
    this.notifier.publish(changes);
    if (options.lazy && !this.batch.urgent) this.scheduleLazyFlush();
    else this.scheduleFlush();
    return options.failFast ? this.batch.durableUnlessStalled() : this.batch.durable;
  }

  flush(): Promise<void> {
    if (this.outOfSpace && !this.closing) return Promise.reject(this.unavailable('What was read cannot be made durable before it is shown; try again once space is freed.'));
    if (this.pending.length === 0 && this.unjournaled.length === 0 && !this.batch) return this.flushing ?? Promise.resolve();
    return this.commit([]);
  }

  /** The check and the commit happen in one synchronous step: nothing else in the process can come between them. */
  createIfAbsent(row: InstanceRow, changes: StoreChange[], options?: CommitOptions): Promise<CreateResult> {
    const existing = this.readInstance(row.instanceId);
    if (existing && !isTerminal(existing.status)) return Promise.resolve({ created: false, existing });
    const all: StoreChange[] = existing ? [{ op: 'purge', instanceId: row.instanceId }] : [];
    all.push({ op: 'createInstance', row }, ...changes);
    return this.commit(all, options).then(() => ({ created: true }));
  }

  getInstance(instanceId: string): Promise<InstanceRow | undefined> {
    return Promise.resolve(this.readInstance(instanceId));
  }

  getHistory(instanceId: string): Promise<HistoryEvent[]> {
    return Promise.resolve(this.historyNow(instanceId));
  }

  /** The history as it is now, read synchronously: the embedded store holds it in memory (a debugger reads it while code is paused). */
  historyNow(instanceId: string): HistoryEvent[] {
    return this.pendingReads.history(instanceId, () => this.state.getHistory(instanceId));
  }

  listInstances(filter?: ListFilter): Promise<InstanceRow[]> {
    this.applyPending();
    return Promise.resolve(this.state.listInstances(filter));
  }

  /** Everything queued: one worker owns this store, and hears of later work through `subscribe`. */
  fetchWork(): Promise<PendingWork> {
    this.applyPending();
    const { messages, activities } = this.state.loadPendingWork();
    return Promise.resolve({ messages, activities });
  }

  queuedWork(instanceIds: string[]): Promise<PendingWork> {
    this.applyPending();
    return Promise.resolve(this.state.queuedWork(instanceIds));
  }

  subscribe(listener: StoreListener): () => void {
    return this.notifier.subscribe(listener);
  }

  /**
   * Flush, write a final snapshot, truncate the journal and release the lock. On a full disk, one last attempt is
   * made to write what waits; if that fails too, the store still closes and the error says what was lost.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closing = true;
    this.outOfSpace?.retryNow();
    let unsaved: unknown;
    try {
      await this.flush();
    } catch (error) {
      unsaved = error;
    }
    this.closed = true;
    clearTimeout(this.idleApply);
    clearTimeout(this.lazyFlush);
    if (this.journal && this.options.path) {
      // A store only read from (status, list, history) has nothing to fold in: leave its files as they are.
      if (!unsaved && this.journal.bytes > JOURNAL_HEADER_BYTES) this.snapshotAtClose();
      this.journal.close();
    }
    this.state.close();
    this.lock?.release();
    if (unsaved) throw unsaved;
  }

  private readInstance(instanceId: string): InstanceRow | undefined {
    const fromDatabase = () => this.state.getInstance(instanceId);
    const pending = this.pendingReads.row(instanceId, fromDatabase);
    return pending === null ? fromDatabase() : pending;
  }

  /** Journal size, for tests and benchmarks. */
  get journalBytes(): number {
    return this.journal?.bytes ?? 0;
  }

  /**
   * Bring the database up to date. It lags the journal on purpose: changes wait here until something reads (or
   * enough pile up), so work that comes and goes in between (an activity result consumed by the next turn) never
   * touches the database at all.
   */
  private applyPending(): void {
    if (this.pending.length === 0) return;
    const net = compactBatch(this.pending);
    this.pending = [];
    this.pendingReads.clear();
    this.state.applyChanges(net);
  }

  private applyWhenIdle(): void {
    if (this.idleApply) {
      this.idleApply.refresh();
      return;
    }
    this.idleApply = setTimeout(() => {
      this.idleApply = undefined;
      this.applyPending();
    }, APPLY_WHEN_IDLE_MS);
    // Never the reason a process stays up: whatever is pending is applied at the latest by close().
    this.idleApply.unref();
  }

  private scheduleLazyFlush(): void {
    this.lazyFlush ??= setTimeout(() => {
      this.lazyFlush = undefined;
      this.scheduleFlush();
    }, LAZY_SYNC_MS);
  }

  private scheduleFlush(): void {
    if (this.batch) this.batch.urgent = true;
    clearTimeout(this.lazyFlush);
    this.lazyFlush = undefined;
    if (this.flushQueued) return;
    this.flushQueued = true;
    // Let the current burst of commits (a whole turn, a fan-out's results) join the batch first, and the turns that
    // consume what it delivered: a turn commits a macrotask after its messages arrive (the executor lets the
    // orchestrator's code run out in a macrotask of its own). Syncing started instances apart from their first turns
    // would release the clients that wait for the starts, and the starts that come next, a sync ahead of the work
    // those turns send out: twice the instances between turns at once, and every other turn replayed.
    setImmediate(() =>
      setImmediate(() => {
        this.flushQueued = false;
        if (!this.flushing) this.flushing = this.flushLoop().finally(() => (this.flushing = undefined));
      }),
    );
  }

  private async flushLoop(): Promise<void> {
    for (let batch = this.takeBatch(); batch; batch = this.takeBatch()) {
      const changes = compactBatch(this.unjournaled);
      this.unjournaled = [];
      if (this.journal && changes.length > 0) {
        // Records are numbered without gaps, so recovery can tell a journal that does not continue its snapshot.
        const error = await this.appendWhenSpace({ lsn: this.lsn + 1, changes }, batch);
        if (error) {
          this.failWith(error, batch);
          return;
        }
        this.lsn++;
      }
      batch.resolve();
      if (this.pending.length > APPLY_AFTER_CHANGES) this.applyPending();
      if (this.journal && this.journal.bytes > (this.options.snapshotAfterBytes ?? 64 * 1024 * 1024)) this.trySnapshot();
    }
  }

  /**
   * Append a record, waiting for space while the disk is full (the journal takes back a partial write, so the
   * record can be written again whole). Resolves with the error that ends the store, if one does.
   */
  private async appendWhenSpace(record: JournalRecord, batch: DurableBatch): Promise<NodeJS.ErrnoException | undefined> {
    for (;;) {
      try {
        await this.journal!.append(record);
        if (this.outOfSpace) process.emitWarning(`Space was freed: ${this.description} writes again.`, 'DurableStoreWarning');
        this.outOfSpace = undefined;
        return undefined;
      } catch (error) {
        const failure = error as NodeJS.ErrnoException;
        if ((failure.code !== 'ENOSPC' && failure.code !== 'EDQUOT') || this.closing) return failure;
        if (!this.outOfSpace) {
          process.emitWarning(`The disk holding ${this.description} is full (${failure.message}). Changes wait, and clients are answered 503, until space is freed.`, 'DurableStoreWarning');
        }
        const retry = { error: failure, retryNow: () => {} };
        this.outOfSpace = retry;
        const held = () => this.unavailable('This change is held in memory and saved once space is freed, unless the server stops first.');
        batch.stall(held());
        this.batch?.stall(held());
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, RETRY_WHEN_FULL_MS);
          retry.retryNow = () => (clearTimeout(timer), resolve());
        });
      }
    }
  }

  /**
   * Memory is now ahead of the journal: anything committed later could be journaled past a gap. Refuse it all; a
   * restart recovers from what is durable.
   */
  private failWith(error: NodeJS.ErrnoException, batch: DurableBatch): void {
    const full = error.code === 'ENOSPC' || error.code === 'EDQUOT';
    this.failure = new StoreFailedError(
      full
        ? `Could not save the changes made since the disk holding ${this.description} filled up (${error.message}). None of them was acknowledged; ` +
            `they are lost. Everything acknowledged before is in the journal: free some space and start again.`
        : `The store ${this.description} could not write its journal (${error.message}). Nothing more is accepted; ` +
            `fix the cause (permissions? a failing disk?) and restart: the store recovers everything acknowledged before this.`,
    );
    batch.reject(this.failure);
    this.batch?.reject(this.failure);
    this.batch = undefined;
  }

  private unavailable(consequence: string): StoreUnavailableError {
    return new StoreUnavailableError(`The disk holding ${this.description} is full (${this.outOfSpace?.error.message ?? 'no space left on device'}). ${consequence}`);
  }

  /** The waiting batch, unless it holds lazy commits only: those wait for their timer or an urgent commit. */
  private takeBatch(): DurableBatch | undefined {
    const batch = this.batch;
    if (!batch?.urgent) return undefined;
    this.batch = undefined;
    return batch;
  }

  /** A failed periodic snapshot loses nothing (the journal still holds everything): warn and try again later. */
  private trySnapshot(): void {
    try {
      this.snapshot();
    } catch (error) {
      process.emitWarning(`Could not write a snapshot of ${this.description}: ${(error as Error).message}. The journal keeps growing until one succeeds.`, 'DurableStoreWarning');
    }
  }

  /** Nor does a failed final one: the next open replays the journal instead. */
  private snapshotAtClose(): void {
    try {
      this.snapshot();
    } catch (error) {
      process.emitWarning(
        `Could not write the final snapshot of ${this.description} (${(error as Error).message}). Nothing is lost: the journal keeps everything, and the next start reads it.`,
        'DurableStoreWarning',
      );
    }
  }

  /**
   * Everything applied so far goes into the snapshot, which is durable on its own: nothing is left to journal. It
   * covers the records up to the last one written; the next record continues from there.
   */
  private snapshot(): void {
    this.applyPending();
    this.state.setLastLsn(this.lsn);
    writeSnapshotAtomically(this.options.path!, this.state.export());
    this.journal!.reset();
    this.unjournaled = [];
  }
}

/** An instance's history read synchronously (see `DurableStore.historyNow`); none from a store that cannot say. */
export function historyNow(store: DurableStore, instanceId: string): HistoryEvent[] {
  return store.historyNow?.(instanceId) ?? [];
}

/** One promise for every commit in a batch, rather than one per commit: a busy worker commits thousands a second. */
class DurableBatch {
  readonly durable: Promise<void>;
  /** Someone waits for it (or it has waited long enough): sync it as soon as possible. */
  urgent = false;
  resolve!: () => void;
  reject!: (error: unknown) => void;
  private stalled: ((error: unknown) => void)[] = [];

  constructor() {
    this.durable = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // Callers may ignore a commit's promise: a failed journal write is also refused to every later commit.
    this.durable.catch(() => {});
  }

  /** Like `durable`, but rejects as soon as the batch has to wait for disk space. */
  durableUnlessStalled(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.durable.then(resolve, reject);
      this.stalled.push(reject);
    });
  }

  stall(error: unknown): void {
    for (const reject of this.stalled.splice(0)) reject(error);
  }
}

/**
 * The records a snapshot at `snapshotLsn` does not hold yet, or undefined when they do not continue it: a journal
 * written after a later snapshot, lying next to an older (or a missing) one.
 */
function unappliedRecords(contents: JournalContents, snapshotLsn: number): DecodedRecord[] | undefined {
  const unapplied = contents.records.filter((record) => record.lsn > snapshotLsn);
  // Format 2 numbered its records with gaps: only later formats can be checked.
  if (contents.format < FIRST_CHECKSUMMED_FORMAT) return unapplied;
  return unapplied.every((record, index) => record.lsn === snapshotLsn + 1 + index) ? unapplied : undefined;
}

/** An error from the file system (it names a system call), as opposed to one this store raised about its contents. */
function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}
