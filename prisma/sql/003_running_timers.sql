-- Keeps running_timers (schema.prisma, RunningTimer) complete: every time entry whose end_time is
-- NULL has its row there, with its user_id, whoever writes time_entries (the app, psql, a
-- migration). Row triggers with WHEN conditions, so that a write that changes nothing about
-- running (an edit, a finished entry inserted, the idle sweep stopping 100k timers) does not
-- even call a function.
--
-- A stop removes the entry's row, except the idle sweep's ('idle' in stopped_reason): its 100k
-- row deletes would cost a fifth of the sweep's time (bench/idle), so the hourly housekeeping
-- removes them (HousekeepingService). Readers therefore always join time_entries and keep
-- `end_time IS NULL`; a row of an ended entry is never taken for a running timer. Deleted
-- entries need nothing here: running_timers.entry_id cascades.
CREATE OR REPLACE FUNCTION running_timers_track() RETURNS TRIGGER AS $$
BEGIN
    INSERT INTO running_timers (entry_id, user_id) VALUES (NEW.id, NEW.user_id)
    ON CONFLICT (entry_id) DO UPDATE SET user_id = EXCLUDED.user_id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION running_timers_release() RETURNS TRIGGER AS $$
BEGIN
    DELETE FROM running_timers WHERE entry_id = OLD.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Created only when missing (no table lock on a normal start). When they are created (a new,
-- upgraded or adopted database, or someone dropped one), the table is filled from time_entries
-- in the same transaction: CREATE TRIGGER's lock holds writes off until then.
DO $$
BEGIN
    -- Before the running_timers migration (a database restored or rolled back to an older
    -- schema version, started with this file) there is nothing to keep yet.
    IF to_regclass(format('%I.running_timers', current_schema())) IS NULL THEN
        RETURN;
    END IF;
    IF (SELECT count(*) FROM pg_trigger tg
         WHERE tg.tgrelid = format('%I.time_entries', current_schema())::regclass
           AND (tg.tgname, tg.tgfoid) IN (
                 ('time_entries_running_insert', format('%I.running_timers_track', current_schema())::regproc),
                 ('time_entries_running_restart', format('%I.running_timers_track', current_schema())::regproc),
                 ('time_entries_running_stop', format('%I.running_timers_release', current_schema())::regproc))) = 3
    THEN
        RETURN;
    END IF;
    DROP TRIGGER IF EXISTS time_entries_running_insert ON time_entries;
    DROP TRIGGER IF EXISTS time_entries_running_restart ON time_entries;
    DROP TRIGGER IF EXISTS time_entries_running_stop ON time_entries;
    CREATE TRIGGER time_entries_running_insert AFTER INSERT ON time_entries
        FOR EACH ROW WHEN (NEW.end_time IS NULL)
        EXECUTE FUNCTION running_timers_track();
    -- Running again (end_time back to NULL), or a running entry moved to another user.
    CREATE TRIGGER time_entries_running_restart AFTER UPDATE OF end_time, user_id ON time_entries
        FOR EACH ROW WHEN (NEW.end_time IS NULL
                           AND (OLD.end_time IS NOT NULL OR OLD.user_id IS DISTINCT FROM NEW.user_id))
        EXECUTE FUNCTION running_timers_track();
    CREATE TRIGGER time_entries_running_stop AFTER UPDATE OF end_time ON time_entries
        FOR EACH ROW WHEN (OLD.end_time IS NULL AND NEW.end_time IS NOT NULL
                           AND NEW.stopped_reason IS DISTINCT FROM 'idle')
        EXECUTE FUNCTION running_timers_release();
    DELETE FROM running_timers r USING time_entries e
     WHERE e.id = r.entry_id AND e.end_time IS NOT NULL;
    INSERT INTO running_timers (entry_id, user_id)
    SELECT e.id, e.user_id FROM time_entries e WHERE e.end_time IS NULL
    ON CONFLICT (entry_id) DO UPDATE SET user_id = EXCLUDED.user_id
     WHERE running_timers.user_id IS DISTINCT FROM EXCLUDED.user_id;
END
$$;
