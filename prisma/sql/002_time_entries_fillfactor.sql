-- Every entry a timer creates is updated again while it runs (pause, resume, notes) and when it
-- stops (by its user or by the idle sweep). With 10% of each page kept free an update that writes
-- no indexed column can be HOT (the new row version stays on its page and no index is touched):
-- pauses, resumes and edits of notes are. A stop sets duration_seconds, which the entry list's
-- duration sort indexes (migration list_sort_indexes), so a stop writes every index of the row:
-- the price of a list by duration that is fast at any depth (docs/benchmarks.md, "Lists").
-- Prisma's schema language cannot express storage parameters. Only set when different, so a
-- normal start takes no lock; applies to pages written from then on.
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_class
        WHERE oid = format('%I.time_entries', current_schema())::regclass
          AND 'fillfactor=90' = ANY (reloptions))
    THEN
        ALTER TABLE time_entries SET (fillfactor = 90);
    END IF;
END
$$;
