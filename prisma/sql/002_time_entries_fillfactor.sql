-- Every entry a timer creates is updated once more when it stops (by its user or by the idle
-- sweep), and none of the columns a stop writes is indexed: with 10% of each page kept free
-- those updates can be HOT (the new row version stays on its page and no index is touched).
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
