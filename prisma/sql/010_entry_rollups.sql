-- Entry rollups (issue #19, docs/scaling.md): entry_rollups holds the finished time of every
-- company-zone month, user, project, task, billable flag, invoice line and resolved rate pair, so
-- that reports over whole months add up a few rows per user and month instead of pricing every
-- entry. The rates are part of the key, so a row's money is its seconds × its rate, exactly what
-- the per-entry computation (packages/core/src/reports/report-sql.ts) gives. entry_rollup_days
-- holds the same by company-zone day (entry_rollups is its rows summed by month): reports grouped
-- by day or week read it, and so do the whole days at the edges of a range not cut at months.
-- entry_rollup_hours holds a month's time by the company-zone hour of the day its entries start in
-- (without task or invoice line): what the by-hour-of-day series reads for whole months.
-- entry_rollup_tags holds a month's time by tag (an entry once under each of its tags, and once
-- under tag NULL if it has any tag), without task or invoice line: what reports by tag read.
-- entry_rollup_day_totals holds everyone's time by day and billable flag with its money summed
-- (entry_rollup_days summed so, kept by statement triggers on entry_rollup_days): what a report of
-- everyone's time by day, week, month or billable flag reads, a few rows a day.
-- entry_rollup_month_totals holds each user's time on each project by month and billable flag, its
-- money summed (entry_rollups summed so, kept by statement triggers on entry_rollups): what reports
-- by user, client, project, billable flag and month read for whole months, a quarter of the rows.
-- entry_rollup_hour_totals holds everyone's time by month, hour of the day and billable flag, its
-- money summed (entry_rollup_hours summed so, kept by statement triggers on entry_rollup_hours): what
-- the by-hour-of-day series of everyone's time reads for whole months, 48 rows a month.
-- entry_rollup_tag_totals holds everyone's tagged time by month, tag and billable flag, its money
-- summed (entry_rollup_tags summed so, kept by statement triggers on entry_rollup_tags): what a
-- report of everyone's time by tag reads for whole months, a few rows per tag and month.
--
-- Exact in the same transaction as every write that changes what a row would hold:
-- - time_entries (whoever writes: API, worker, psql): one statement trigger per operation
--   records the new rows' time (+) and the old rows' (−), grouped by key, in
--   entry_rollup_deltas (by day and hour). Writers only insert there, so they never wait on each
--   other's rollup rows (an invoice linking 40 entries while their owners edit them); the worker
--   folds the deltas into entry_rollup_days, entry_rollups and entry_rollup_hours every few seconds
--   (entry_rollups_fold) and reports read the tables and the deltas;
-- - time_entry_tags: a statement trigger records the links added (+) and removed (−) at their
--   entries' keys in entry_rollup_tag_deltas, and the entries' trigger records an edited entry's
--   links (− before, + after). A deleted entry's links go by cascade before the entries' trigger
--   runs; that trigger keeps the deleted rows in entry_rollup_removed, where the links' trigger
--   (after it) finds their keys. The links' trigger locks the entries it reads (FOR NO KEY UPDATE,
--   as an edit of the entry does), so an edit and a tag change of one entry count one after the
--   other; a bulk write (an import's new entries) does not need to;
-- - a project, user or invoice line deleted: its entries are removed (unlinked) by a BEFORE
--   trigger while its rates and price still exist, so their keys are the ones they were counted
--   under (the foreign key's cascade would remove them after);
-- - rates, a project's client, an invoice line's unit price: the affected rows are recomputed from
--   time_entries (from the changed rate's month on);
-- - the company's zone: every row is recomputed (its months are cut in that zone);
-- - a restore, an adoption or a database where the triggers are missing: the triggers are created
--   and the table rebuilt from time_entries below, in this file's transaction.
-- A recompute locks the tables against entry writes (SHARE ROW EXCLUSIVE) until it commits;
-- entry writes lock the deltas ROW EXCLUSIVE before reading any rate, so no write is counted at a
-- rate that a concurrent recompute replaces. Writes that bypass triggers (session_replication_role = replica,
-- as bench/scale/generate.mjs) must call entry_rollups_rebuild() afterwards.
--
-- Functions in plpgsql or with bodies unchecked at CREATE: this file also loads on a database
-- restored to a schema version before the rollups migration (then it does nothing else).
SET LOCAL check_function_bodies = off;

-- The keys of the rollups: NULLs equal (an entry without a task, rate or invoice line is one
-- group), which schema.prisma cannot say.
DO $$
BEGIN
    IF to_regclass(format('%I.entry_rollups', current_schema())) IS NOT NULL THEN
        CREATE UNIQUE INDEX IF NOT EXISTS uq_entry_rollups_key ON entry_rollups
            (month, user_id, project_id, task_id, billable, invoice_item_id, billable_rate, cost_rate)
            NULLS NOT DISTINCT;
    END IF;
    IF to_regclass(format('%I.entry_rollup_days', current_schema())) IS NOT NULL THEN
        CREATE UNIQUE INDEX IF NOT EXISTS uq_entry_rollup_days_key ON entry_rollup_days
            (day, user_id, project_id, task_id, billable, invoice_item_id, billable_rate, cost_rate)
            NULLS NOT DISTINCT;
    END IF;
    IF to_regclass(format('%I.entry_rollup_hours', current_schema())) IS NOT NULL THEN
        CREATE UNIQUE INDEX IF NOT EXISTS uq_entry_rollup_hours_key ON entry_rollup_hours
            (month, hour, user_id, project_id, billable, billable_rate, cost_rate) NULLS NOT DISTINCT;
    END IF;
    IF to_regclass(format('%I.entry_rollup_tags', current_schema())) IS NOT NULL THEN
        CREATE UNIQUE INDEX IF NOT EXISTS uq_entry_rollup_tags_key ON entry_rollup_tags
            (month, tag_id, user_id, project_id, billable, billable_rate, cost_rate) NULLS NOT DISTINCT;
    END IF;
    IF to_regclass(format('%I.entry_rollup_month_totals', current_schema())) IS NOT NULL THEN
        CREATE UNIQUE INDEX IF NOT EXISTS uq_entry_rollup_month_totals_key ON entry_rollup_month_totals
            (month, user_id, project_id, billable) NULLS NOT DISTINCT;
    END IF;
    IF to_regclass(format('%I.entry_rollup_tag_totals', current_schema())) IS NOT NULL THEN
        CREATE UNIQUE INDEX IF NOT EXISTS uq_entry_rollup_tag_totals_key ON entry_rollup_tag_totals
            (month, tag_id, billable) NULLS NOT DISTINCT;
    END IF;
END
$$;

-- The company's zone, in which rate days and rollup months are cut (ARCHITECTURE §4).
CREATE OR REPLACE FUNCTION entry_rollup_zone() RETURNS text AS $$
    SELECT COALESCE((SELECT s.timezone FROM settings s WHERE s.id = 1), 'UTC')
$$ LANGUAGE sql STABLE;

-- The rate of `p_kind` in force on `p_day` for an entry of `p_user` on `p_project`: the most
-- specific level that has one (project member, project, user, the project's client), each a
-- probe of its partial index: as entryRatesJoin in packages/core/src/rates/rate-sql.ts.
CREATE OR REPLACE FUNCTION entry_rate(p_kind text, p_day date, p_user int, p_project int) RETURNS numeric AS $$
    SELECT COALESCE(
        (SELECT r.amount FROM rates r
          WHERE r.kind = p_kind AND r.project_id = p_project AND r.user_id = p_user AND r.effective_from <= p_day
          ORDER BY r.effective_from DESC LIMIT 1),
        (SELECT r.amount FROM rates r
          WHERE r.kind = p_kind AND r.project_id = p_project AND r.user_id IS NULL AND r.effective_from <= p_day
          ORDER BY r.effective_from DESC LIMIT 1),
        (SELECT r.amount FROM rates r
          WHERE r.kind = p_kind AND r.user_id = p_user AND r.project_id IS NULL AND r.effective_from <= p_day
          ORDER BY r.effective_from DESC LIMIT 1),
        (SELECT r.amount FROM rates r
          WHERE r.kind = p_kind AND r.client_id = (SELECT p.client_id FROM projects p WHERE p.id = p_project)
            AND r.effective_from <= p_day
          ORDER BY r.effective_from DESC LIMIT 1))
$$ LANGUAGE sql STABLE;

-- What of a finished entry goes into its rollup row besides its ids: the month, the billable rate
-- (its invoice line's unit price once billed), the cost rate, and its seconds (entry_seconds,
-- 000_entry_seconds.sql).
CREATE OR REPLACE FUNCTION entry_rollup_key(p_zone text, p_start timestamptz, p_end timestamptz, p_duration int,
                                            p_break int, p_user int, p_project int, p_invoice_item int)
RETURNS TABLE (month date, billable_rate numeric, cost_rate numeric, seconds int) AS $$
    SELECT date_trunc('month', d.local)::date,
           COALESCE((SELECT ii.unit_price FROM invoice_items ii WHERE ii.id = p_invoice_item),
                    entry_rate('billable', d.local::date, p_user, p_project)),
           entry_rate('cost', d.local::date, p_user, p_project),
           entry_seconds(p_duration, p_start, p_end, p_break)
      FROM (SELECT p_start AT TIME ZONE p_zone AS local) d
$$ LANGUAGE sql STABLE;

-- entry_rollup_key without the seconds, for all entries of one company-zone day (`p_day`) of a
-- user, project and invoice line: the statement trigger below prices a day's group once. Keep the
-- two in step (apps/api/test/rollup-exactness.e2e.test.ts compares them).
CREATE OR REPLACE FUNCTION entry_rollup_day_key(p_day date, p_user int, p_project int, p_invoice_item int)
RETURNS TABLE (month date, billable_rate numeric, cost_rate numeric) AS $$
    SELECT date_trunc('month', p_day)::date,
           COALESCE((SELECT ii.unit_price FROM invoice_items ii WHERE ii.id = p_invoice_item),
                    entry_rate('billable', p_day, p_user, p_project)),
           entry_rate('cost', p_day, p_user, p_project)
$$ LANGUAGE sql STABLE;

-- The statement that records tag deltas for `p_rows`: a query of signed tag rows of entries
-- (entry_id, tag_id: NULL for the entry's "has a tag" row, sign, then the time_entries columns
-- start_time, end_time, duration_seconds, break_seconds, user_id, project_id, billable,
-- invoice_item_id), run with the company's zone as $1. Summed by company-zone day first and each
-- day's group priced once, as the entries' bulk path does. A text for EXECUTE: the triggers' rows
-- come from their transition tables, which only the trigger's own statements can read.
CREATE OR REPLACE FUNCTION entry_rollup_tag_deltas_sql(p_rows text) RETURNS text AS $$
    SELECT format($sql$
        WITH c AS (%s),
        d AS (
            SELECT (c.start_time AT TIME ZONE $1)::date AS day, c.tag_id, c.user_id, c.project_id, c.billable,
                   c.invoice_item_id, sum(c.sign)::int AS entries,
                   sum(c.sign * entry_seconds(c.duration_seconds, c.start_time, c.end_time, c.break_seconds))::bigint AS seconds,
                   sum(c.sign * c.break_seconds)::bigint AS break_seconds
              FROM c
             WHERE c.end_time IS NOT NULL
             GROUP BY 1, 2, 3, 4, 5, 6),
        k AS MATERIALIZED (
            SELECT g.day, g.user_id, g.project_id, g.invoice_item_id, r.month, r.billable_rate, r.cost_rate
              FROM (SELECT DISTINCT d.day, d.user_id, d.project_id, d.invoice_item_id FROM d) g
             CROSS JOIN LATERAL entry_rollup_day_key(g.day, g.user_id, g.project_id, g.invoice_item_id) r)
        INSERT INTO entry_rollup_tag_deltas (month, tag_id, user_id, project_id, billable, billable_rate, cost_rate,
                                             entries, seconds, break_seconds)
        SELECT k.month, d.tag_id, d.user_id, d.project_id, d.billable, k.billable_rate, k.cost_rate,
               sum(d.entries), sum(d.seconds), sum(d.break_seconds)
          FROM d
          JOIN k ON k.day = d.day AND COALESCE(k.user_id, 0) = COALESCE(d.user_id, 0)
                AND COALESCE(k.project_id, 0) = COALESCE(d.project_id, 0)
                AND COALESCE(k.invoice_item_id, 0) = COALESCE(d.invoice_item_id, 0)
         GROUP BY 1, 2, 3, 4, 5, 6, 7
        HAVING sum(d.entries) <> 0 OR sum(d.seconds) <> 0 OR sum(d.break_seconds) <> 0$sql$, p_rows)
$$ LANGUAGE sql IMMUTABLE;

-- The signed tag rows of the entries in `p_entries` (a query of time_entries rows with a `sign`):
-- one per link the entry has now and one "has a tag" row (tag NULL) if it has any.
CREATE OR REPLACE FUNCTION entry_rollup_entry_tags_sql(p_entries text) RETURNS text AS $$
    SELECT format($sql$
        SELECT e.id AS entry_id, t.tag_id, e.sign, e.start_time, e.end_time, e.duration_seconds, e.break_seconds,
               e.user_id, e.project_id, e.billable, e.invoice_item_id
          FROM (%s) e
         CROSS JOIN LATERAL (
               SELECT l.tag_id FROM time_entry_tags l WHERE l.time_entry_id = e.id
               UNION ALL
               (SELECT NULL::int FROM time_entry_tags l WHERE l.time_entry_id = e.id LIMIT 1)) t
         WHERE e.end_time IS NOT NULL$sql$, p_entries)
$$ LANGUAGE sql IMMUTABLE;

-- Folds the deltas into entry_rollup_days, entry_rollups and entry_rollup_hours (and the tag
-- deltas into entry_rollup_tags): sums them by day, by month, by month and hour, and by month and
-- tag, adds the sums to the rows of their keys (creating missing rows, dropping rows left with no
-- entry), in key order, in one statement and transaction that deletes the folded deltas (a report
-- sees them on one side or the other). Returns how many delta rows it folded. A row below zero
-- cannot come from a delta of the right key: the month of that user and project is then counted
-- again from time_entries (a safety net; the BEFORE DELETE triggers below keep removed entries'
-- keys right).
CREATE OR REPLACE FUNCTION entry_rollups_fold() RETURNS bigint AS $$
DECLARE
    folded bigint;
    emptied_days bigint[];
    emptied bigint[];
    emptied_hours bigint[];
    emptied_tags bigint[];
    stale jsonb;
    s record;
BEGIN
    WITH moved AS (
        DELETE FROM entry_rollup_deltas RETURNING *),
    days AS (
        SELECT m.day, m.user_id, m.project_id, m.task_id, m.billable, m.invoice_item_id, m.billable_rate,
               m.cost_rate, sum(m.entries)::int AS entries, sum(m.seconds)::bigint AS seconds,
               sum(m.break_seconds)::bigint AS break_seconds, count(*) AS n
          FROM moved m
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8),
    months AS (
        SELECT date_trunc('month', d.day)::date AS month, d.user_id, d.project_id, d.task_id, d.billable,
               d.invoice_item_id, d.billable_rate, d.cost_rate, sum(d.entries)::int AS entries,
               sum(d.seconds)::bigint AS seconds, sum(d.break_seconds)::bigint AS break_seconds
          FROM days d
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8),
    up_days AS (
        INSERT INTO entry_rollup_days AS r (day, user_id, project_id, task_id, billable, invoice_item_id,
                                            billable_rate, cost_rate, entries, seconds, break_seconds)
        SELECT d.day, d.user_id, d.project_id, d.task_id, d.billable, d.invoice_item_id,
               d.billable_rate, d.cost_rate, d.entries, d.seconds, d.break_seconds
          FROM days d
         WHERE d.entries <> 0 OR d.seconds <> 0 OR d.break_seconds <> 0
         ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
        ON CONFLICT (day, user_id, project_id, task_id, billable, invoice_item_id, billable_rate, cost_rate)
        DO UPDATE SET entries = r.entries + EXCLUDED.entries,
                      seconds = r.seconds + EXCLUDED.seconds,
                      break_seconds = r.break_seconds + EXCLUDED.break_seconds
        RETURNING r.id, date_trunc('month', r.day)::date AS month, r.user_id, r.project_id, r.entries,
                  r.seconds, r.break_seconds),
    up AS (
        INSERT INTO entry_rollups AS r (month, user_id, project_id, task_id, billable, invoice_item_id,
                                        billable_rate, cost_rate, entries, seconds, break_seconds)
        SELECT d.month, d.user_id, d.project_id, d.task_id, d.billable, d.invoice_item_id,
               d.billable_rate, d.cost_rate, d.entries, d.seconds, d.break_seconds
          FROM months d
         WHERE d.entries <> 0 OR d.seconds <> 0 OR d.break_seconds <> 0
         ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
        ON CONFLICT (month, user_id, project_id, task_id, billable, invoice_item_id, billable_rate, cost_rate)
        DO UPDATE SET entries = r.entries + EXCLUDED.entries,
                      seconds = r.seconds + EXCLUDED.seconds,
                      break_seconds = r.break_seconds + EXCLUDED.break_seconds
        RETURNING r.id, r.month, r.user_id, r.project_id, r.entries, r.seconds, r.break_seconds),
    hours AS (
        SELECT m.month, m.hour, m.user_id, m.project_id, m.billable, m.billable_rate, m.cost_rate,
               sum(m.entries)::int AS entries, sum(m.seconds)::bigint AS seconds,
               sum(m.break_seconds)::bigint AS break_seconds
          FROM moved m
         GROUP BY 1, 2, 3, 4, 5, 6, 7),
    up_hours AS (
        INSERT INTO entry_rollup_hours AS r (month, hour, user_id, project_id, billable, billable_rate, cost_rate,
                                             entries, seconds, break_seconds)
        SELECT h.month, h.hour, h.user_id, h.project_id, h.billable, h.billable_rate, h.cost_rate, h.entries,
               h.seconds, h.break_seconds
          FROM hours h
         WHERE h.entries <> 0 OR h.seconds <> 0 OR h.break_seconds <> 0
         ORDER BY 1, 2, 3, 4, 5, 6, 7
        ON CONFLICT (month, hour, user_id, project_id, billable, billable_rate, cost_rate)
        DO UPDATE SET entries = r.entries + EXCLUDED.entries,
                      seconds = r.seconds + EXCLUDED.seconds,
                      break_seconds = r.break_seconds + EXCLUDED.break_seconds
        RETURNING r.id, r.month, r.user_id, r.project_id, r.entries, r.seconds, r.break_seconds),
    moved_tags AS (
        DELETE FROM entry_rollup_tag_deltas RETURNING *),
    tags AS (
        SELECT m.month, m.tag_id, m.user_id, m.project_id, m.billable, m.billable_rate, m.cost_rate,
               sum(m.entries)::int AS entries, sum(m.seconds)::bigint AS seconds,
               sum(m.break_seconds)::bigint AS break_seconds, count(*) AS n
          FROM moved_tags m
         GROUP BY 1, 2, 3, 4, 5, 6, 7),
    up_tags AS (
        INSERT INTO entry_rollup_tags AS r (month, tag_id, user_id, project_id, billable, billable_rate, cost_rate,
                                            entries, seconds, break_seconds)
        SELECT t.month, t.tag_id, t.user_id, t.project_id, t.billable, t.billable_rate, t.cost_rate, t.entries,
               t.seconds, t.break_seconds
          FROM tags t
         WHERE t.entries <> 0 OR t.seconds <> 0 OR t.break_seconds <> 0
         ORDER BY 1, 2, 3, 4, 5, 6, 7
        ON CONFLICT (month, tag_id, user_id, project_id, billable, billable_rate, cost_rate)
        DO UPDATE SET entries = r.entries + EXCLUDED.entries,
                      seconds = r.seconds + EXCLUDED.seconds,
                      break_seconds = r.break_seconds + EXCLUDED.break_seconds
        RETURNING r.id, r.month, r.user_id, r.project_id, r.entries, r.seconds, r.break_seconds),
    changed AS (
        SELECT 'day' AS grain, * FROM up_days UNION ALL SELECT 'month', * FROM up
        UNION ALL SELECT 'hour', * FROM up_hours UNION ALL SELECT 'tag', * FROM up_tags)
    SELECT (SELECT COALESCE(sum(n), 0) FROM days) + (SELECT COALESCE(sum(n), 0) FROM tags),
           array_agg(c.id) FILTER (WHERE c.grain = 'day' AND c.entries = 0 AND c.seconds = 0 AND c.break_seconds = 0),
           array_agg(c.id) FILTER (WHERE c.grain = 'month' AND c.entries = 0 AND c.seconds = 0 AND c.break_seconds = 0),
           array_agg(c.id) FILTER (WHERE c.grain = 'hour' AND c.entries = 0 AND c.seconds = 0 AND c.break_seconds = 0),
           array_agg(c.id) FILTER (WHERE c.grain = 'tag' AND c.entries = 0 AND c.seconds = 0 AND c.break_seconds = 0),
           jsonb_agg(DISTINCT jsonb_build_object('month', c.month, 'user_id', c.user_id, 'project_id', c.project_id))
               FILTER (WHERE c.entries <= 0 AND NOT (c.entries = 0 AND c.seconds = 0 AND c.break_seconds = 0)
                          OR c.seconds < 0 OR c.break_seconds < 0)
      INTO folded, emptied_days, emptied, emptied_hours, emptied_tags, stale
      FROM changed c;
    IF emptied_days IS NOT NULL THEN
        DELETE FROM entry_rollup_days
         WHERE id = ANY (emptied_days) AND entries = 0 AND seconds = 0 AND break_seconds = 0;
    END IF;
    IF emptied IS NOT NULL THEN
        DELETE FROM entry_rollups WHERE id = ANY (emptied) AND entries = 0 AND seconds = 0 AND break_seconds = 0;
    END IF;
    IF emptied_hours IS NOT NULL THEN
        DELETE FROM entry_rollup_hours
         WHERE id = ANY (emptied_hours) AND entries = 0 AND seconds = 0 AND break_seconds = 0;
    END IF;
    IF emptied_tags IS NOT NULL THEN
        DELETE FROM entry_rollup_tags
         WHERE id = ANY (emptied_tags) AND entries = 0 AND seconds = 0 AND break_seconds = 0;
    END IF;
    -- Deleted entries kept for a trigger that has run (their statements are over): the rows of
    -- entries that had no tag.
    DELETE FROM entry_rollup_removed;
    FOR s IN SELECT * FROM jsonb_to_recordset(COALESCE(stale, '[]')) AS x(month date, user_id int, project_id int) LOOP
        PERFORM entry_rollups_recount(s.month, s.user_id, s.project_id);
    END LOOP;
    RETURN folded;
END;
$$ LANGUAGE plpgsql;

-- Each totals table follows its rollup table (entry_rollup_totals_of; the trigger's arguments are
-- the totals' table and key): what a statement adds to the rows (+) and takes from them (−) is
-- summed by the totals' key, priced (a rollup row's money is its seconds × its rate) and added to
-- those totals, in key order; totals left at zero are dropped. So every writer of day, month, hour
-- and tag rows (the fold, a recount, a recompute) keeps the totals in its own transaction. A rebuild
-- counts them whole instead (entry_rollup_totals_recount, with timetracker.rollup_totals 'off'
-- while it rewrites the rows).
CREATE OR REPLACE FUNCTION entry_rollup_totals_changed() RETURNS TRIGGER AS $$
DECLARE
    totals CONSTANT text := TG_ARGV[0];
    key CONSTANT text := TG_ARGV[1];
    added CONSTANT text := format(
        'SELECT %s, billable_rate, cost_rate, entries, seconds, break_seconds FROM rollup_new_rows', key);
    taken CONSTANT text := format(
        'SELECT %s, billable_rate, cost_rate, -entries AS entries, -seconds AS seconds, '
        '-break_seconds AS break_seconds FROM rollup_old_rows', key);
    emptied tid[];
BEGIN
    IF current_setting('timetracker.rollup_totals', true) = 'off' THEN
        RETURN NULL;
    END IF;
    EXECUTE format(
        'WITH c AS (%2$s),
              sums AS (
                  SELECT %1$s, sum(entries)::int AS entries, sum(seconds)::bigint AS seconds,
                         sum(break_seconds)::bigint AS break_seconds,
                         COALESCE(sum(CASE WHEN billable THEN seconds * billable_rate END), 0) AS priced,
                         COALESCE(sum(seconds * cost_rate), 0) AS costed
                    FROM c GROUP BY %1$s),
              up AS (
                  INSERT INTO %3$I AS t (%1$s, entries, seconds, break_seconds, priced, costed)
                  SELECT * FROM sums s
                   WHERE s.entries <> 0 OR s.seconds <> 0 OR s.break_seconds <> 0 OR s.priced <> 0 OR s.costed <> 0
                   ORDER BY %1$s
                  ON CONFLICT (%1$s)
                  DO UPDATE SET entries = t.entries + EXCLUDED.entries, seconds = t.seconds + EXCLUDED.seconds,
                                break_seconds = t.break_seconds + EXCLUDED.break_seconds,
                                priced = t.priced + EXCLUDED.priced, costed = t.costed + EXCLUDED.costed
                  RETURNING t.ctid AS at, t.entries, t.seconds, t.break_seconds, t.priced, t.costed)
         SELECT array_agg(up.at) FROM up
          WHERE up.entries = 0 AND up.seconds = 0 AND up.break_seconds = 0 AND up.priced = 0 AND up.costed = 0',
        key, CASE TG_OP WHEN 'INSERT' THEN added WHEN 'DELETE' THEN taken ELSE added || ' UNION ALL ' || taken END,
        totals)
      INTO emptied;
    IF emptied IS NOT NULL THEN
        EXECUTE format('DELETE FROM %I WHERE ctid = ANY ($1) AND entries = 0 AND seconds = 0 AND break_seconds = 0
                           AND priced = 0 AND costed = 0', totals)
          USING emptied;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- The totals tables: each with the rollup table it sums and its key.
CREATE OR REPLACE FUNCTION entry_rollup_totals_of() RETURNS TABLE (rollup text, totals text, key text) AS $$
    VALUES ('entry_rollup_days', 'entry_rollup_day_totals', 'day, billable'),
           ('entry_rollups', 'entry_rollup_month_totals', 'month, user_id, project_id, billable'),
           ('entry_rollup_hours', 'entry_rollup_hour_totals', 'month, hour, billable'),
           ('entry_rollup_tags', 'entry_rollup_tag_totals', 'month, tag_id, billable');
$$ LANGUAGE sql IMMUTABLE;

-- The totals `p_totals` (key `p_key`) counted whole from the rollup rows `p_rows`, as
-- entry_rollup_totals_changed adds them up.
CREATE OR REPLACE FUNCTION entry_rollup_totals_recount(p_totals text, p_rows text, p_key text) RETURNS void AS $$
BEGIN
    EXECUTE format('DELETE FROM %I', p_totals);
    EXECUTE format(
        'INSERT INTO %1$I (%3$s, entries, seconds, break_seconds, priced, costed)
         SELECT %3$s, sum(entries), sum(seconds), sum(break_seconds),
                COALESCE(sum(CASE WHEN billable THEN seconds * billable_rate END), 0),
                COALESCE(sum(seconds * cost_rate), 0)
           FROM %2$I GROUP BY %3$s ORDER BY %3$s',
        p_totals, p_rows, p_key);
END;
$$ LANGUAGE plpgsql;

-- Counts one month of one user (NULL: entries without a user) on one project (NULL: none) again
-- from time_entries: its days and hours, then the month from the days, and its tags.
CREATE OR REPLACE FUNCTION entry_rollups_recount(p_month date, p_user int, p_project int) RETURNS void AS $$
DECLARE
    zone text := entry_rollup_zone();
BEGIN
    LOCK TABLE entry_rollup_deltas, entry_rollups, entry_rollup_days, entry_rollup_hours, entry_rollup_tag_deltas,
               entry_rollup_tags IN SHARE ROW EXCLUSIVE MODE;
    DELETE FROM entry_rollup_deltas r
     WHERE r.month = p_month AND r.user_id IS NOT DISTINCT FROM p_user AND r.project_id IS NOT DISTINCT FROM p_project;
    DELETE FROM entry_rollup_tag_deltas r
     WHERE r.month = p_month AND r.user_id IS NOT DISTINCT FROM p_user AND r.project_id IS NOT DISTINCT FROM p_project;
    DELETE FROM entry_rollup_tags r
     WHERE r.month = p_month AND r.user_id IS NOT DISTINCT FROM p_user AND r.project_id IS NOT DISTINCT FROM p_project;
    DELETE FROM entry_rollup_hours r
     WHERE r.month = p_month AND r.user_id IS NOT DISTINCT FROM p_user AND r.project_id IS NOT DISTINCT FROM p_project;
    DELETE FROM entry_rollups r
     WHERE r.month = p_month AND r.user_id IS NOT DISTINCT FROM p_user AND r.project_id IS NOT DISTINCT FROM p_project;
    DELETE FROM entry_rollup_days r
     WHERE r.day >= p_month AND r.day < p_month + interval '1 month'
       AND r.user_id IS NOT DISTINCT FROM p_user AND r.project_id IS NOT DISTINCT FROM p_project;
    WITH base AS (
        SELECT (x.start_time AT TIME ZONE zone)::date AS day, extract(hour FROM x.start_time AT TIME ZONE zone) AS hour,
               x.user_id, x.project_id, x.task_id, x.billable, x.invoice_item_id, k.billable_rate, k.cost_rate,
               count(*) AS entries, sum(k.seconds) AS seconds, sum(x.break_seconds) AS break_seconds
          FROM time_entries x
         CROSS JOIN LATERAL entry_rollup_key(zone, x.start_time, x.end_time, x.duration_seconds,
                                             x.break_seconds, x.user_id, x.project_id, x.invoice_item_id) k
         WHERE x.end_time IS NOT NULL
           AND x.start_time >= (p_month::timestamp AT TIME ZONE zone)
           AND x.start_time < ((p_month + interval '1 month')::timestamp AT TIME ZONE zone)
           AND (x.user_id = p_user OR (p_user IS NULL AND x.user_id IS NULL))
           AND (x.project_id = p_project OR (p_project IS NULL AND x.project_id IS NULL))
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9),
    hours AS (
        INSERT INTO entry_rollup_hours (month, hour, user_id, project_id, billable, billable_rate, cost_rate,
                                        entries, seconds, break_seconds)
        SELECT p_month, b.hour, b.user_id, b.project_id, b.billable, b.billable_rate, b.cost_rate,
               sum(b.entries), sum(b.seconds), sum(b.break_seconds)
          FROM base b
         GROUP BY 2, 3, 4, 5, 6, 7)
    INSERT INTO entry_rollup_days (day, user_id, project_id, task_id, billable, invoice_item_id,
                                   billable_rate, cost_rate, entries, seconds, break_seconds)
    SELECT b.day, b.user_id, b.project_id, b.task_id, b.billable, b.invoice_item_id, b.billable_rate, b.cost_rate,
           sum(b.entries), sum(b.seconds), sum(b.break_seconds)
      FROM base b
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
    INSERT INTO entry_rollups (month, user_id, project_id, task_id, billable, invoice_item_id,
                               billable_rate, cost_rate, entries, seconds, break_seconds)
    SELECT p_month, d.user_id, d.project_id, d.task_id, d.billable, d.invoice_item_id,
           d.billable_rate, d.cost_rate, sum(d.entries), sum(d.seconds), sum(d.break_seconds)
      FROM entry_rollup_days d
     WHERE d.day >= p_month AND d.day < p_month + interval '1 month'
       AND d.user_id IS NOT DISTINCT FROM p_user AND d.project_id IS NOT DISTINCT FROM p_project
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
    INSERT INTO entry_rollup_tags (month, tag_id, user_id, project_id, billable, billable_rate, cost_rate,
                                   entries, seconds, break_seconds)
    SELECT p_month, t.tag_id, x.user_id, x.project_id, x.billable, k.billable_rate, k.cost_rate,
           count(*), sum(k.seconds), sum(x.break_seconds)
      FROM time_entries x
     CROSS JOIN LATERAL entry_rollup_key(zone, x.start_time, x.end_time, x.duration_seconds,
                                         x.break_seconds, x.user_id, x.project_id, x.invoice_item_id) k
     CROSS JOIN LATERAL (SELECT l.tag_id FROM time_entry_tags l WHERE l.time_entry_id = x.id
                         UNION ALL
                         (SELECT NULL::int FROM time_entry_tags l WHERE l.time_entry_id = x.id LIMIT 1)) t
     WHERE x.end_time IS NOT NULL
       AND x.start_time >= (p_month::timestamp AT TIME ZONE zone)
       AND x.start_time < ((p_month + interval '1 month')::timestamp AT TIME ZONE zone)
       AND (x.user_id = p_user OR (p_user IS NULL AND x.user_id IS NULL))
       AND (x.project_id = p_project OR (p_project IS NULL AND x.project_id IS NULL))
     GROUP BY 2, 3, 4, 5, 6, 7;
END;
$$ LANGUAGE plpgsql;

-- The statement trigger of time_entries: the finished rows it added (NEW) count +1, those it
-- removed (OLD) −1, recorded as deltas; an edit that changes nothing a rollup holds nets to
-- nothing and writes nothing (a bulk write records both sides: the fold nets them). The rows are
-- summed by company-zone day and hour first, and each day's group priced once (what
-- entry_rollup_key gives depends only on the day, user, project and invoice line, and the
-- seconds): an import's batch of 2,000 entries reads its rates a few hundred times, not 2,000
-- (docs/import.md).
CREATE OR REPLACE FUNCTION entry_rollups_entries_changed() RETURNS TRIGGER AS $$
DECLARE
    added jsonb;
    removed jsonb;
    zone text;
    side record;
    has_added boolean := false;
    has_removed boolean := false;
    bulk boolean := COALESCE(current_setting('timetracker.bulk_write', true) = 'on', false);
BEGIN
    -- A bulk write says so (timetracker.bulk_write: an import's batches and undo, the entries of a
    -- deleted project or user), and any statement of more than 1,000 rows is one: each side is
    -- summed by company-zone day and key straight from its transition table, where single writes
    -- copy their rows through jsonb first (below). An import's inserts of 100k entries took 4.1 s
    -- with the copy and 2.3 s without, and the copy fails once it outgrows a jsonb value (256 MB:
    -- ~500,000 rows, fewer with long notes), as `seed:demo` of 1M entries in one INSERT did.
    -- Single writes keep the copy: these statements made a loop of timer starts, stops and edits
    -- 35-60 % slower.
    IF NOT bulk THEN
        IF TG_OP = 'DELETE' THEN
            bulk := EXISTS (SELECT FROM rollup_old_entries OFFSET 1000);
        ELSE
            bulk := EXISTS (SELECT FROM rollup_new_entries OFFSET 1000);
        END IF;
    END IF;
    IF bulk THEN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            has_added := EXISTS (SELECT FROM rollup_new_entries n WHERE n.end_time IS NOT NULL);
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            has_removed := EXISTS (SELECT FROM rollup_old_entries o WHERE o.end_time IS NOT NULL);
        END IF;
        IF NOT (has_added OR has_removed) THEN
            RETURN NULL; -- no finished row (a project or user deleted without entries): no lock, as below
        END IF;
        -- Waits for a recompute in progress (rates, zone), as below.
        LOCK TABLE entry_rollup_deltas IN ROW EXCLUSIVE MODE;
        zone := entry_rollup_zone();
        FOR side IN SELECT * FROM (VALUES ('rollup_new_entries', 1, has_added), ('rollup_old_entries', -1, has_removed))
                                   s(rows, sign, present)
                     WHERE s.present
        LOOP
            -- Summed by day and hour (d), priced once per day, user, project and invoice line (k:
            -- materialized, else the planner inlines the pricing into the join and runs it per hour).
            EXECUTE format($sql$
                WITH d AS (
                    SELECT (e.start_time AT TIME ZONE $1)::date AS day, extract(hour FROM e.start_time AT TIME ZONE $1) AS hour,
                           e.user_id, e.project_id, e.task_id, e.billable, e.invoice_item_id, count(*)::int AS entries,
                           sum(k.seconds)::bigint AS seconds, sum(e.break_seconds)::bigint AS break_seconds
                      FROM %1$I e
                     CROSS JOIN LATERAL (SELECT entry_seconds(e.duration_seconds, e.start_time, e.end_time, e.break_seconds) AS seconds) k
                     WHERE e.end_time IS NOT NULL
                     GROUP BY 1, 2, 3, 4, 5, 6, 7),
                k AS MATERIALIZED (
                    SELECT g.day, g.user_id, g.project_id, g.invoice_item_id, r.month, r.billable_rate, r.cost_rate
                      FROM (SELECT DISTINCT d.day, d.user_id, d.project_id, d.invoice_item_id FROM d) g
                     CROSS JOIN LATERAL entry_rollup_day_key(g.day, g.user_id, g.project_id, g.invoice_item_id) r)
                INSERT INTO entry_rollup_deltas (month, day, hour, user_id, project_id, task_id, billable, invoice_item_id,
                                                 billable_rate, cost_rate, entries, seconds, break_seconds)
                SELECT k.month, d.day, d.hour, d.user_id, d.project_id, d.task_id, d.billable, d.invoice_item_id,
                       k.billable_rate, k.cost_rate, %2$s * d.entries, %2$s * d.seconds, %2$s * d.break_seconds
                  FROM d
                  JOIN k ON k.day = d.day AND COALESCE(k.user_id, 0) = COALESCE(d.user_id, 0)
                        AND COALESCE(k.project_id, 0) = COALESCE(d.project_id, 0)
                        AND COALESCE(k.invoice_item_id, 0) = COALESCE(d.invoice_item_id, 0)$sql$,
                side.rows, side.sign) USING zone;
        END LOOP;
    ELSE
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            added := (SELECT jsonb_agg(to_jsonb(n)) FROM rollup_new_entries n WHERE n.end_time IS NOT NULL);
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            removed := (SELECT jsonb_agg(to_jsonb(o)) FROM rollup_old_entries o WHERE o.end_time IS NOT NULL);
        END IF;
        IF added IS NULL AND removed IS NULL THEN
            RETURN NULL; -- a timer started, a running entry edited
        END IF;
        -- Waits for a recompute in progress (rates, zone), so the rates read next are its committed ones.
        LOCK TABLE entry_rollup_deltas IN ROW EXCLUSIVE MODE;
        zone := entry_rollup_zone();
        INSERT INTO entry_rollup_deltas (month, day, hour, user_id, project_id, task_id, billable, invoice_item_id,
                                         billable_rate, cost_rate, entries, seconds, break_seconds)
        SELECT k.month, d.day, d.hour, d.user_id, d.project_id, d.task_id, d.billable, d.invoice_item_id,
               k.billable_rate, k.cost_rate, d.entries::int, d.seconds::bigint, d.break_seconds::bigint
          FROM (-- entry_rollup_key's seconds, summed per company-zone day and hour
                SELECT (e.start_time AT TIME ZONE zone)::date AS day, extract(hour FROM e.start_time AT TIME ZONE zone) AS hour,
                       e.user_id, e.project_id, e.task_id, e.billable, e.invoice_item_id,
                       sum(e.sign) AS entries, sum(e.sign * k.seconds) AS seconds, sum(e.sign * e.break_seconds) AS break_seconds
                  FROM (SELECT 1 AS sign, x.* FROM jsonb_populate_recordset(NULL::time_entries, added) x
                        UNION ALL
                        SELECT -1, x.* FROM jsonb_populate_recordset(NULL::time_entries, removed) x) e
                 CROSS JOIN LATERAL (SELECT entry_seconds(e.duration_seconds, e.start_time, e.end_time, e.break_seconds) AS seconds) k
                 GROUP BY 1, 2, 3, 4, 5, 6, 7) d
         CROSS JOIN LATERAL entry_rollup_day_key(d.day, d.user_id, d.project_id, d.invoice_item_id) k
         WHERE d.entries <> 0 OR d.seconds <> 0 OR d.break_seconds <> 0;
    END IF;
    -- The tag rollups: an edited entry's links count − at its old key and + at its new one (new
    -- entries have no links yet: theirs come after them). A deleted entry's links are gone already
    -- (the cascade runs first): its row is kept for the links' trigger, which runs next.
    IF TG_OP = 'UPDATE' THEN
        IF EXISTS (SELECT FROM time_entry_tags l WHERE l.time_entry_id IN (SELECT n.id FROM rollup_new_entries n)) THEN
            EXECUTE entry_rollup_tag_deltas_sql(entry_rollup_entry_tags_sql(
                'SELECT 1 AS sign, n.* FROM rollup_new_entries n UNION ALL SELECT -1, o.* FROM rollup_old_entries o'))
              USING zone;
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO entry_rollup_removed (entry_id, start_time, end_time, duration_seconds, break_seconds, user_id,
                                          project_id, billable, invoice_item_id)
        SELECT o.id, o.start_time, o.end_time, o.duration_seconds, o.break_seconds, o.user_id, o.project_id,
               o.billable, o.invoice_item_id
          FROM rollup_old_entries o
         WHERE o.end_time IS NOT NULL;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- The statement trigger of time_entry_tags: each link added counts its entry +1 under its tag,
-- each removed −1, at the entry's key (the entry as it is, or as entry_rollup_removed kept it when
-- the cascade of its deletion removed the link); and an entry that gains its first tag counts +1
-- under tag NULL, one that loses its last −1. Running entries count nothing (their stop does).
CREATE OR REPLACE FUNCTION entry_rollups_links_changed() RETURNS TRIGGER AS $$
DECLARE
    changed text := concat_ws(' UNION ALL ',
        CASE WHEN TG_OP IN ('INSERT', 'UPDATE')
             THEN 'SELECT n.time_entry_id AS entry_id, n.tag_id, 1 AS sign FROM rollup_new_links n' END,
        CASE WHEN TG_OP IN ('UPDATE', 'DELETE')
             THEN 'SELECT o.time_entry_id AS entry_id, o.tag_id, -1 AS sign FROM rollup_old_links o' END);
    entry_columns CONSTANT text :=
        'start_time, end_time, duration_seconds, break_seconds, user_id, project_id, billable, invoice_item_id';
    ids int[];
BEGIN
    -- Nothing to count: no link (an entry saved without tags deletes none, an entry deleted
    -- without tags cascades none), or only positions changed (an entry's tags saved again).
    IF TG_OP = 'INSERT' THEN
        IF NOT EXISTS (SELECT FROM rollup_new_links) THEN
            RETURN NULL;
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        IF NOT EXISTS (SELECT FROM rollup_old_links) THEN
            RETURN NULL;
        END IF;
    ELSIF NOT EXISTS (SELECT n.time_entry_id, n.tag_id FROM rollup_new_links n
                      EXCEPT ALL SELECT o.time_entry_id, o.tag_id FROM rollup_old_links o) THEN
        RETURN NULL; -- as many rows on each side: the same links
    END IF;
    -- Waits for a recompute in progress (rates, zone), as the entries' trigger does.
    LOCK TABLE entry_rollup_deltas IN ROW EXCLUSIVE MODE;
    -- The entries' ids, each looked up by itself below (LIMIT: a lookup the planner cannot turn
    -- into a join: joined, it read all of time_entries for each of an import's batches).
    EXECUTE format('SELECT array_agg(DISTINCT c.entry_id) FROM (%s) c', changed) INTO ids;
    -- One entry's edits and tag changes in turn: an edit's trigger then sees the links committed
    -- before it, and this one the entry as edited (each statement below reads afresh). An
    -- import's entries are its own, new in its transaction.
    IF NOT COALESCE(current_setting('timetracker.bulk_write', true) = 'on', false) THEN
        PERFORM FROM unnest(ids) i(id)
          CROSS JOIN LATERAL (SELECT FROM time_entries x WHERE x.id = i.id FOR NO KEY UPDATE) x;
    END IF;
    -- Each entry as it is, else as the entries' trigger kept it when deleted, with its links now.
    EXECUTE entry_rollup_tag_deltas_sql(format($sql$
        WITH ch AS (%1$s),
        net AS (SELECT ch.entry_id, sum(ch.sign)::int AS net FROM ch GROUP BY 1),
        ent AS MATERIALIZED (
            SELECT e.*, (SELECT count(*)::int FROM time_entry_tags l WHERE l.time_entry_id = e.id) AS links
              FROM unnest($2::int[]) i(id)
             CROSS JOIN LATERAL (
                   SELECT x.id, %2$s FROM time_entries x WHERE x.id = i.id AND x.end_time IS NOT NULL
                   UNION ALL
                   SELECT r.entry_id, %2$s FROM entry_rollup_removed r WHERE r.entry_id = i.id
                   LIMIT 1) e)
        SELECT e.id AS entry_id, ch.tag_id, ch.sign, %3$s FROM ch JOIN ent e ON e.id = ch.entry_id
        UNION ALL
        SELECT e.id, NULL::int, m.sign, %3$s
          FROM net
          JOIN ent e ON e.id = net.entry_id
         CROSS JOIN LATERAL (SELECT (e.links > 0)::int - (e.links - net.net > 0)::int AS sign) m
         WHERE m.sign <> 0$sql$,
        changed, entry_columns, 'e.' || replace(entry_columns, ', ', ', e.')))
      USING entry_rollup_zone(), ids;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Recomputes from time_entries the rows of `p_project_ids` (NULL: any) and `p_user_ids` (NULL:
-- any) from month `p_from_month` on. Dynamic SQL, so each call is planned for its own scope (an
-- index scan for a project, a sequential scan for everything).
CREATE OR REPLACE FUNCTION entry_rollups_recompute(p_project_ids int[], p_user_ids int[], p_from_month date)
RETURNS void AS $$
DECLARE
    zone text := entry_rollup_zone();
    scope text := concat_ws(' AND ', 'true',
        CASE WHEN p_project_ids IS NOT NULL THEN 'x.project_id = ANY ($1)' END,
        CASE WHEN p_user_ids IS NOT NULL THEN 'x.user_id = ANY ($2)' END);
    pricing text;
BEGIN
    LOCK TABLE entry_rollup_deltas, entry_rollups, entry_rollup_days, entry_rollup_hours, entry_rollup_tag_deltas,
               entry_rollup_tags IN SHARE ROW EXCLUSIVE MODE;
    EXECUTE 'DELETE FROM entry_rollup_tag_deltas x WHERE x.month >= $3 AND ' || scope
      USING p_project_ids, p_user_ids, p_from_month;
    EXECUTE 'DELETE FROM entry_rollup_tags x WHERE x.month >= $3 AND ' || scope
      USING p_project_ids, p_user_ids, p_from_month;
    EXECUTE 'DELETE FROM entry_rollup_deltas x WHERE x.month >= $3 AND ' || scope
      USING p_project_ids, p_user_ids, p_from_month;
    EXECUTE 'DELETE FROM entry_rollup_hours x WHERE x.month >= $3 AND ' || scope
      USING p_project_ids, p_user_ids, p_from_month;
    EXECUTE 'DELETE FROM entry_rollups x WHERE x.month >= $3 AND ' || scope
      USING p_project_ids, p_user_ids, p_from_month;
    EXECUTE 'DELETE FROM entry_rollup_days x WHERE x.day >= $3 AND ' || scope
      USING p_project_ids, p_user_ids, p_from_month;
    -- The days and hours from the entries, then the months from the days. The entries are priced
    -- by rate interval, as reports price a range (rateIntervalsJoin, packages/core/src/rates/rate-sql.ts):
    -- an entry's rates change only on the days a rate of its project and user, project, user or
    -- client takes effect, so each (project, user) pair is priced once per such day (entry_rate, as
    -- entry_rollup_key prices an entry) and each entry joined to the interval holding its start.
    -- A rebuild of 1M entries takes 27 s so, 62 s priced entry by entry (docs/benchmarks.md). The
    -- change days are probed with their kind (the rates' indexes start with it), the rows inserted
    -- in key order.
    pricing := 'pairs AS MATERIALIZED (
                 SELECT DISTINCT x.project_id, x.user_id FROM time_entries x
                  WHERE x.end_time IS NOT NULL AND x.start_time >= ($3::timestamp AT TIME ZONE $4) AND ' || scope || '),
             iv AS MATERIALIZED (
                 SELECT COALESCE(c.project_id, 0) AS pk, COALESCE(c.user_id, 0) AS uk,
                        (c.day::timestamp AT TIME ZONE $4) AS lo,
                        (lead(c.day, 1, ''infinity'') OVER (PARTITION BY c.project_id, c.user_id ORDER BY c.day))::timestamp
                            AT TIME ZONE $4 AS hi,
                        entry_rate(''billable'', c.day, c.user_id, c.project_id) AS billable_rate,
                        entry_rate(''cost'', c.day, c.user_id, c.project_id) AS cost_rate
                   FROM (SELECT pr.project_id, pr.user_id, d.day
                           FROM pairs pr
                           LEFT JOIN projects pp ON pp.id = pr.project_id
                          CROSS JOIN LATERAL (
                                SELECT $3::date AS day
                                UNION SELECT r.effective_from FROM rates r
                                       WHERE r.kind IN (''billable'', ''cost'') AND r.project_id = pr.project_id AND r.user_id = pr.user_id AND r.effective_from > $3
                                UNION SELECT r.effective_from FROM rates r
                                       WHERE r.kind IN (''billable'', ''cost'') AND r.project_id = pr.project_id AND r.user_id IS NULL AND r.effective_from > $3
                                UNION SELECT r.effective_from FROM rates r
                                       WHERE r.kind IN (''billable'', ''cost'') AND r.user_id = pr.user_id AND r.project_id IS NULL AND r.effective_from > $3
                                UNION SELECT r.effective_from FROM rates r
                                       WHERE r.kind IN (''billable'', ''cost'') AND r.client_id = pp.client_id AND r.effective_from > $3) d) c)';
    EXECUTE 'WITH ' || pricing || ',
             base AS (
                 SELECT (x.start_time AT TIME ZONE $4)::date AS day, extract(hour FROM x.start_time AT TIME ZONE $4) AS hour,
                        x.user_id, x.project_id, x.task_id, x.billable, x.invoice_item_id,
                        COALESCE(ii.unit_price, iv.billable_rate) AS billable_rate, iv.cost_rate, count(*) AS entries,
                        sum(entry_seconds(x.duration_seconds, x.start_time, x.end_time, x.break_seconds)) AS seconds,
                        sum(x.break_seconds) AS break_seconds
                   FROM time_entries x
                   JOIN iv ON iv.pk = COALESCE(x.project_id, 0) AND iv.uk = COALESCE(x.user_id, 0)
                          AND iv.lo <= x.start_time AND x.start_time < iv.hi
                   LEFT JOIN invoice_items ii ON ii.id = x.invoice_item_id
                  WHERE x.end_time IS NOT NULL AND x.start_time >= ($3::timestamp AT TIME ZONE $4) AND ' || scope || '
                  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9),
             hours AS (
                 INSERT INTO entry_rollup_hours (month, hour, user_id, project_id, billable, billable_rate, cost_rate,
                                                 entries, seconds, break_seconds)
                 SELECT date_trunc(''month'', b.day)::date, b.hour, b.user_id, b.project_id, b.billable,
                        b.billable_rate, b.cost_rate, sum(b.entries), sum(b.seconds), sum(b.break_seconds)
                   FROM base b
                  GROUP BY 1, 2, 3, 4, 5, 6, 7
                  ORDER BY 1, 2, 3, 4, 5, 6, 7)
             INSERT INTO entry_rollup_days (day, user_id, project_id, task_id, billable, invoice_item_id,
                                            billable_rate, cost_rate, entries, seconds, break_seconds)
             SELECT b.day, b.user_id, b.project_id, b.task_id, b.billable, b.invoice_item_id, b.billable_rate,
                    b.cost_rate, sum(b.entries), sum(b.seconds), sum(b.break_seconds)
               FROM base b
              GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
              ORDER BY 1, 2, 3, 4, 5, 6, 7, 8'
      USING p_project_ids, p_user_ids, p_from_month, zone;
    EXECUTE 'INSERT INTO entry_rollups (month, user_id, project_id, task_id, billable, invoice_item_id,
                                        billable_rate, cost_rate, entries, seconds, break_seconds)
             SELECT date_trunc(''month'', x.day)::date, x.user_id, x.project_id, x.task_id, x.billable,
                    x.invoice_item_id, x.billable_rate, x.cost_rate, sum(x.entries), sum(x.seconds), sum(x.break_seconds)
               FROM entry_rollup_days x
              WHERE x.day >= $3 AND ' || scope || '
              GROUP BY 1, 2, 3, 4, 5, 6, 7, 8'
      USING p_project_ids, p_user_ids, p_from_month, zone;
    -- The tags: each entry once per link and once under tag NULL if it has any. For everything the
    -- links are joined whole (a hash join), for a scope probed per entry.
    EXECUTE 'WITH ' || pricing || ',
             base AS (
                 SELECT date_trunc(''month'', x.start_time AT TIME ZONE $4)::date AS month, t.tag_id, x.user_id,
                        x.project_id, x.billable, COALESCE(ii.unit_price, iv.billable_rate) AS billable_rate, iv.cost_rate,
                        count(*) AS entries,
                        sum(entry_seconds(x.duration_seconds, x.start_time, x.end_time, x.break_seconds)) AS seconds,
                        sum(x.break_seconds) AS break_seconds
                   FROM time_entries x
                   ' || CASE WHEN p_project_ids IS NULL AND p_user_ids IS NULL THEN
                       'JOIN (SELECT l.time_entry_id, l.tag_id FROM time_entry_tags l
                              UNION ALL
                              SELECT DISTINCT l.time_entry_id, NULL::int FROM time_entry_tags l) t ON t.time_entry_id = x.id'
                   ELSE
                       'CROSS JOIN LATERAL (SELECT l.tag_id FROM time_entry_tags l WHERE l.time_entry_id = x.id
                                           UNION ALL
                                           (SELECT NULL::int FROM time_entry_tags l WHERE l.time_entry_id = x.id LIMIT 1)) t'
                   END || '
                   JOIN iv ON iv.pk = COALESCE(x.project_id, 0) AND iv.uk = COALESCE(x.user_id, 0)
                          AND iv.lo <= x.start_time AND x.start_time < iv.hi
                   LEFT JOIN invoice_items ii ON ii.id = x.invoice_item_id
                  WHERE x.end_time IS NOT NULL AND x.start_time >= ($3::timestamp AT TIME ZONE $4) AND ' || scope || '
                  GROUP BY 1, 2, 3, 4, 5, 6, 7)
             INSERT INTO entry_rollup_tags (month, tag_id, user_id, project_id, billable, billable_rate, cost_rate,
                                            entries, seconds, break_seconds)
             SELECT * FROM base ORDER BY 1, 2, 3, 4, 5, 6, 7'
      USING p_project_ids, p_user_ids, p_from_month, zone;
END;
$$ LANGUAGE plpgsql;

-- Every row again, in the company's current zone, which entry_rollup_state then records: reports
-- read the rollups only while that zone is the company's.
CREATE OR REPLACE FUNCTION entry_rollups_rebuild() RETURNS void AS $$
BEGIN
    PERFORM entry_rollups_recompute(NULL, NULL, '-infinity');
    -- The totals from the days, months, hours and tags whole (their triggers are off in this
    -- function: one pass, not two).
    PERFORM entry_rollup_totals_recount(t.totals, t.rollup, t.key) FROM entry_rollup_totals_of() t;
    DELETE FROM entry_rollup_removed;
    INSERT INTO entry_rollup_state (id, zone, built_at) VALUES (1, entry_rollup_zone(), now())
    ON CONFLICT (id) DO UPDATE SET zone = EXCLUDED.zone, built_at = EXCLUDED.built_at;
END;
$$ LANGUAGE plpgsql SET timetracker.rollup_totals = 'off';

-- A rate added, changed or removed: the rows its level covers, from its month on (of the old and
-- the new version of an edit, the earlier). The rates of one statement are recounted together by
-- the shape of their scope (some projects, some users, both, or everything), each from the
-- earliest month among them: a statement writing thousands of rates (2,000 clients' rates at
-- once) is one recount, not thousands. Their union is recounted, which holds every changed row.
CREATE OR REPLACE FUNCTION entry_rollups_rates_changed() RETURNS TRIGGER AS $$
DECLARE
    changed jsonb := '[]';
    s record;
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        changed := changed || COALESCE((SELECT jsonb_agg(to_jsonb(n)) FROM rollup_new_rates n), '[]');
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        changed := changed || COALESCE((SELECT jsonb_agg(to_jsonb(o)) FROM rollup_old_rates o), '[]');
    END IF;
    FOR s IN
        WITH scopes AS (
            SELECT CASE WHEN c.client_id IS NOT NULL
                        THEN ARRAY(SELECT p.id FROM projects p WHERE p.client_id = c.client_id)
                        WHEN c.project_id IS NOT NULL THEN ARRAY[c.project_id] END AS projects,
                   CASE WHEN c.user_id IS NOT NULL THEN ARRAY[c.user_id] END AS users,
                   c.effective_from
              FROM jsonb_populate_recordset(NULL::rates, changed) c)
        SELECT CASE WHEN sc.projects IS NOT NULL
                    THEN COALESCE(array_agg(DISTINCT p.id) FILTER (WHERE p.id IS NOT NULL), '{}') END AS projects,
               CASE WHEN sc.users IS NOT NULL THEN array_agg(DISTINCT u.id) END AS users,
               date_trunc('month', min(sc.effective_from))::date AS from_month
          FROM scopes sc
          LEFT JOIN LATERAL unnest(sc.projects) p(id) ON true
          LEFT JOIN LATERAL unnest(sc.users) u(id) ON true
         GROUP BY sc.projects IS NOT NULL, sc.users IS NOT NULL
    LOOP
        PERFORM entry_rollups_recompute(s.projects, s.users, s.from_month);
    END LOOP;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- A project moved to another client: its client rates are another client's now.
CREATE OR REPLACE FUNCTION entry_rollups_project_client_changed() RETURNS TRIGGER AS $$
BEGIN
    PERFORM entry_rollups_recompute(ARRAY[NEW.id], NULL, '-infinity');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- An invoice line's unit price changed: its entries are priced at it. Those without a project
-- are recounted by their users (all users' if one has none either).
CREATE OR REPLACE FUNCTION entry_rollups_invoice_price_changed() RETURNS TRIGGER AS $$
DECLARE
    zone text := entry_rollup_zone();
    from_month date := (SELECT date_trunc('month', min(te.start_time) AT TIME ZONE zone)::date
                          FROM time_entries te WHERE te.invoice_item_id = NEW.id);
BEGIN
    PERFORM entry_rollups_recompute(
        ARRAY(SELECT DISTINCT te.project_id FROM time_entries te
               WHERE te.invoice_item_id = NEW.id AND te.project_id IS NOT NULL),
        NULL, from_month);
    IF EXISTS (SELECT FROM time_entries te WHERE te.invoice_item_id = NEW.id AND te.project_id IS NULL) THEN
        PERFORM entry_rollups_recompute(
            NULL,
            CASE WHEN NOT EXISTS (SELECT FROM time_entries te
                                   WHERE te.invoice_item_id = NEW.id AND te.project_id IS NULL AND te.user_id IS NULL)
                 THEN ARRAY(SELECT DISTINCT te.user_id FROM time_entries te
                             WHERE te.invoice_item_id = NEW.id AND te.project_id IS NULL) END,
            from_month);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- The company's zone set (the seed's first settings row) or changed: rows cut in another zone
-- are rebuilt.
CREATE OR REPLACE FUNCTION entry_rollups_zone_changed() RETURNS TRIGGER AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM entry_rollup_state s WHERE s.id = 1 AND s.zone = NEW.timezone) THEN
        PERFORM entry_rollups_rebuild();
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- A project or user about to be deleted: its entries go first, while the rates they were counted
-- at still exist (their cascade would delete the rates in the same statement, and the entries'
-- keys would no longer be found). A bulk write for the entries' trigger, however many.
CREATE OR REPLACE FUNCTION entry_rollups_remove_entries_of() RETURNS TRIGGER AS $$
BEGIN
    IF TG_TABLE_NAME = 'projects' THEN
        DELETE FROM time_entries WHERE project_id = OLD.id;
    ELSE
        DELETE FROM time_entries WHERE user_id = OLD.id;
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql SET timetracker.bulk_write = 'on';

-- An invoice line about to be deleted: its entries are unlinked first, while its price exists.
CREATE OR REPLACE FUNCTION entry_rollups_unlink_invoice_item() RETURNS TRIGGER AS $$
BEGIN
    UPDATE time_entries SET invoice_item_id = NULL WHERE invoice_item_id = OLD.id;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql SET timetracker.bulk_write = 'on';

CREATE OR REPLACE FUNCTION entry_rollups_entries_truncated() RETURNS TRIGGER AS $$
BEGIN
    TRUNCATE entry_rollups, entry_rollup_days, entry_rollup_day_totals, entry_rollup_month_totals,
             entry_rollup_hours, entry_rollup_hour_totals, entry_rollup_deltas, entry_rollup_tags,
             entry_rollup_tag_totals, entry_rollup_tag_deltas, entry_rollup_removed;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- The triggers, created only when one is missing (no table lock on a normal start); then the
-- table is rebuilt in this transaction (CREATE TRIGGER's lock holds writes off until it commits).
DO $$
DECLARE
    totals record;
    expected CONSTANT text[] := ARRAY[
        'time_entries_rollups_insert', 'time_entries_rollups_update', 'time_entries_rollups_delete',
        'time_entries_rollups_truncate', 'rates_rollups_insert', 'rates_rollups_update',
        'rates_rollups_delete', 'projects_rollups_client', 'invoice_items_rollups_price',
        'settings_rollups_zone', 'projects_rollups_delete', 'users_rollups_delete', 'invoice_items_rollups_delete',
        'time_entry_tags_rollups_insert', 'time_entry_tags_rollups_update', 'time_entry_tags_rollups_delete']
        || ARRAY(SELECT t.rollup || '_totals_' || op FROM entry_rollup_totals_of() t,
                        unnest(ARRAY['insert', 'update', 'delete']) op);
BEGIN
    IF to_regclass(format('%I.entry_rollups', current_schema())) IS NULL
       OR to_regclass(format('%I.entry_rollup_days', current_schema())) IS NULL
       OR to_regclass(format('%I.entry_rollup_hours', current_schema())) IS NULL
       OR to_regclass(format('%I.entry_rollup_tags', current_schema())) IS NULL
       OR to_regclass(format('%I.entry_rollup_day_totals', current_schema())) IS NULL
       OR to_regclass(format('%I.entry_rollup_month_totals', current_schema())) IS NULL
       OR to_regclass(format('%I.entry_rollup_hour_totals', current_schema())) IS NULL
       OR to_regclass(format('%I.entry_rollup_tag_totals', current_schema())) IS NULL THEN
        RETURN;
    END IF;
    IF (SELECT count(*) FROM pg_trigger tg
         WHERE NOT tg.tgisinternal AND tg.tgname = ANY (expected)) = cardinality(expected)
       AND EXISTS (SELECT 1 FROM entry_rollup_state s WHERE s.id = 1 AND s.zone = entry_rollup_zone())
    THEN
        RETURN;
    END IF;
    DROP TRIGGER IF EXISTS time_entries_rollups_insert ON time_entries;
    DROP TRIGGER IF EXISTS time_entries_rollups_update ON time_entries;
    DROP TRIGGER IF EXISTS time_entries_rollups_delete ON time_entries;
    DROP TRIGGER IF EXISTS time_entries_rollups_truncate ON time_entries;
    DROP TRIGGER IF EXISTS rates_rollups_insert ON rates;
    DROP TRIGGER IF EXISTS rates_rollups_update ON rates;
    DROP TRIGGER IF EXISTS rates_rollups_delete ON rates;
    DROP TRIGGER IF EXISTS projects_rollups_client ON projects;
    DROP TRIGGER IF EXISTS invoice_items_rollups_price ON invoice_items;
    DROP TRIGGER IF EXISTS settings_rollups_zone ON settings;
    DROP TRIGGER IF EXISTS projects_rollups_delete ON projects;
    DROP TRIGGER IF EXISTS users_rollups_delete ON users;
    DROP TRIGGER IF EXISTS invoice_items_rollups_delete ON invoice_items;
    DROP TRIGGER IF EXISTS time_entry_tags_rollups_insert ON time_entry_tags;
    DROP TRIGGER IF EXISTS time_entry_tags_rollups_update ON time_entry_tags;
    DROP TRIGGER IF EXISTS time_entry_tags_rollups_delete ON time_entry_tags;
    FOR totals IN SELECT * FROM entry_rollup_totals_of() LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', totals.rollup || '_totals_insert', totals.rollup);
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', totals.rollup || '_totals_update', totals.rollup);
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', totals.rollup || '_totals_delete', totals.rollup);
    END LOOP;
    -- The day totals' own function, from before entry_rollup_totals_changed served every totals table.
    DROP FUNCTION IF EXISTS entry_rollup_day_totals_changed();
    CREATE TRIGGER time_entries_rollups_insert AFTER INSERT ON time_entries
        REFERENCING NEW TABLE AS rollup_new_entries
        FOR EACH STATEMENT EXECUTE FUNCTION entry_rollups_entries_changed();
    CREATE TRIGGER time_entries_rollups_update AFTER UPDATE ON time_entries
        REFERENCING OLD TABLE AS rollup_old_entries NEW TABLE AS rollup_new_entries
        FOR EACH STATEMENT EXECUTE FUNCTION entry_rollups_entries_changed();
    CREATE TRIGGER time_entries_rollups_delete AFTER DELETE ON time_entries
        REFERENCING OLD TABLE AS rollup_old_entries
        FOR EACH STATEMENT EXECUTE FUNCTION entry_rollups_entries_changed();
    CREATE TRIGGER time_entries_rollups_truncate AFTER TRUNCATE ON time_entries
        FOR EACH STATEMENT EXECUTE FUNCTION entry_rollups_entries_truncated();
    CREATE TRIGGER rates_rollups_insert AFTER INSERT ON rates
        REFERENCING NEW TABLE AS rollup_new_rates
        FOR EACH STATEMENT EXECUTE FUNCTION entry_rollups_rates_changed();
    CREATE TRIGGER rates_rollups_update AFTER UPDATE ON rates
        REFERENCING OLD TABLE AS rollup_old_rates NEW TABLE AS rollup_new_rates
        FOR EACH STATEMENT EXECUTE FUNCTION entry_rollups_rates_changed();
    CREATE TRIGGER rates_rollups_delete AFTER DELETE ON rates
        REFERENCING OLD TABLE AS rollup_old_rates
        FOR EACH STATEMENT EXECUTE FUNCTION entry_rollups_rates_changed();
    CREATE TRIGGER projects_rollups_client AFTER UPDATE OF client_id ON projects
        FOR EACH ROW WHEN (OLD.client_id IS DISTINCT FROM NEW.client_id)
        EXECUTE FUNCTION entry_rollups_project_client_changed();
    CREATE TRIGGER invoice_items_rollups_price AFTER UPDATE OF unit_price ON invoice_items
        FOR EACH ROW WHEN (OLD.unit_price IS DISTINCT FROM NEW.unit_price)
        EXECUTE FUNCTION entry_rollups_invoice_price_changed();
    CREATE TRIGGER settings_rollups_zone AFTER INSERT OR UPDATE OF timezone ON settings
        FOR EACH ROW EXECUTE FUNCTION entry_rollups_zone_changed();
    CREATE TRIGGER projects_rollups_delete BEFORE DELETE ON projects
        FOR EACH ROW EXECUTE FUNCTION entry_rollups_remove_entries_of();
    CREATE TRIGGER users_rollups_delete BEFORE DELETE ON users
        FOR EACH ROW EXECUTE FUNCTION entry_rollups_remove_entries_of();
    CREATE TRIGGER invoice_items_rollups_delete BEFORE DELETE ON invoice_items
        FOR EACH ROW EXECUTE FUNCTION entry_rollups_unlink_invoice_item();
    CREATE TRIGGER time_entry_tags_rollups_insert AFTER INSERT ON time_entry_tags
        REFERENCING NEW TABLE AS rollup_new_links
        FOR EACH STATEMENT EXECUTE FUNCTION entry_rollups_links_changed();
    CREATE TRIGGER time_entry_tags_rollups_update AFTER UPDATE ON time_entry_tags
        REFERENCING OLD TABLE AS rollup_old_links NEW TABLE AS rollup_new_links
        FOR EACH STATEMENT EXECUTE FUNCTION entry_rollups_links_changed();
    CREATE TRIGGER time_entry_tags_rollups_delete AFTER DELETE ON time_entry_tags
        REFERENCING OLD TABLE AS rollup_old_links
        FOR EACH STATEMENT EXECUTE FUNCTION entry_rollups_links_changed();
    -- Each totals table follows its rollup table (entry_rollup_totals_changed).
    FOR totals IN SELECT * FROM entry_rollup_totals_of() LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS rollup_new_rows
                            FOR EACH STATEMENT EXECUTE FUNCTION entry_rollup_totals_changed(%L, %L)',
                       totals.rollup || '_totals_insert', totals.rollup, totals.totals, totals.key);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I
                            REFERENCING OLD TABLE AS rollup_old_rows NEW TABLE AS rollup_new_rows
                            FOR EACH STATEMENT EXECUTE FUNCTION entry_rollup_totals_changed(%L, %L)',
                       totals.rollup || '_totals_update', totals.rollup, totals.totals, totals.key);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS rollup_old_rows
                            FOR EACH STATEMENT EXECUTE FUNCTION entry_rollup_totals_changed(%L, %L)',
                       totals.rollup || '_totals_delete', totals.rollup, totals.totals, totals.key);
    END LOOP;
    PERFORM entry_rollups_rebuild();
END
$$;
