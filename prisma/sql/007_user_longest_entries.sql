-- Keeps user_longest_entries (schema.prisma, UserLongestEntry) an upper bound: for every user,
-- each finished time entry lasts at most GREATEST(a day, longest_seconds), whoever writes
-- time_entries (the app, psql, a migration). The overlap check relies on it to read only the
-- entries that start less than that before a new start (TimeEntriesRepository): a bound too low
-- would miss an overlap.
--
-- Only entries longer than a day reach the function: the WHEN condition is evaluated without a
-- call, so a stop of an ordinary timer (and the idle sweep stopping 100k of them) costs nothing
-- more. The day here and the query's day (OVERLAP_SCAN_FLOOR_SECONDS) are the same 86400 seconds.
-- The bound only grows: an entry shortened, moved to another user or deleted leaves it as it was.
CREATE OR REPLACE FUNCTION user_longest_entries_track() RETURNS TRIGGER AS $$
DECLARE
    seconds bigint := ceil(extract(epoch FROM NEW.end_time - NEW.start_time))::bigint;
BEGIN
    -- Usually the row is there and at least as long: one index probe, no write, no lock.
    UPDATE user_longest_entries SET longest_seconds = seconds
     WHERE user_id = NEW.user_id AND longest_seconds < seconds;
    IF NOT FOUND AND NOT EXISTS (SELECT 1 FROM user_longest_entries WHERE user_id = NEW.user_id) THEN
        -- A concurrent first insert for this user wins the conflict: keep the longer of the two.
        INSERT INTO user_longest_entries AS l (user_id, longest_seconds) VALUES (NEW.user_id, seconds)
        ON CONFLICT (user_id) DO UPDATE SET longest_seconds = EXCLUDED.longest_seconds
         WHERE l.longest_seconds < EXCLUDED.longest_seconds;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Created only when missing (no table lock on a normal start). When they are created (a new or
-- upgraded database, or someone dropped one), the table is brought up to time_entries in the same
-- transaction: CREATE TRIGGER's lock holds writes off until then.
DO $$
BEGIN
    -- Before the user_longest_entries migration (a database restored or rolled back to an older
    -- schema version, started with this file) there is nothing to keep yet.
    IF to_regclass(format('%I.user_longest_entries', current_schema())) IS NULL THEN
        RETURN;
    END IF;
    IF (SELECT count(*) FROM pg_trigger tg
         WHERE tg.tgrelid = format('%I.time_entries', current_schema())::regclass
           AND (tg.tgname, tg.tgfoid) IN (
                 ('time_entries_longest_insert', format('%I.user_longest_entries_track', current_schema())::regproc),
                 ('time_entries_longest_update', format('%I.user_longest_entries_track', current_schema())::regproc))) = 2
    THEN
        RETURN;
    END IF;
    DROP TRIGGER IF EXISTS time_entries_longest_insert ON time_entries;
    DROP TRIGGER IF EXISTS time_entries_longest_update ON time_entries;
    CREATE TRIGGER time_entries_longest_insert AFTER INSERT ON time_entries
        FOR EACH ROW WHEN (NEW.end_time IS NOT NULL AND NEW.user_id IS NOT NULL
                           AND NEW.end_time - NEW.start_time > interval '86400 seconds')
        EXECUTE FUNCTION user_longest_entries_track();
    -- A stop, an edit of either end, or an entry moved to another user.
    CREATE TRIGGER time_entries_longest_update AFTER UPDATE OF start_time, end_time, user_id ON time_entries
        FOR EACH ROW WHEN (NEW.end_time IS NOT NULL AND NEW.user_id IS NOT NULL
                           AND NEW.end_time - NEW.start_time > interval '86400 seconds')
        EXECUTE FUNCTION user_longest_entries_track();
    INSERT INTO user_longest_entries AS l (user_id, longest_seconds)
    SELECT e.user_id, max(ceil(extract(epoch FROM e.end_time - e.start_time)))::bigint
      FROM time_entries e
     WHERE e.end_time IS NOT NULL AND e.user_id IS NOT NULL
       AND e.end_time - e.start_time > interval '86400 seconds'
     GROUP BY e.user_id
    ON CONFLICT (user_id) DO UPDATE SET longest_seconds = EXCLUDED.longest_seconds
     WHERE l.longest_seconds < EXCLUDED.longest_seconds;
END
$$;
