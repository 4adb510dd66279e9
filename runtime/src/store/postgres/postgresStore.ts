import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { HistoryEvent, ListFilter, RuntimeStatus } from '../../api/types';
import { StoreConflictError, StoreFailedError } from '../../api/errors';
import type { ActivityWorkItem, CommitExpectation, CommitOptions, CreateResult, DurableStore, InstanceRow, Message, PendingWork, StoreChange, StoreListener } from '../types';
import { StoreNotifier } from '../notifier';
import { isTerminal } from '../../client/status';
import { migrate } from './schema';
import { IdBlocks } from './idBlocks';
import { RecentHistories } from './recentHistories';
import { DEFAULT_LEASE_MS, redactUrl } from './storeUrl';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database` (or `postgresql://`). */
  url: string;
  /**
   * How long work handed to this process stays its own without being renewed (default 30,000 ms). A process that
   * dies holds its instances and activities this long; then the others take them over.
   */
  leaseMs?: number;
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

/** How often an idle process asks for work anyway: what a dead process left, and anything a lost notification announced. */
const POLL_MS = 1000;

/** An instance this process has had no message of for this long is let go of (another process may take its next turn). */
const RELEASE_IDLE_MS = 2000;

/** At most this many instances, and as many activities, are leased by one fetch. */
const FETCH_LIMIT = 500;

/** Deadlocks and serialisation failures leave nothing applied: such a batch is tried again this many times. */
const RETRIES = 5;

/** How long a lazy commit waits for another commit to share its transaction with. */
const LAZY_WRITE_MS = 5;

/** At most this many commits share one transaction. */
const MAX_BATCH = 1000;

/**
 * A store that several processes share as one task hub, on PostgreSQL. Every commit is one call of a database
 * function (one round trip, one transaction): atomic and durable once it returns (PostgreSQL's own WAL flush),
 * checked against what other processes did meanwhile (a conflict rejects it whole). Work is leased: see `fetchWork`.
 */
export class PostgresStore implements DurableStore {
  readonly shared = true;
  /** This process's name in lease columns; a restarted process is a new owner, so what its predecessor held runs out. */
  private readonly owner = randomUUID();
  private readonly notifier = new StoreNotifier();
  /** Instances this process holds a lease on, with when it last had a message of them. */
  private readonly held = new Map<string, number>();
  /**
   * Instances the database has leased to this process that it does not hold (it let go of them while a commit or a
   * fetch leased them again): let go of at the next renewal if still so, as it renews them otherwise for ever.
   */
  private unknownLeases = new Set<string>();
  /** Messages handed to this process and not yet consumed, per instance. */
  private readonly handed = new Map<string, Set<number>>();
  /** Commits not yet durable (what `flush` waits for), and reads not yet answered (what `close` waits for too). */
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly readsInFlight = new Set<Promise<unknown>>();
  private readonly recentHistories = new RecentHistories();
  /** Commits waiting to be written, in the order they were made. */
  private readonly queue: { changes: StoreChange[]; expect: CommitExpectation[]; take: boolean; lazy: boolean; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private writing = false;
  private lazyWrite: NodeJS.Timeout | undefined;
  /** Messages of lazy commits handed out before they were written. */
  private readonly early = new Set<number>();
  private listener: pg.Client | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private poll: NodeJS.Timeout | undefined;
  private wakeAt: { timer: NodeJS.Timeout; at: number } | undefined;
  private closed = false;
  /** The clock messages fall due by (a time-skipping worker's); leases keep the system's. */
  private visibleNow: () => number = Date.now;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly ids: IdBlocks,
    readonly description: string,
    private readonly leaseMs: number,
  ) {}

  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const description = redactUrl(options.url);
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle connection the server dropped is replaced; the error must not end the process.
    pool.on('error', () => {});
    try {
      await migrate(pool, description);
      const ids = await IdBlocks.start(pool);
      const store = new PostgresStore(pool, ids, description, options.leaseMs ?? DEFAULT_LEASE_MS);
      await store.listen(options.url);
      store.startTimers();
      return store;
    } catch (error) {
      await pool.end().catch(() => {});
      throw new StoreFailedError(`Cannot open the store ${description}: ${(error as Error).message}`);
    }
  }

  allocateId(): number {
    return this.ids.next();
  }

  /**
   * Durable once it resolves. Commits wait in order and are applied in batches, one transaction (one WAL flush)
   * per batch, while the previous batch is written: the group commit that lets many turns share a sync.
   *
   * A lazy commit (an activity's result) to an instance this process holds is handed to its listeners at once: the
   * turn that consumes it commits after it (in its batch or a later one), and that turn's commit fails whole if
   * this one did. It waits a few milliseconds for such a commit to share its transaction.
   */
  commit(changes: StoreChange[], options: CommitOptions = {}): Promise<void> {
    if (this.closed) return Promise.reject(new StoreFailedError(`The store ${this.description} is closed.`));
    // A worker's commit (one that consumes work) keeps the instances it sends to here when it can, and the
    // activities it adds; a client's does not, nor a commit of a process that runs no worker (a rewind from a
    // client or an editor: it would hold the rewound work without ever running it).
    const take = this.notifier.runsWork && changes.some((change) => change.op === 'ack' || change.op === 'removeActivity' || change.op === 'appendHistory');
    const lazy = options.lazy === true;
    const expect = options.expect ?? [];
    const done = new Promise<void>((resolve, reject) => this.queue.push({ changes, expect, take, lazy, resolve, reject }));
    this.track(done);
    if (lazy) this.handOutEarly(changes);
    this.scheduleWrite(lazy);
    return done;
  }

  /** The database decides: the second insert of one id fails on its primary key, and that commit is refused whole. */
  async createIfAbsent(row: InstanceRow, changes: StoreChange[]): Promise<CreateResult> {
    for (let attempt = 0; ; attempt++) {
      const existing = await this.getInstance(row.instanceId);
      if (existing && !isTerminal(existing.status)) return { created: false, existing };
      const all: StoreChange[] = existing ? [{ op: 'purge', instanceId: row.instanceId }] : [];
      all.push({ op: 'createInstance', row }, ...changes);
      try {
        await this.commit(all);
        return { created: true };
      } catch (error) {
        // Another process created it (or replaced the finished one) first: what it created decides.
        if (!(error instanceof StoreConflictError) || attempt >= RETRIES) throw error;
      }
    }
  }

  async flush(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  async getInstance(instanceId: string): Promise<InstanceRow | undefined> {
    const result = await this.query<InstanceColumns>(`SELECT ${INSTANCE_COLUMNS} FROM durable_instances WHERE id = $1`, [instanceId]);
    return result.rows[0] && toInstance(result.rows[0]);
  }

  async getHistory(instanceId: string): Promise<HistoryEvent[]> {
    const result = await this.query<{ events: string }>('SELECT events FROM durable_history WHERE instance_id = $1 ORDER BY first_event_id', [instanceId]);
    const history = result.rows.flatMap((row) => JSON.parse(row.events) as HistoryEvent[]);
    this.recentHistories.read(instanceId, history);
    return history;
  }

  /** The history as this process last read or committed it (empty when it has not lately): a debugger paused in a turn reads it. */
  historyNow(instanceId: string): HistoryEvent[] {
    return this.recentHistories.get(instanceId) ?? [];
  }

  async listInstances(filter: ListFilter = {}): Promise<InstanceRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => (params.push(value), `$${params.length}`);
    if (filter.runtimeStatus?.length) where.push(`status = ANY(${param(filter.runtimeStatus)})`);
    if (filter.name) where.push(`name = ${param(filter.name)}`);
    if (filter.instanceIdPrefix) where.push(`starts_with(id, ${param(filter.instanceIdPrefix)})`);
    if (filter.createdTimeFrom) where.push(`created_at >= ${param(filter.createdTimeFrom.getTime())}`);
    if (filter.createdTimeTo) where.push(`created_at <= ${param(filter.createdTimeTo.getTime())}`);
    const sql =
      `SELECT ${INSTANCE_COLUMNS} FROM durable_instances ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id` +
      (filter.top ? ` LIMIT ${Math.max(0, Math.floor(filter.top))}` : '');
    return (await this.query<InstanceColumns>(sql, params)).rows.map(toInstance);
  }

  /**
   * Lease instances that have visible messages and no live holder, and hand out their messages not handed out yet;
   * lease activities no live process runs. Leases last `leaseMs` and are renewed while this process lives.
   */
  async fetchWork(): Promise<PendingWork> {
    if (this.closed) return { messages: [], activities: [] };
    const now = Date.now();
    const result = await this.query<{ kind: string; seq: string; instance_id: string; body: string; deaths: number }>('SELECT * FROM durable_fetch($1, $2, $3, $4, $5)', [
      this.owner, now, now + this.leaseMs, FETCH_LIMIT, this.visibleNow(),
    ]);
    const messages: { seq: number; message: Message }[] = [];
    const activities: ActivityWorkItem[] = [];
    const deaths = new Map<number, number>();
    for (const row of result.rows) {
      if (row.kind === 'r') this.takeHold(row.instance_id, now, true);
      else if (row.kind === 'n' && row.seq !== null) this.wakeUpAt(Number(row.seq));
      else if (row.kind === 'm' || row.kind === 'a') {
        const work = JSON.parse(row.body) as Message | ActivityWorkItem;
        if (row.kind === 'm') messages.push({ seq: Number(row.seq), message: work as Message });
        else activities.push(work as ActivityWorkItem);
        if (row.deaths > 0) deaths.set(work.id, row.deaths);
      }
    }
    messages.sort((a, b) => a.seq - b.seq);
    for (const { message } of messages) this.handOut(message, now);
    // A full fetch may have left more: ask again at once.
    if (activities.length >= FETCH_LIMIT || result.rows.filter((row) => row.kind === 'r').length >= FETCH_LIMIT) queueMicrotask(() => this.announceWork());
    return { messages: messages.map((entry) => entry.message), activities, ...(deaths.size ? { deaths } : {}) };
  }

  useClock(now: () => number): void {
    this.visibleNow = now;
  }

  async nextTimerAt(): Promise<number | undefined> {
    const result = await this.query<{ at: string | null }>('SELECT min(visible_at) AS at FROM durable_messages WHERE visible_at > $1', [this.visibleNow()]);
    return result.rows[0].at === null ? undefined : Number(result.rows[0].at);
  }

  async queuedWork(instanceIds: string[]): Promise<PendingWork> {
    if (!instanceIds.length) return { messages: [], activities: [] };
    const [messages, activities] = await Promise.all([
      this.query<{ body: string }>('SELECT body FROM durable_messages WHERE instance_id = ANY($1) ORDER BY seq', [instanceIds]),
      this.query<{ body: string }>('SELECT body FROM durable_activities WHERE instance_id = ANY($1) ORDER BY id', [instanceIds]),
    ]);
    return { messages: messages.rows.map((row) => JSON.parse(row.body) as Message), activities: activities.rows.map((row) => JSON.parse(row.body) as ActivityWorkItem) };
  }

  subscribe(listener: StoreListener): () => void {
    return this.notifier.subscribe(listener);
  }

  /** Wait for commits in flight, let go of every lease (others may take the work at once), and disconnect. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    await Promise.allSettled([...this.readsInFlight]);
    clearInterval(this.heartbeat);
    clearInterval(this.poll);
    if (this.wakeAt) clearTimeout(this.wakeAt.timer);
    try {
      await this.pool.query("UPDATE durable_instances SET lease_owner = NULL WHERE lease_owner = $1", [this.owner]);
      await this.pool.query("UPDATE durable_activities SET lease_owner = NULL, lease_until = 0 WHERE lease_owner = $1", [this.owner]);
      await this.pool.query("UPDATE durable_messages SET owner = NULL WHERE owner = $1", [this.owner]);
    } finally {
      await this.listener?.end().catch(() => {});
      await this.pool.end();
    }
  }

  private scheduleWrite(lazy: boolean): void {
    if (this.writing) return;
    if (!lazy) {
      clearTimeout(this.lazyWrite);
      this.lazyWrite = undefined;
      this.writing = true;
      // Let the current burst of commits (a whole turn, a fan-out's results) join the batch first.
      setImmediate(() => void this.writeBatches());
    } else {
      this.lazyWrite ??= setTimeout(() => {
        this.lazyWrite = undefined;
        this.scheduleWrite(false);
      }, LAZY_WRITE_MS);
    }
  }

  /** The messages of a lazy commit to instances this process holds (and may run now), announced before they are written. */
  private handOutEarly(changes: StoreChange[]): void {
    const now = Date.now();
    const visible = this.visibleNow();
    const early: StoreChange[] = [];
    for (const change of changes) {
      if (change.op !== 'enqueue' || change.message.visibleAt > visible || !this.held.has(change.message.instanceId)) continue;
      this.handOut(change.message, now);
      this.early.add(change.message.id);
      early.push(change);
    }
    if (early.length) this.notifier.publish(early);
  }

  private async writeBatches(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, MAX_BATCH);
      // Written now: a lazy commit still waiting for company goes with this batch.
      clearTimeout(this.lazyWrite);
      this.lazyWrite = undefined;
      const now = Date.now();
      const visible = this.visibleNow();
      // Expectations are checked first, in the commit's transaction: the database function takes each as a change.
      const json = JSON.stringify(batch.map((commit) => ({ changes: [...commit.expect.map((expectation) => ({ op: 'expect', ...expectation })), ...commit.changes.map(toWire)], take: commit.take })));
      let rows: { held: string[] | null; failure: string | null; code: string | null }[];
      try {
        rows = await this.writeWithRetries(json, now, visible);
      } catch (error) {
        const failure = new StoreFailedError(`The store ${this.description} could not apply a commit: ${(error as Error).message}`);
        batch.forEach((commit) => commit.reject(failure));
        continue;
      }
      batch.forEach((commit, index) => {
        const { held, failure } = rows[index];
        if (held) {
          this.applied(commit.changes, commit.take, new Set(held), now, visible);
          commit.resolve();
        } else {
          for (const change of commit.changes) if (change.op === 'enqueue') this.early.delete(change.message.id);
          this.conflicted(commit.changes, commit.expect);
          commit.reject(new StoreConflictError(`${failure} (${this.description}): nothing of this commit was applied.`));
        }
      });
    }
    this.writing = false;
  }

  /** Deadlocks and serialisation failures leave nothing applied: the batch is simply written again. */
  private async writeWithRetries(json: string, now: number, visible: number) {
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await this.pool.query<{ held: string[] | null; failure: string | null; code: string | null }>('SELECT * FROM durable_commit_batch($1::jsonb, $2, $3, $4, $5)', [
          json, this.owner, now, now + this.leaseMs, visible,
        ]);
        return result.rows;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if ((code !== '40P01' && code !== '40001') || attempt >= RETRIES) throw error;
      }
    }
  }

  /** Tell this process's listeners what the commit did: which work is now its own (a worker's commit leases the activities it adds), which instances changed. */
  private applied(changes: StoreChange[], take: boolean, held: ReadonlySet<string>, now: number, visible: number): void {
    for (const instanceId of held) this.takeHold(instanceId, now, !this.held.has(instanceId));
    const messages: Message[] = [];
    const activities: ActivityWorkItem[] = [];
    const local: StoreChange[] = [];
    for (const change of changes) {
      if (change.op === 'ack') this.consumed(change.messageId);
      else if (change.op === 'appendHistory') this.recentHistories.appended(change.instanceId, change.firstEventId, change.events);
      else if (change.op === 'clearHistory') this.recentHistories.forget(change.instanceId);
      else if (change.op === 'enqueue') {
        const { message } = change;
        if (this.early.delete(message.id)) continue;
        if (held.has(message.instanceId) && message.visibleAt <= visible) {
          this.handOut(message, now);
          messages.push(message);
        } else if (message.visibleAt > visible) this.wakeUpAt(message.visibleAt);
      } else if (change.op === 'addActivity' && take) activities.push(change.item);
      else if (change.op === 'updateInstance' && change.update.status && isTerminal(change.update.status)) this.letGo(change.instanceId);
      else if (change.op === 'purge') this.letGo(change.instanceId);
      // Not a created instance's row: whichever process takes the instance runs it, and a row cached here for the
      // turns of one another process runs would go stale and stay for ever (every instance a server ever started).
      if (change.op === 'updateInstance' || change.op === 'purge') local.push(change);
    }
    if (messages.length) this.notifier.publish(messages.map((message) => ({ op: 'enqueue', message })));
    if (activities.length) this.notifier.publish(activities.map((item) => ({ op: 'addActivity', item })));
    if (local.length) this.notifier.publish(local);
  }

  /** Nothing of a conflicting commit applied: whatever this process held of its instances is given up and fetched anew. */
  private conflicted(changes: StoreChange[], expect: CommitExpectation[]): void {
    // A commit that only acks (a finished instance's late messages) names its instance in its expectation.
    const instances = [...new Set([...touchedInstances(changes), ...expect.map((expectation) => expectation.instanceId)])];
    for (const instanceId of instances) this.letGo(instanceId);
    this.query('UPDATE durable_messages SET owner = NULL WHERE owner = $1 AND instance_id = ANY($2)', [this.owner, instances])
      .then(() => this.announceWork())
      .catch(() => {});
  }

  private takeHold(instanceId: string, now: number, fresh: boolean): void {
    // Held anew: another process may have run turns since this one last did, so nothing cached of it holds.
    if (fresh) this.notifier.publishReleased(instanceId);
    this.held.set(instanceId, now);
  }

  private letGo(instanceId: string): void {
    this.held.delete(instanceId);
    this.recentHistories.forget(instanceId);
    this.handed.delete(instanceId);
    this.notifier.publishReleased(instanceId);
  }

  private handOut(message: Message, now: number): void {
    const set = this.handed.get(message.instanceId) ?? new Set<number>();
    set.add(message.id);
    this.handed.set(message.instanceId, set);
    this.held.set(message.instanceId, now);
  }

  private consumed(messageId: number): void {
    for (const [instanceId, set] of this.handed) {
      if (set.delete(messageId)) {
        if (set.size === 0) this.handed.delete(instanceId);
        return;
      }
    }
  }

  private announceWork(): void {
    if (!this.closed) this.notifier.publishWorkAvailable();
  }

  /** A message becomes visible then: fetch it when it does (one timer, for the earliest). */
  private wakeUpAt(at: number): void {
    if (this.closed || (this.wakeAt && this.wakeAt.at <= at)) return;
    if (this.wakeAt) clearTimeout(this.wakeAt.timer);
    const timer = setTimeout(() => {
      this.wakeAt = undefined;
      this.announceWork();
    }, Math.min(Math.max(0, at - this.visibleNow()), 2 ** 31 - 1));
    timer.unref();
    this.wakeAt = { timer, at };
  }

  private async listen(url: string): Promise<void> {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => {
      // The poll keeps finding work without notifications.
      this.listener = undefined;
    });
    await client.connect();
    client.on('notification', (notification) => {
      if (notification.channel === 'durable_work') this.announceWork();
      else if (notification.channel === 'durable_instances' && notification.payload) {
        for (const [instanceId, status] of JSON.parse(notification.payload) as [string, RuntimeStatus | null][]) {
          this.notifier.publishUpdated(instanceId, status ?? undefined);
        }
      }
    });
    await client.query('LISTEN durable_work');
    await client.query('LISTEN durable_instances');
    this.listener = client;
  }

  private startTimers(): void {
    this.heartbeat = setInterval(() => void this.renew(), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.heartbeat.unref();
    this.poll = setInterval(() => this.announceWork(), POLL_MS);
    this.poll.unref();
  }

  /** Renew the leases; let go of instances idle here; forget those another process took because a renewal came late. */
  private async renew(): Promise<void> {
    const now = Date.now();
    const release = [...this.held].filter(([instanceId, used]) => !this.handed.has(instanceId) && now - used > RELEASE_IDLE_MS).map(([instanceId]) => instanceId);
    for (const instanceId of release) this.letGo(instanceId);
    // Unknown at two renewals in a row: no fetch or commit taking it is still on its way.
    release.push(...[...this.unknownLeases].filter((instanceId) => !this.held.has(instanceId)));
    try {
      // On the listening connection, which is otherwise idle: a pool busy with commits must not delay a renewal
      // past the lease (others would take over work this process still does).
      const connection = this.listener ?? this.pool;
      const result = await connection.query<{ durable_renew: string }>('SELECT durable_renew($1, $2, $3)', [this.owner, now + this.leaseMs, release]);
      const still = new Set(result.rows.map((row) => row.durable_renew));
      for (const instanceId of [...this.held.keys()]) if (!still.has(instanceId) && this.held.get(instanceId)! < now) this.letGo(instanceId);
      this.unknownLeases = new Set([...still].filter((instanceId) => !this.held.has(instanceId)));
    } catch {
      // Not renewed this time: the next beat tries again, well within the lease.
    }
  }

  private query<Row extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<pg.QueryResult<Row>> {
    if (this.closed) return Promise.reject(new StoreFailedError(`The store ${this.description} is closed.`));
    const result = this.pool.query<Row>(sql, params);
    // Not for `flush`: a read changes nothing to make durable, and a slow one (a fetch waiting on a lock) must
    // not hold up every client that waits for its commands to be durable.
    this.track(result, this.readsInFlight);
    return result;
  }

  private track(promise: Promise<unknown>, set = this.inFlight): void {
    set.add(promise);
    promise.then(
      () => set.delete(promise),
      () => set.delete(promise),
    );
  }
}

/**
 * A change as the database function takes it. JSON drops undefined: a field set to nothing must reach the database
 * as null (it clears the column). A turn's events go as the JSON text to store, with their count, so the database
 * neither parses them nor reorders their keys.
 */
function toWire(change: StoreChange): unknown {
  if (change.op === 'appendHistory') return { op: change.op, instanceId: change.instanceId, firstEventId: change.firstEventId, eventCount: change.events.length, events: JSON.stringify(change.events) };
  if (change.op !== 'updateInstance') return change;
  const update: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(change.update)) update[key] = value ?? null;
  return { ...change, update };
}

function touchedInstances(changes: StoreChange[]): string[] {
  const ids = new Set<string>();
  for (const change of changes) {
    if (change.op === 'createInstance') ids.add(change.row.instanceId);
    else if (change.op === 'enqueue') ids.add(change.message.instanceId);
    else if (change.op === 'addActivity') ids.add(change.item.instanceId);
    else if ('instanceId' in change) ids.add(change.instanceId);
  }
  return [...ids];
}

const INSTANCE_COLUMNS = 'id, name, status, input, output, custom_status, created_at, updated_at, generation, parent, version';

interface InstanceColumns {
  id: string;
  name: string;
  status: RuntimeStatus;
  input: string | null;
  output: string | null;
  custom_status: string | null;
  created_at: string;
  updated_at: string;
  generation: number;
  parent: InstanceRow['parent'] | null;
  version: string;
}

function toInstance(row: InstanceColumns): InstanceRow {
  return {
    instanceId: row.id,
    name: row.name,
    status: row.status,
    input: row.input ?? undefined,
    output: row.output ?? undefined,
    customStatus: row.custom_status ?? undefined,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    generation: row.generation,
    parent: row.parent ?? undefined,
    version: row.version,
  };
}
