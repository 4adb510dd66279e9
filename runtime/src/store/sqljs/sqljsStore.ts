import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HistoryEvent, ListFilter } from '../../api/types';
import { StoreCorruptError, StoreFailedError } from '../../api/errors';
import type { DurableStore, InstanceRow, PendingWork, StoreChange, StoreListener } from '../types';
import { compactBatch } from '../compact';
import { StoreLock } from '../lockFile';
import { makeDirectoryDurably } from './directory';
import { Journal, JOURNAL_HEADER_BYTES } from './journal';
import { ForeignDatabaseError, OtherStoreFormatError, StateDatabase } from './database';
import { otherFormatMessage } from './format';
import { looksLikeSqlite, removeAbandonedSnapshots, writeSnapshotAtomically } from './snapshot';
import { StoreNotifier } from '../notifier';
import { PendingReads } from '../pendingReads';

export interface SqlJsStoreOptions {
  /** The snapshot file; the journal is `<path>-log`, the lock `<path>.lock`. Omit for a store that lives in memory only. */
  path?: string;
  /** Take a snapshot and truncate the journal once it grows past this many bytes. */
  snapshotAfterBytes?: number;
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
  private idleApply: NodeJS.Timeout | undefined;
  /** The commits since the last journal write: they become durable (or fail) together. */
  private batch: DurableBatch | undefined;
  private closed = false;
  private failure: StoreFailedError | undefined;

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
    makeDirectoryDurably(path.dirname(file));
    const lock = StoreLock.acquire(file);
    try {
      const state = await loadSnapshot(file);
      const { journal, records } = Journal.open(`${file}-log`);
      const snapshotLsn = state.lastLsn;
      const unapplied = records.filter((record) => record.lsn > snapshotLsn);
      // One transaction for the whole replay: sql.js copies every dirty page into its in-memory file at each commit.
      state.applyChanges(compactBatch(unapplied.flatMap((record) => record.changes)));
      if (unapplied.length > 0) state.setLastLsn(unapplied[unapplied.length - 1].lsn);
      removeAbandonedSnapshots(file);
      const store = new SqlJsStore(state, journal, lock, { ...options, path: file });
      store.nextId = state.loadPendingWork().nextId;
      return store;
    } catch (error) {
      lock.release();
      throw error;
    }
  }

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

  commit(changes: StoreChange[]): Promise<void> {
    if (this.closed) return Promise.reject(new StoreFailedError(`The store ${this.description} is closed.`));
    if (this.failure) return Promise.reject(this.failure);
    for (const change of changes) {
      this.pending.push(change);
      this.unjournaled.push(change);
      this.pendingReads.record(change);
    }
    this.applyWhenIdle();
    this.batch ??= new DurableBatch();
    this.notifier.publish(changes);
    this.scheduleFlush();
    return this.batch.durable;
  }

  flush(): Promise<void> {
    if (this.pending.length === 0 && this.unjournaled.length === 0 && !this.batch) return this.flushing ?? Promise.resolve();
    return this.commit([]);
  }

  getInstance(instanceId: string): InstanceRow | undefined {
    const fromDatabase = () => this.state.getInstance(instanceId);
    const pending = this.pendingReads.row(instanceId, fromDatabase);
    return pending === null ? fromDatabase() : pending;
  }

  getHistory(instanceId: string): HistoryEvent[] {
    return this.pendingReads.history(instanceId, () => this.state.getHistory(instanceId));
  }

  listInstances(filter?: ListFilter): InstanceRow[] {
    this.applyPending();
    return this.state.listInstances(filter);
  }

  loadPendingWork(): PendingWork {
    this.applyPending();
    return { ...this.state.loadPendingWork(), nextId: this.nextId };
  }

  subscribe(listener: StoreListener): () => void {
    return this.notifier.subscribe(listener);
  }

  /** Flush, write a final snapshot, truncate the journal and release the lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    clearTimeout(this.idleApply);
    if (this.journal && this.options.path) {
      // A store only read from (status, list, history) has nothing to fold in: leave its files as they are.
      if (this.journal.bytes > JOURNAL_HEADER_BYTES || this.unjournaled.length > 0) this.snapshot();
      this.journal.close();
    }
    this.state.close();
    this.lock?.release();
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

  private scheduleFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    // Let the current burst of commits (a whole turn, a fan-out's results) join the batch first.
    setImmediate(() => {
      this.flushQueued = false;
      if (!this.flushing) this.flushing = this.flushLoop().finally(() => (this.flushing = undefined));
    });
  }

  private async flushLoop(): Promise<void> {
    for (let batch = this.takeBatch(); batch; batch = this.takeBatch()) {
      try {
        const changes = compactBatch(this.unjournaled);
        this.unjournaled = [];
        this.lsn++;
        if (this.journal && changes.length > 0) await this.journal.append({ lsn: this.lsn, changes });
        batch.resolve();
        if (this.pending.length > APPLY_AFTER_CHANGES) this.applyPending();
      } catch (error) {
        // Memory is now ahead of the journal: anything committed later could be journaled past a gap. Refuse it all;
        // a restart recovers from what is durable.
        this.failure = new StoreFailedError(
          `The store ${this.description} could not write its journal (${(error as Error).message}). Nothing more is accepted; ` +
            `fix the cause (disk full? permissions?) and restart: the store recovers everything acknowledged before this.`,
        );
        batch.reject(this.failure);
        this.takeBatch()?.reject(this.failure);
        return;
      }
      if (this.journal && this.journal.bytes > (this.options.snapshotAfterBytes ?? 64 * 1024 * 1024)) this.trySnapshot();
    }
  }

  private takeBatch(): DurableBatch | undefined {
    const batch = this.batch;
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

  /** Everything applied so far goes into the snapshot, which is durable on its own: nothing is left to journal. */
  private snapshot(): void {
    this.applyPending();
    this.lsn++;
    this.state.setLastLsn(this.lsn);
    writeSnapshotAtomically(this.options.path!, this.state.export());
    this.journal!.reset();
    this.unjournaled = [];
  }
}

/** One promise for every commit in a batch, rather than one per commit: a busy worker commits thousands a second. */
class DurableBatch {
  readonly durable: Promise<void>;
  resolve!: () => void;
  reject!: (error: unknown) => void;

  constructor() {
    this.durable = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // Callers may ignore a commit's promise: a failed journal write is also refused to every later commit.
    this.durable.catch(() => {});
  }
}

async function loadSnapshot(file: string): Promise<StateDatabase> {
  if (!fs.existsSync(file)) return StateDatabase.create();
  const contents = fs.readFileSync(file);
  if (contents.length === 0) return StateDatabase.create();
  if (!looksLikeSqlite(contents)) {
    throw new StoreCorruptError(`${file} is not a durable-ts store (it is not a SQLite database). It was left untouched; pass another --store or move it away.`);
  }
  try {
    const state = await StateDatabase.create(contents);
    state.verify();
    return state;
  } catch (error) {
    if (error instanceof OtherStoreFormatError) throw new StoreCorruptError(otherFormatMessage(file, error.format));
    if (error instanceof ForeignDatabaseError) {
      throw new StoreCorruptError(
        `${file} is a SQLite database but not a durable-ts store (it has tables ${error.tables.join(', ')}). It was left untouched; pass another --store or move it away.`,
      );
    }
    throw new StoreCorruptError(`${file} is damaged and cannot be opened (${(error as Error).message}). It was left untouched; restore it from a backup or move it away.`);
  }
}
