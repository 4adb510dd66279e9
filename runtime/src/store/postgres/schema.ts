import type { Pool } from 'pg';
import { StoreCorruptError } from '../../api/errors';
import { FUNCTIONS } from './functions';

/** The schema version this code reads and writes; each step of `MIGRATIONS` raises it by one. */
export const SCHEMA_VERSION = 3;

/** Any number, the same in every process: held while the schema is created or migrated. */
const MIGRATION_LOCK = 0x64757261; // 'dura'

/**
 * The tables. Work is leased: an instance's row names the process that may run its turns
 * (`lease_owner`) until `lease_until` (ms since the epoch); an activity's row the process that runs it. A message
 * handed to a process is marked with its `owner`, so each is handed out once per lease. Times are the processes'
 * clocks, which share a machine or NTP.
 */
const VERSION_1 = `
CREATE TABLE durable_instances (
  id text PRIMARY KEY,
  name text NOT NULL,
  status text NOT NULL,
  input text,
  output text,
  custom_status text,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  generation integer NOT NULL,
  parent json,
  version text NOT NULL DEFAULT '',
  history_length integer NOT NULL DEFAULT 0,
  lease_owner text,
  lease_until bigint NOT NULL DEFAULT 0
);
CREATE INDEX durable_instances_created ON durable_instances (created_at, id);
CREATE INDEX durable_instances_lease ON durable_instances (lease_owner);

-- One row per turn, as the embedded store keeps them: a JSON array of events numbered from first_event_id.
CREATE TABLE durable_history (
  instance_id text NOT NULL,
  first_event_id integer NOT NULL,
  events text NOT NULL,
  PRIMARY KEY (instance_id, first_event_id)
);

CREATE TABLE durable_messages (
  id bigint PRIMARY KEY,
  seq bigserial,
  instance_id text NOT NULL,
  visible_at bigint NOT NULL,
  owner text,
  body text NOT NULL
);
CREATE INDEX durable_messages_instance ON durable_messages (instance_id);
CREATE INDEX durable_messages_visible ON durable_messages (visible_at);

CREATE TABLE durable_activities (
  id bigint PRIMARY KEY,
  instance_id text NOT NULL,
  lease_owner text,
  lease_until bigint NOT NULL DEFAULT 0,
  body text NOT NULL
);
CREATE INDEX durable_activities_lease ON durable_activities (lease_until);

-- Each process takes a block of ids (2^24 of them) from here: ids are unique across processes without a round trip each.
CREATE SEQUENCE durable_id_blocks;
`;

/**
 * Poison handling: how many times a process holding a message or an activity died (its lease ran out) before the
 * work was done. The functions change shape (time-skipping's clock, the deaths): the old ones go.
 */
const VERSION_2 = `
ALTER TABLE durable_messages ADD COLUMN deaths integer NOT NULL DEFAULT 0;
ALTER TABLE durable_activities ADD COLUMN deaths integer NOT NULL DEFAULT 0;
DROP FUNCTION IF EXISTS durable_commit_batch(json, text, bigint, bigint);
DROP FUNCTION IF EXISTS durable_commit(json, text, bigint, bigint, boolean);
DROP FUNCTION IF EXISTS durable_fetch(text, bigint, bigint, integer);
`;

/**
 * The tables stay as they are; the functions change: an expectation may leave out the history's length (a worker
 * dropping a finished instance's late messages expects its status alone), and activities a client's commit adds
 * (a rewind's) are leased to no process.
 */
const VERSION_3 = `-- nothing to change in the tables`;

/** `MIGRATIONS[n]` takes a database from schema version n to n + 1 (its tables; the functions are installed after). */
const MIGRATIONS = [VERSION_1, VERSION_2, VERSION_3];

/**
 * Create the schema, or bring an older one up to this version, under an advisory lock: several processes starting
 * at once would otherwise race on creating the same tables. A newer schema than this code knows is refused.
 */
export async function migrate(pool: Pool, description: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS durable_schema (version integer NOT NULL)');
    const found = await client.query<{ version: number }>('SELECT version FROM durable_schema');
    const current = found.rows[0]?.version ?? 0;
    if (current > SCHEMA_VERSION) {
      throw new StoreCorruptError(`The store ${description} has schema version ${current}; this durable-ts reads version ${SCHEMA_VERSION} and older. Use a newer durable-ts.`);
    }
    for (let version = current; version < SCHEMA_VERSION; version++) await client.query(MIGRATIONS[version]);
    if (current < SCHEMA_VERSION) await client.query(FUNCTIONS);
    if (current === 0) await client.query('INSERT INTO durable_schema (version) VALUES ($1)', [SCHEMA_VERSION]);
    else if (current < SCHEMA_VERSION) await client.query('UPDATE durable_schema SET version = $1', [SCHEMA_VERSION]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
