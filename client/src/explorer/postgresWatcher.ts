/**
 * Tells when a PostgreSQL store's instances change. The database announces only some changes (work for an idle
 * process, an instance that finished), not a running instance's turns, so the watcher asks instead: once a
 * second, one small aggregate query over the instances table (how many, the latest update, how many history
 * events in all), on one connection of its own. Any commit that the tree or a history would show changes that
 * answer. Editor-free.
 */
import type * as Pg from 'pg';

export const POSTGRES_POLL_MS = 1000;

const FINGERPRINT = `SELECT count(*)::text || '/' || coalesce(max(updated_at), 0)::text || '/' || coalesce(sum(history_length), 0)::text AS print FROM durable_instances`;

/** PostgreSQL's code for a table that is not there: a database no durable-ts process has opened yet. */
const UNDEFINED_TABLE = '42P01';

export class PostgresWatcher {
  private readonly pool: Pg.Pool;
  private timer: NodeJS.Timeout | undefined;
  private last: string | undefined;
  private closed = false;

  constructor(pg: typeof Pg, url: string, private readonly onChange: () => void, private readonly pollMs = POSTGRES_POLL_MS) {
    this.pool = new pg.Pool({ connectionString: url, max: 1 });
    // A connection the server dropped is replaced on the next query; its error must not end the extension host.
    this.pool.on('error', () => {});
    void this.look();
  }

  dispose(): void {
    this.closed = true;
    clearTimeout(this.timer);
    void this.pool.end().catch(() => {});
  }

  private async look(): Promise<void> {
    const print = await this.fingerprint();
    if (this.closed) return;
    // The first answer counts as a change too: whatever happened between the caller's last read and the watcher's
    // first look is not missed. An unreachable database that comes back is a change.
    if (print !== this.last) this.onChange();
    this.last = print;
    this.timer = setTimeout(() => void this.look(), this.pollMs);
    this.timer.unref();
  }

  private async fingerprint(): Promise<string> {
    try {
      return (await this.pool.query<{ print: string }>(FINGERPRINT)).rows[0].print;
    } catch (error) {
      if ((error as { code?: string }).code === UNDEFINED_TABLE) return 'no store yet';
      return `unreachable: ${(error as Error).message}`;
    }
  }
}
