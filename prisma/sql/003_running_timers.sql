-- Keeps running_timers (schema.prisma, RunningTimer) exact: one row for each time entry whose
-- end_time is NULL, with its user_id. Statement triggers with a transition table, so the idle
-- sweep stopping 100k timers in one UPDATE costs two set-based statements, not 100k calls.
-- Deletes need nothing here: running_timers.entry_id cascades. Whoever writes time_entries
-- (the app, psql, a migration) keeps the table exact.
CREATE OR REPLACE FUNCTION sync_running_timers() RETURNS TRIGGER AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM running_timers r USING changed_entries c
         WHERE r.entry_id = c.id AND c.end_time IS NOT NULL;
    END IF;
    INSERT INTO running_timers (entry_id, user_id)
    SELECT c.id, c.user_id FROM changed_entries c WHERE c.end_time IS NULL
    ON CONFLICT (entry_id) DO UPDATE SET user_id = EXCLUDED.user_id
     WHERE running_timers.user_id IS DISTINCT FROM EXCLUDED.user_id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Created only when missing (no table lock on a normal start). When they are created (a new,
-- upgraded or adopted database, or someone dropped them), the table is filled from
-- time_entries in the same transaction: CREATE TRIGGER's lock holds writes off until then.
DO $$
BEGIN
    -- Before the running_timers migration (a database restored or rolled back to an older
    -- schema version, started with this file) there is nothing to keep yet.
    IF to_regclass(format('%I.running_timers', current_schema())) IS NULL THEN
        RETURN;
    END IF;
    IF (SELECT count(*) FROM pg_trigger tg
         WHERE tg.tgrelid = format('%I.time_entries', current_schema())::regclass
           AND tg.tgname IN ('time_entries_running_insert', 'time_entries_running_update')
           AND tg.tgfoid = format('%I.sync_running_timers', current_schema())::regproc) = 2
    THEN
        RETURN;
    END IF;
    DROP TRIGGER IF EXISTS time_entries_running_insert ON time_entries;
    DROP TRIGGER IF EXISTS time_entries_running_update ON time_entries;
    CREATE TRIGGER time_entries_running_insert AFTER INSERT ON time_entries
        REFERENCING NEW TABLE AS changed_entries
        FOR EACH STATEMENT EXECUTE FUNCTION sync_running_timers();
    -- Every UPDATE (a transition table rules out a column list); for a one-row update of a
    -- stopped entry the two statements above find nothing through running_timers' key.
    CREATE TRIGGER time_entries_running_update AFTER UPDATE ON time_entries
        REFERENCING NEW TABLE AS changed_entries
        FOR EACH STATEMENT EXECUTE FUNCTION sync_running_timers();
    DELETE FROM running_timers r USING time_entries e
     WHERE e.id = r.entry_id AND e.end_time IS NOT NULL;
    INSERT INTO running_timers (entry_id, user_id)
    SELECT e.id, e.user_id FROM time_entries e WHERE e.end_time IS NULL
    ON CONFLICT (entry_id) DO UPDATE SET user_id = EXCLUDED.user_id
     WHERE running_timers.user_id IS DISTINCT FROM EXCLUDED.user_id;
END
$$;
