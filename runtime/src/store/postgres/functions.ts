/**
 * The database functions this code calls, as of the current schema version: (re)installed by every migration, after
 * the tables. A commit whose check fails raises SQLSTATE DT409 (another process changed what it was based on).
 */
export const FUNCTIONS = `
-- Apply one commit (a JSON array of StoreChange) atomically, with the checks that fence off a process whose lease
-- ran out. p_take: take the leases of the instances its visible messages go to (a worker's commit), when free.
-- p_visible: the time messages are due by (the process's clock, which time-skipping moves ahead; leases keep p_now).
-- Returns the instances this process holds among those.
CREATE OR REPLACE FUNCTION durable_commit(p_changes jsonb, p_owner text, p_now bigint, p_until bigint, p_take boolean, p_visible bigint) RETURNS text[]
LANGUAGE plpgsql AS $$
DECLARE
  c jsonb; r jsonb; u jsonb;
  targets text[] := '{}'; enqueued bigint[] := '{}'; held text[] := '{}';
  unheld boolean := false; finished json[] := '{}';
BEGIN
  FOR c IN SELECT value FROM jsonb_array_elements(p_changes) LOOP
    CASE c->>'op'
    WHEN 'createInstance' THEN
      r := c->'row';
      INSERT INTO durable_instances (id, name, status, input, output, custom_status, created_at, updated_at, generation, parent, version)
      VALUES (r->>'instanceId', r->>'name', r->>'status', r->>'input', r->>'output', r->>'customStatus', (r->>'createdAt')::bigint,
              (r->>'updatedAt')::bigint, (r->>'generation')::integer, CASE WHEN jsonb_typeof(r->'parent') = 'object' THEN (r->'parent')::json END, coalesce(r->>'version', ''));
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
    WHEN 'expect' THEN
      -- Locked until this commits: a turn of the instance waits, then finds the history changed (its own check).
      PERFORM 1 FROM durable_instances WHERE id = c->>'instanceId' AND status = c->>'status'
        AND generation = (c->>'generation')::integer AND (c->'historyLength' IS NULL OR history_length = (c->>'historyLength')::integer) FOR UPDATE;
      IF NOT FOUND OR (SELECT count(*) FROM durable_messages WHERE id IN (SELECT value::bigint FROM jsonb_array_elements_text(c->'queued')))
          + (SELECT count(*) FROM durable_activities WHERE id IN (SELECT value::bigint FROM jsonb_array_elements_text(c->'queued'))) < jsonb_array_length(c->'queued') THEN
        RAISE EXCEPTION 'instance % changed since it was read', c->>'instanceId' USING ERRCODE = 'DT409';
      END IF;
    WHEN 'appendHistory' THEN
      -- The events come as the JSON text to store (the client's, key order and all), with their count.
      UPDATE durable_instances SET history_length = history_length + (c->>'eventCount')::integer
        WHERE id = c->>'instanceId' AND history_length = (c->>'firstEventId')::integer;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'the history of % does not continue at event %', c->>'instanceId', c->>'firstEventId' USING ERRCODE = 'DT409';
      END IF;
      INSERT INTO durable_history (instance_id, first_event_id, events) VALUES (c->>'instanceId', (c->>'firstEventId')::integer, c->>'events');
    WHEN 'clearHistory' THEN
      DELETE FROM durable_history WHERE instance_id = c->>'instanceId';
      UPDATE durable_instances SET history_length = 0 WHERE id = c->>'instanceId';
    WHEN 'enqueue' THEN
      r := c->'message';
      INSERT INTO durable_messages (id, instance_id, visible_at, body) VALUES ((r->>'id')::bigint, r->>'instanceId', (r->>'visibleAt')::bigint, r::text);
      IF (r->>'visibleAt')::bigint <= p_visible THEN
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
      -- A worker's turn runs the activities it schedules; a client's commit (a rewind) leaves them to the workers.
      r := c->'item';
      INSERT INTO durable_activities (id, instance_id, lease_owner, lease_until, body)
      VALUES ((r->>'id')::bigint, r->>'instanceId', CASE WHEN p_take THEN p_owner END, CASE WHEN p_take THEN p_until ELSE 0 END, r::text);
      IF NOT p_take THEN unheld := true; END IF;
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
CREATE OR REPLACE FUNCTION durable_commit_batch(p_commits jsonb, p_owner text, p_now bigint, p_until bigint, p_visible bigint)
RETURNS TABLE (held text[], failure text, code text)
LANGUAGE plpgsql AS $$
DECLARE
  c jsonb;
BEGIN
  FOR c IN SELECT value FROM jsonb_array_elements(p_commits) LOOP
    BEGIN
      held := durable_commit(c->'changes', p_owner, p_now, p_until, (c->>'take')::boolean, p_visible);
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

-- Hand work to a process: lease up to p_limit instances that have messages due (by p_visible) and no live holder,
-- then hand out every due message of the instances it holds that it was not handed yet, and lease up to p_limit
-- activities no live process runs. 'r' rows name instances it holds anew (it must forget what it cached of them);
-- 'n' is the earliest time a message not due yet falls due. Work taken from a holder whose lease ran out (it died,
-- or stopped renewing) counts one more death (poison handling); a holder that stops on purpose lets go first.
CREATE OR REPLACE FUNCTION durable_fetch(p_owner text, p_now bigint, p_until bigint, p_limit integer, p_visible bigint)
RETURNS TABLE (kind text, seq bigint, instance_id text, body text, deaths integer)
LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY
    WITH candidates AS (
      SELECT i.id, i.lease_owner AS previous FROM durable_instances i
      WHERE i.id IN (SELECT m.instance_id FROM durable_messages m WHERE m.visible_at <= p_visible AND m.owner IS DISTINCT FROM p_owner)
        AND (i.lease_owner IS NULL OR i.lease_owner = p_owner OR i.lease_until < p_now)
      LIMIT p_limit FOR UPDATE OF i SKIP LOCKED),
    leased AS (
      UPDATE durable_instances i SET lease_owner = p_owner, lease_until = p_until FROM candidates c
      WHERE i.id = c.id AND c.previous IS DISTINCT FROM p_owner
      RETURNING i.id, c.previous),
    died AS (
      UPDATE durable_messages m SET deaths = m.deaths + 1 FROM leased l
      WHERE l.previous IS NOT NULL AND m.instance_id = l.id AND m.owner = l.previous)
    SELECT 'r'::text, 0::bigint, l.id, NULL::text, 0 FROM leased l;
  RETURN QUERY
    UPDATE durable_messages m SET owner = p_owner
    WHERE m.visible_at <= p_visible AND m.owner IS DISTINCT FROM p_owner
      AND m.instance_id IN (SELECT i.id FROM durable_instances i WHERE i.lease_owner = p_owner)
    RETURNING 'm'::text, m.seq, m.instance_id, m.body, m.deaths;
  RETURN QUERY
    UPDATE durable_activities a SET lease_owner = p_owner, lease_until = p_until,
      deaths = a.deaths + CASE WHEN a.lease_owner IS DISTINCT FROM p_owner AND a.lease_owner IS NOT NULL THEN 1 ELSE 0 END
    WHERE a.id IN (SELECT x.id FROM durable_activities x WHERE x.lease_until < p_now ORDER BY x.id LIMIT p_limit FOR UPDATE SKIP LOCKED)
    RETURNING 'a'::text, a.id, a.instance_id, a.body, a.deaths;
  RETURN QUERY SELECT 'n'::text, min(m.visible_at), NULL::text, NULL::text, 0 FROM durable_messages m WHERE m.visible_at > p_visible;
END $$;

-- Keep a live process's leases, let go of the instances it no longer works on, and say which it still holds.
CREATE OR REPLACE FUNCTION durable_renew(p_owner text, p_until bigint, p_release text[]) RETURNS SETOF text
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE durable_instances SET lease_owner = NULL WHERE id = ANY(p_release) AND lease_owner = p_owner;
  UPDATE durable_activities SET lease_until = p_until WHERE lease_owner = p_owner;
  RETURN QUERY UPDATE durable_instances SET lease_until = p_until WHERE lease_owner = p_owner RETURNING id;
END $$;
`;
