import initSqlJs, { type Database, type SqlJsStatic, type Statement } from 'sql.js';
import type { HistoryEvent, ListFilter } from '../../api/types';
import type { ActivityWorkItem, InstanceRow, InstanceUpdate, Message, PendingWork, StoreChange } from '../types';
import { isReadableFormat, STORE_FORMAT } from './format';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS instances (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, status TEXT NOT NULL, input TEXT, output TEXT, custom_status TEXT,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, generation INTEGER NOT NULL, parent TEXT, version TEXT);
CREATE INDEX IF NOT EXISTS instances_by_status ON instances(status);
CREATE TABLE IF NOT EXISTS history (instance_id TEXT NOT NULL, first_seq INTEGER NOT NULL, events BLOB NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS history_by_instance ON history(instance_id, first_seq);
CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, instance_id TEXT NOT NULL, body BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS activities (id INTEGER PRIMARY KEY, instance_id TEXT NOT NULL, body BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

const OWN_TABLES = new Set(['instances', 'history', 'messages', 'activities', 'meta']);

export class ForeignDatabaseError extends Error {
  constructor(readonly tables: string[]) {
    super(`a SQLite database with tables ${tables.join(', ')}`);
  }
}

export class OtherStoreFormatError extends Error {
  constructor(readonly format: number) {
    super(`store format ${format}`);
  }
}

const updatableColumns: Record<keyof InstanceUpdate, string> = {
  status: 'status',
  output: 'output',
  customStatus: 'custom_status',
  updatedAt: 'updated_at',
  generation: 'generation',
  input: 'input',
};

/** A history row as stored: the JSON array of its events, as UTF-8 bytes. */
export interface HistoryRow {
  instanceId: string;
  firstEventId: number;
  eventsJson: Uint8Array;
}

let sqlJs: Promise<SqlJsStatic> | undefined;
export function loadSqlJs(): Promise<SqlJsStatic> {
  return (sqlJs ??= initSqlJs());
}

/** The store's state as an in-memory SQLite database (sql.js): applies changes and answers queries. */
export class StateDatabase {
  private statements = new Map<string, Statement>();

  /** `format`: the store format the database was written in (a new one is the current format). */
  constructor(private db: Database, readonly format: number = STORE_FORMAT) {
    this.configure();
    this.addVersionColumn();
  }

  /**
   * A new database, or one loaded from a snapshot. Refuses another application's database (it would gain our
   * tables) and another version's store (its tables may not be ours).
   */
  static async create(contents?: Uint8Array): Promise<StateDatabase> {
    const SQL = await loadSqlJs();
    const db = new SQL.Database(contents);
    const tables = (db.exec("SELECT name FROM sqlite_master WHERE type = 'table'")[0]?.values ?? []).map(([name]) => String(name));
    const foreign = tables.filter((name) => !OWN_TABLES.has(name));
    if (foreign.length) {
      db.close();
      throw new ForeignDatabaseError(foreign);
    }
    const format = Number(db.exec('PRAGMA user_version')[0].values[0][0]);
    if (tables.length > 0 && !isReadableFormat(format)) {
      db.close();
      throw new OtherStoreFormatError(format);
    }
    return new StateDatabase(db, tables.length > 0 ? format : STORE_FORMAT);
  }

  /**
   * Check the whole database for damage SQLite can see (broken pages, indexes, records). A snapshot with a
   * checksum needs no such pass; one without (format 2) gets it before it is trusted.
   */
  integrityProblems(): string | undefined {
    const rows = this.db.exec('PRAGMA integrity_check')[0]?.values ?? [];
    const problems = rows.map(([line]) => String(line)).filter((line) => line !== 'ok');
    return problems.length ? problems.slice(0, 3).join('; ') : undefined;
  }

  get lastLsn(): number {
    const row = this.queryOne<[string]>('SELECT value FROM meta WHERE key = ?', ['lsn']);
    return row ? Number(row[0]) : 0;
  }

  /**
   * Apply changes, then add history rows given as their stored bytes (recovery's), in one SQLite transaction: all
   * of them or, if one cannot apply (a bug), none.
   */
  applyChanges(changes: readonly StoreChange[], historyRows: readonly HistoryRow[] = []): void {
    if (changes.length === 0 && historyRows.length === 0) return;
    this.db.exec('BEGIN');
    try {
      for (const change of changes) this.applyOne(change);
      for (const row of historyRows) this.insertHistory(row.instanceId, row.firstEventId, row.eventsJson);
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Record the last journal record whose changes this database holds (what a snapshot of it covers). */
  setLastLsn(lsn: number): void {
    this.run('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', ['lsn', String(lsn)]);
  }

  /** The whole database as bytes. Re-prepares afterwards: export() resets pragmas and invalidates statements. */
  export(): Uint8Array {
    this.finalizeStatements();
    const bytes = this.db.export();
    this.configure();
    return bytes;
  }

  getInstance(instanceId: string): InstanceRow | undefined {
    const row = this.queryOne<InstanceColumns>(`SELECT ${INSTANCE_COLUMNS} FROM instances WHERE id = ?`, [instanceId]);
    return row && toInstance(row);
  }

  getHistory(instanceId: string): HistoryEvent[] {
    const stmt = this.prepared('SELECT events FROM history WHERE instance_id = ? ORDER BY first_seq');
    stmt.bind([instanceId]);
    const events: HistoryEvent[] = [];
    while (stmt.step()) for (const event of parseJsonBlob<HistoryEvent[]>(stmt.get()[0])) events.push(event);
    stmt.reset();
    return events;
  }

  listInstances(filter: ListFilter = {}): InstanceRow[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.runtimeStatus?.length) {
      where.push(`status IN (${filter.runtimeStatus.map(() => '?').join(', ')})`);
      params.push(...filter.runtimeStatus);
    }
    if (filter.name) (where.push('name = ?'), params.push(filter.name));
    if (filter.instanceIdPrefix) (where.push('substr(id, 1, ?) = ?'), params.push(filter.instanceIdPrefix.length, filter.instanceIdPrefix));
    if (filter.createdTimeFrom) (where.push('created_at >= ?'), params.push(filter.createdTimeFrom.getTime()));
    if (filter.createdTimeTo) (where.push('created_at <= ?'), params.push(filter.createdTimeTo.getTime()));
    const sql =
      `SELECT ${INSTANCE_COLUMNS} FROM instances ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id` +
      (filter.top ? ` LIMIT ${Math.max(0, Math.floor(filter.top))}` : '');
    const result = this.db.exec(sql, params);
    return (result[0]?.values ?? []).map((row) => toInstance(row as InstanceColumns));
  }

  /** What is queued for these instances. */
  queuedWork(instanceIds: string[]): PendingWork {
    if (!instanceIds.length) return { messages: [], activities: [] };
    const marks = instanceIds.map(() => '?').join(', ');
    const bodies = (table: string) => (this.db.exec(`SELECT body FROM ${table} WHERE instance_id IN (${marks}) ORDER BY id`, instanceIds)[0]?.values ?? []).map((row) => parseJsonBlob<unknown>(row[0]));
    return { messages: bodies('messages') as Message[], activities: bodies('activities') as ActivityWorkItem[] };
  }

  /** Everything queued, and the id after the highest one in use. */
  loadPendingWork(): PendingWork & { nextId: number } {
    const bodies = (sql: string) => (this.db.exec(sql)[0]?.values ?? []).map((row) => parseJsonBlob<unknown>(row[0]));
    const messages = bodies('SELECT body FROM messages ORDER BY id') as Message[];
    const activities = bodies('SELECT body FROM activities ORDER BY id') as ActivityWorkItem[];
    const maxId = this.queryOne<[number | null]>('SELECT max(m) FROM (SELECT max(id) AS m FROM messages UNION ALL SELECT max(id) FROM activities)', []);
    return { messages, activities, nextId: (maxId?.[0] ?? 0) + 1 };
  }

  close(): void {
    this.finalizeStatements();
    this.db.close();
  }

  private applyOne(change: StoreChange): void {
    switch (change.op) {
      case 'createInstance': {
        const r = change.row;
        this.run(`INSERT OR REPLACE INTO instances (${INSTANCE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
          r.instanceId, r.name, r.status, r.input ?? null, r.output ?? null, r.customStatus ?? null,
          r.createdAt, r.updatedAt, r.generation, r.parent ? JSON.stringify(r.parent) : null, r.version || null,
        ]);
        return;
      }
      case 'updateInstance': {
        const keys = Object.keys(change.update) as (keyof InstanceUpdate)[];
        if (keys.length === 0) return;
        const sets = keys.map((key) => `${updatableColumns[key]} = ?`).join(', ');
        this.run(`UPDATE instances SET ${sets} WHERE id = ?`, [...keys.map((key) => change.update[key] ?? null), change.instanceId]);
        return;
      }
      case 'appendHistory':
        // One row per append (a turn, or a batch's successive turns joined), not per event: they are always read
        // together, and each row costs a round trip into the WebAssembly module.
        this.insertHistory(change.instanceId, change.firstEventId, jsonBlob(change.events));
        return;
      case 'clearHistory':
        this.run('DELETE FROM history WHERE instance_id = ?', [change.instanceId]);
        return;
      case 'enqueue':
        this.run('INSERT INTO messages (id, instance_id, body) VALUES (?, ?, ?)', [change.message.id, change.message.instanceId, jsonBlob(change.message)]);
        return;
      case 'ack':
        this.run('DELETE FROM messages WHERE id = ?', [change.messageId]);
        return;
      case 'addActivity':
        this.run('INSERT INTO activities (id, instance_id, body) VALUES (?, ?, ?)', [change.item.id, change.item.instanceId, jsonBlob(change.item)]);
        return;
      case 'removeActivity':
        this.run('DELETE FROM activities WHERE id = ?', [change.activityId]);
        return;
      case 'purge':
        for (const table of ['history WHERE instance_id', 'messages WHERE instance_id', 'activities WHERE instance_id', 'instances WHERE id']) {
          this.run(`DELETE FROM ${table} = ?`, [change.instanceId]);
        }
        return;
    }
  }

  private insertHistory(instanceId: string, firstEventId: number, eventsJson: Uint8Array): void {
    this.run('INSERT INTO history (instance_id, first_seq, events) VALUES (?, ?, ?)', [instanceId, firstEventId, eventsJson]);
  }

  private configure(): void {
    // Durability comes from our journal; sql.js's own rollback journal in its in-memory file system is pure cost.
    this.db.exec('PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;');
    this.db.exec(SCHEMA);
    this.db.exec(`PRAGMA user_version = ${STORE_FORMAT}`);
  }

  /**
   * Stores written before versioning have no `version` column. Adding it needs no format change: the column is
   * nullable and named in every statement, so a release that predates it still reads and writes such a store
   * correctly (instances it starts simply have no version).
   */
  private addVersionColumn(): void {
    const columns = this.db.exec('PRAGMA table_info(instances)')[0]?.values.map((column) => String(column[1])) ?? [];
    if (!columns.includes('version')) this.db.exec('ALTER TABLE instances ADD COLUMN version TEXT');
  }

  private run(sql: string, params: (string | number | null | Uint8Array)[]): void {
    this.prepared(sql).run(params);
  }

  private queryOne<T extends unknown[]>(sql: string, params: (string | number)[]): T | undefined {
    const stmt = this.prepared(sql);
    stmt.bind(params);
    const row = stmt.step() ? (stmt.get() as T) : undefined;
    stmt.reset();
    return row;
  }

  private prepared(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  private finalizeStatements(): void {
    for (const stmt of this.statements.values()) stmt.free();
    this.statements.clear();
  }
}

/**
 * JSON that is only ever parsed back whole (history, queued work) is stored as UTF-8 bytes: sql.js copies a byte
 * array into WebAssembly memory in one go, but encodes a string character by character in JavaScript.
 */
function jsonBlob(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

const utf8 = new TextDecoder();
function parseJsonBlob<T>(value: unknown): T {
  return JSON.parse(utf8.decode(value as Uint8Array));
}

const INSTANCE_COLUMNS = 'id, name, status, input, output, custom_status, created_at, updated_at, generation, parent, version';
type InstanceColumns = [string, string, string, string | null, string | null, string | null, number, number, number, string | null, string | null];

function toInstance(row: InstanceColumns): InstanceRow {
  const [instanceId, name, status, input, output, customStatus, createdAt, updatedAt, generation, parent, version] = row;
  return {
    instanceId,
    name,
    status: status as InstanceRow['status'],
    input: input ?? undefined,
    output: output ?? undefined,
    customStatus: customStatus ?? undefined,
    createdAt,
    updatedAt,
    generation,
    parent: parent ? JSON.parse(parent) : undefined,
    // A journal record or row written before versioning has none.
    version: version ?? '',
  };
}
