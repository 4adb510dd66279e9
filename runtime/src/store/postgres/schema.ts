import type { Pool } from 'pg';
import { StoreCorruptError } from '../../api/errors';

/** The schema version this code reads and writes; each step of `MIGRATIONS` raises it by one. */
export const SCHEMA_VERSION = 1;

/** Any number, the same in every process: held while the schema is created or migrated. */
const MIGRATION_LOCK = 0x64757261; // 'dura'

/**
 * Tables and functions. Work is leased: an instance's row names the process that may run its turns
 * (`lease_owner`) until `lease_until` (ms since the epoch); an activity's row the process that runs it. A message
 * handed to a process is marked with its `owner`, so each is handed out once per lease. Times are the processes'
 * clocks, which share a machine or NTP. A commit whose check fails raises SQLSTATE DT409 (another process changed
 * what it was based on).
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

-- Apply one commit (a JSON array of StoreChange) atomically, with the checks that fence off a process whose lease
-- ran out. p_take: take the leases of the instances its visible messages go to (a worker's commit), when free.
-- Returns the instances this process holds among those.
CREATE FUNCTION durable_commit(p_changes json, p_owner text, p_now bigint, p_until bigint, p_take boolean) RETURNS text[]
LANGUAGE plpgsql AS $$
DECLARE
  c json; r json; u json; n integer;
  targets text[] := '{}'; enqueued bigint[] := '{}'; held text[] := '{}';
  unheld boolean := false; finished json[] := '{}';
BEGIN
  FOR c IN SELECT value FROM json_array_elements(p_changes) LOOP
    CASE c->>'op'
    WHEN 'createInstance' THEN
      r := c->'row';
      INSERT INTO durable_instances (id, name, status, input, output, custom_status, created_at, updated_at, generation, parent, version)
      VALUES (r->>'instanceId', r->>'name', r->>'status', r->>'input', r->>'output', r->>'customStatus', (r->>'createdAt')::bigint,
              (r->>'updatedAt')::bigint, (r->>'generation')::integer, CASE WHEN json_typeof(r->'parent') = 'object' THEN r->'parent' END, coalesce(r->>'version', ''));
    WHEN 'updateInstance' THEN
      u := c->'update';
      UPDATE durable_instances SET
        status = CASE WHEN u->'status' IS NOT NULL THEN u->>'status' ELSE status END,
        output = CASE WHEN u->'output' IS NOT NULL THEN u->>'output' ELSE output END,
        custom_status = CASE WHEN u->'customStatus' IS NOT NULL THEN u->>'customStatus' ELSE custom_status END,
        updated_at = CASE WHEN u->'updatedAt' IS NOT NULL THEN (u->>'updatedAt')::bigint ELSE updated_at END,
        generation = CASE WHEN u->'generation' IS NOT NULL THEN (u->>'generation')::integer ELSE generation END,
        input = CASE WHEN u->'input' IS NOT NULL THEN u->>'input' ELSE input END,
        lease_owner = CASE WHEN u->>'status' IN ('Completed', 'Failed', 'Terminated') THEN NULL ELSE lease_owner END
      WHERE id = c->>'instanceId';
      IF u->>'status' IN ('Completed', 'Failed', 'Terminated') THEN
        finished := finished || json_build_array(c->>'instanceId', u->>'status');
      END IF;
    WHEN 'appendHistory' THEN
      n := json_array_length(c->'events');
      UPDATE durable_instances SET history_length = history_length + n
        WHERE id = c->>'instanceId' AND history_length = (c->>'firstEventId')::integer;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'the history of % does not continue at event %', c->>'instanceId', c->>'firstEventId' USING ERRCODE = 'DT409';
      END IF;
      INSERT INTO durable_history (instance_id, first_event_id, events) VALUES (c->>'instanceId', (c->>'firstEventId')::integer, (c->'events')::text);
    WHEN 'clearHistory' THEN
      DELETE FROM durable_history WHERE instance_id = c->>'instanceId';
      UPDATE durable_instances SET history_length = 0 WHERE id = c->>'instanceId';
    WHEN 'enqueue' THEN
      r := c->'message';
      INSERT INTO durable_messages (id, instance_id, visible_at, body) VALUES ((r->>'id')::bigint, r->>'instanceId', (r->>'visibleAt')::bigint, r::text);
      IF (r->>'visibleAt')::bigint <= p_now THEN
        IF p_take THEN
          targets := targets || (r->>'instanceId');
          enqueued := enqueued || (r->>'id')::bigint;
        ELSE
          unheld := true;
        END IF;
      END IF;
    WHEN 'ack' THEN
      DELETE FROM durable_messages WHERE id = (c->>'messageId')::bigint;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'message % was consumed by another process', c->>'messageId' USING ERRCODE = 'DT409';
      END IF;
    WHEN 'addActivity' THEN
      r := c->'item';
      INSERT INTO durable_activities (id, instance_id, lease_owner, lease_until, body) VALUES ((r->>'id')::bigint, r->>'instanceId', p_owner, p_until, r::text);
    WHEN 'removeActivity' THEN
      DELETE FROM durable_activities WHERE id = (c->>'activityId')::bigint;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'activity % was completed by another process', c->>'activityId' USING ERRCODE = 'DT409';
      END IF;
    WHEN 'purge' THEN
      DELETE FROM durable_history WHERE instance_id = c->>'instanceId';
      DELETE FROM durable_messages WHERE instance_id = c->>'instanceId';
      DELETE FROM durable_activities WHERE instance_id = c->>'instanceId';
      DELETE FROM durable_instances WHERE id = c->>'instanceId';
      finished := finished || json_build_array(c->>'instanceId', NULL);
    END CASE;
  END LOOP;
  IF cardinality(targets) > 0 THEN
    WITH taken AS (
      UPDATE durable_instances SET lease_owner = p_owner, lease_until = p_until
      WHERE id = ANY(targets) AND (lease_owner IS NULL OR lease_owner = p_owner OR lease_until < p_now)
      RETURNING id)
    SELECT coalesce(array_agg(id), '{}') INTO held FROM taken;
    UPDATE durable_messages SET owner = p_owner WHERE id = ANY(enqueued) AND instance_id = ANY(held);
    IF EXISTS (SELECT 1 FROM unnest(targets) AS t(id) WHERE NOT (t.id = ANY(held))) THEN unheld := true; END IF;
  END IF;
  IF unheld THEN PERFORM pg_notify('durable_work', ''); END IF;
  IF cardinality(finished) > 0 THEN PERFORM pg_notify('durable_instances', array_to_json(finished)::text); END IF;
  RETURN held;
END $$;

-- Apply a batch of commits (a JSON array of {changes, take}) in one transaction, so they share one WAL flush. Each
-- applies whole or, when its check fails, not at all (a subtransaction), without undoing the others.
CREATE FUNCTION durable_commit_batch(p_commits json, p_owner text, p_now bigint, p_until bigint)
RETURNS TABLE (held text[], failure text, code text)
LANGUAGE plpgsql AS $$
DECLARE
  c json;
BEGIN
  FOR c IN SELECT value FROM json_array_elements(p_commits) LOOP
    BEGIN
      held := durable_commit(c->'changes', p_owner, p_now, p_until, (c->>'take')::boolean);
      failure := NULL;
      code := NULL;
    EXCEPTION WHEN unique_violation OR SQLSTATE 'DT409' THEN
      held := NULL;
      failure := SQLERRM;
      code := SQLSTATE;
    END;
    RETURN NEXT;
  END LOOP;
END $$;

-- Hand work to a process: lease up to p_limit instances that have visible messages and no live holder, then hand
-- out every visible message of the instances it holds that it was not handed yet, and lease up to p_limit
-- activities no live process runs. 'r' rows name instances it holds anew (it must forget what it cached of them);
-- 'n' is the earliest time a message not visible yet becomes visible.
CREATE FUNCTION durable_fetch(p_owner text, p_now bigint, p_until bigint, p_limit integer)
RETURNS TABLE (kind text, seq bigint, instance_id text, body text)
LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY
    WITH candidates AS (
      SELECT i.id, i.lease_owner AS previous FROM durable_instances i
      WHERE i.id IN (SELECT m.instance_id FROM durable_messages m WHERE m.visible_at <= p_now AND m.owner IS DISTINCT FROM p_owner)
        AND (i.lease_owner IS NULL OR i.lease_owner = p_owner OR i.lease_until < p_now)
      LIMIT p_limit FOR UPDATE OF i SKIP LOCKED)
    UPDATE durable_instances i SET lease_owner = p_owner, lease_until = p_until FROM candidates c
    WHERE i.id = c.id AND c.previous IS DISTINCT FROM p_owner
    RETURNING 'r'::text, 0::bigint, i.id, NULL::text;
  RETURN QUERY
    UPDATE durable_messages m SET owner = p_owner
    WHERE m.visible_at <= p_now AND m.owner IS DISTINCT FROM p_owner
      AND m.instance_id IN (SELECT i.id FROM durable_instances i WHERE i.lease_owner = p_owner)
    RETURNING 'm'::text, m.seq, m.instance_id, m.body;
  RETURN QUERY
    UPDATE durable_activities a SET lease_owner = p_owner, lease_until = p_until
    WHERE a.id IN (SELECT x.id FROM durable_activities x WHERE x.lease_until < p_now ORDER BY x.id LIMIT p_limit FOR UPDATE SKIP LOCKED)
    RETURNING 'a'::text, a.id, a.instance_id, a.body;
  RETURN QUERY SELECT 'n'::text, min(m.visible_at), NULL::text, NULL::text FROM durable_messages m WHERE m.visible_at > p_now;
END $$;

-- Keep a live process's leases, let go of the instances it no longer works on, and say which it still holds.
CREATE FUNCTION durable_renew(p_owner text, p_until bigint, p_release text[]) RETURNS SETOF text
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE durable_instances SET lease_owner = NULL WHERE id = ANY(p_release) AND lease_owner = p_owner;
  UPDATE durable_activities SET lease_until = p_until WHERE lease_owner = p_owner;
  RETURN QUERY UPDATE durable_instances SET lease_until = p_until WHERE lease_owner = p_owner RETURNING id;
END $$;
`;

/** `MIGRATIONS[n]` takes a database from schema version n to n + 1. */
const MIGRATIONS = [VERSION_1];

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
