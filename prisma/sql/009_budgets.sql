-- Budgets (issue #18 §3, docs/budgets.md): every write to time_entries, whoever makes it (the API's
-- entries, timers, timesheet and calendar, the worker's idle sweep, psql), ends in one statement
-- trigger that re-evaluates the budgets of the projects it touched: it raises the notifications
-- of the thresholds now reached (once each: a unique key and ON CONFLICT DO NOTHING) and, when
-- settings.budget_refuse_over is on, refuses a write that takes a budget past 100 %.
--
-- Race-safety: budget_evaluate takes a transaction advisory lock per budget before it reads the
-- budget's use, so of two writes that together cross a threshold the second to lock reads the
-- first's committed time (each statement of a plpgsql function reads a fresh snapshot in READ
-- COMMITTED) and raises it. Locks are taken in budget id order: no deadlock between writers.
--
-- plpgsql throughout: its bodies are not checked against tables at CREATE, so this file also
-- loads on a database restored to a schema version before the budgets migration.

-- A budget's hours: the seconds of its finished entries (entry_seconds, as reports count them)
-- that start in [p_from, p_to) (NULL: unbounded). Hours count billable and non-billable time alike.
CREATE OR REPLACE FUNCTION budget_seconds_spent(p_project_id int, p_client_id int, p_from timestamptz, p_to timestamptz)
RETURNS bigint AS $$
BEGIN
    RETURN (
        SELECT COALESCE(sum(entry_seconds(te.duration_seconds, te.start_time, te.end_time, te.break_seconds)), 0)::bigint
          FROM time_entries te
          JOIN projects p ON p.id = te.project_id
         WHERE (te.project_id = p_project_id OR p.client_id = p_client_id)
           AND te.end_time IS NOT NULL
           AND (p_from IS NULL OR te.start_time >= p_from)
           AND (p_to IS NULL OR te.start_time < p_to));
END;
$$ LANGUAGE plpgsql STABLE;

-- A budget's money: its billable finished entries priced as reports and invoices price them
-- (packages/core/src/rates/rate-sql.ts, docs/rates.md): an entry on an invoice at its line's
-- unit price; otherwise the billable rate in force on its start day in the company's zone, most
-- specific level first (project member, project, user, client); summed exactly and rounded
-- half-up to the cent once. Keep the two in step: apps/api/test/budgets.e2e.test.ts compares
-- this with the summary report.
CREATE OR REPLACE FUNCTION budget_money_spent(p_project_id int, p_client_id int, p_from timestamptz, p_to timestamptz)
RETURNS numeric AS $$
DECLARE
    zone text := COALESCE((SELECT s.timezone FROM settings s WHERE s.id = 1), 'UTC');
BEGIN
    RETURN (
        SELECT round(COALESCE(sum(entry_seconds(te.duration_seconds, te.start_time, te.end_time, te.break_seconds)
                                  * rt.billable_rate), 0) / 3600, 2)
          FROM time_entries te
          JOIN projects p ON p.id = te.project_id
          LEFT JOIN LATERAL (
              SELECT COALESCE(
                  (SELECT ii.unit_price FROM invoice_items ii WHERE ii.id = te.invoice_item_id),
                  -- A probe of each level's partial index, most specific first (as rate-sql.ts).
                  (SELECT r.amount FROM rates r
                     WHERE r.kind = 'billable' AND r.project_id = te.project_id AND r.user_id = te.user_id
                       AND r.effective_from <= (te.start_time AT TIME ZONE zone)::date
                     ORDER BY r.effective_from DESC LIMIT 1),
                  (SELECT r.amount FROM rates r
                     WHERE r.kind = 'billable' AND r.project_id = te.project_id AND r.user_id IS NULL
                       AND r.effective_from <= (te.start_time AT TIME ZONE zone)::date
                     ORDER BY r.effective_from DESC LIMIT 1),
                  (SELECT r.amount FROM rates r
                     WHERE r.kind = 'billable' AND r.user_id = te.user_id AND r.project_id IS NULL
                       AND r.effective_from <= (te.start_time AT TIME ZONE zone)::date
                     ORDER BY r.effective_from DESC LIMIT 1),
                  (SELECT r.amount FROM rates r
                     WHERE r.kind = 'billable' AND r.client_id = p.client_id
                       AND r.effective_from <= (te.start_time AT TIME ZONE zone)::date
                     ORDER BY r.effective_from DESC LIMIT 1)) AS billable_rate
          ) rt ON true
         WHERE (te.project_id = p_project_id OR p.client_id = p_client_id)
           AND te.end_time IS NOT NULL
           AND te.billable
           AND (p_from IS NULL OR te.start_time >= p_from)
           AND (p_to IS NULL OR te.start_time < p_to));
END;
$$ LANGUAGE plpgsql STABLE;

-- The first day of the budget's period that holds p_at (1970-01-01 for a lifetime budget): months
-- in the company's zone (settings.timezone).
CREATE OR REPLACE FUNCTION budget_period_start(p_period text, p_at timestamptz)
RETURNS date AS $$
BEGIN
    IF p_period <> 'monthly' THEN
        RETURN DATE '1970-01-01';
    END IF;
    RETURN date_trunc('month', p_at AT TIME ZONE (SELECT timezone FROM settings ORDER BY id LIMIT 1))::date;
END;
$$ LANGUAGE plpgsql STABLE;

-- Locks the budget, raises the notifications of every threshold its use in the period reached,
-- and returns that use in percent (the larger of hours and money; NULL: the budget is gone).
CREATE OR REPLACE FUNCTION budget_evaluate(p_budget_id int, p_period_start date)
RETURNS numeric AS $$
DECLARE
    b record;
    zone text;
    thresholds int[];
    p_from timestamptz;
    p_to timestamptz;
    pct numeric;
BEGIN
    -- 0x6b75: the namespace of the per-budget locks (0x7117 timers, 0x70b5 jobs).
    PERFORM pg_advisory_xact_lock(27509, p_budget_id);
    SELECT * INTO b FROM budgets WHERE id = p_budget_id;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    SELECT timezone, COALESCE(budget_thresholds, ARRAY[50, 80, 100]) INTO zone, thresholds
      FROM settings ORDER BY id LIMIT 1;
    IF b.period = 'monthly' THEN
        p_from := p_period_start::timestamp AT TIME ZONE zone;
        p_to := (p_period_start + interval '1 month') AT TIME ZONE zone;
    END IF;
    pct := greatest(
        CASE WHEN b.hours IS NOT NULL
             THEN budget_seconds_spent(b.project_id, b.client_id, p_from, p_to) * 100 / (b.hours * 3600) END,
        CASE WHEN b.amount IS NOT NULL
             THEN budget_money_spent(b.project_id, b.client_id, p_from, p_to) * 100 / b.amount END);
    INSERT INTO budget_notifications (budget_id, period_start, threshold)
    SELECT p_budget_id, p_period_start, t FROM unnest(thresholds) AS t WHERE t <= pct
    ON CONFLICT DO NOTHING;
    RETURN pct;
END;
$$ LANGUAGE plpgsql;

-- The changed entries as JSON rows: project_id, start_time, seconds and billable_seconds (added:
-- positive, removed: negative), opens (a timer now runs on the project), stop (a timer stopped:
-- never refused, since the time was spent and a stop that fails leaves the timer running).
CREATE OR REPLACE FUNCTION budgets_check(p_changes jsonb)
RETURNS void AS $$
DECLARE
    refuse boolean;
    r record;
    pct numeric;
BEGIN
    IF p_changes IS NULL THEN
        RETURN;
    END IF;
    SELECT budget_refuse_over INTO refuse FROM settings ORDER BY id LIMIT 1;
    FOR r IN
        SELECT b.id, b.hours, b.amount, b.period, ps.period_start,
               COALESCE(sum(ch.seconds) FILTER (WHERE NOT ch.stop), 0) AS added_seconds,
               COALESCE(sum(ch.billable_seconds) FILTER (WHERE NOT ch.stop), 0) AS added_billable,
               bool_or(ch.opens) AS opens,
               CASE WHEN b.project_id IS NOT NULL
                    THEN format('project “%s”', max(bp.name)) ELSE format('client “%s”', max(bc.name)) END AS owner
          FROM jsonb_to_recordset(p_changes)
               AS ch(project_id int, start_time timestamptz, seconds int, billable_seconds int, opens boolean, stop boolean)
          JOIN projects p ON p.id = ch.project_id
          JOIN budgets b ON b.project_id = p.id OR b.client_id = p.client_id
          LEFT JOIN projects bp ON bp.id = b.project_id
          LEFT JOIN clients bc ON bc.id = b.client_id
          CROSS JOIN LATERAL (SELECT budget_period_start(b.period, ch.start_time) AS period_start) ps
         GROUP BY b.id, ps.period_start
         ORDER BY b.id, ps.period_start
    LOOP
        pct := budget_evaluate(r.id, r.period_start);
        IF refuse AND pct IS NOT NULL
           AND ((pct > 100 AND ((r.hours IS NOT NULL AND r.added_seconds > 0)
                                OR (r.amount IS NOT NULL AND r.added_billable > 0)))
                OR (r.opens AND pct >= 100)) THEN
            -- Words only, no figures: the budget's money is not everyone's to see.
            RAISE EXCEPTION USING
                ERRCODE = 'TTB01',
                MESSAGE = format('BUDGET_EXCEEDED: The budget of %s%s is used up: time past 100 %% is refused (settings.budgetRefuseOver)',
                                 r.owner, CASE WHEN r.period = 'monthly' THEN ' for this month' ELSE '' END);
        END IF;
    END LOOP;
END;
$$ LANGUAGE plpgsql;

-- One changed entry as budgets_check reads it: its project and start, its billed seconds (and the
-- billable ones) counted with `sign` (1 added, -1 removed), whether a timer now runs on it, whether
-- a timer stopped.
CREATE OR REPLACE FUNCTION budget_change(p_project_id int, p_start timestamptz, p_seconds int, p_billable boolean,
                                         p_sign int, p_opens boolean, p_stop boolean)
RETURNS jsonb AS $$
    SELECT jsonb_build_object(
               'project_id', p_project_id, 'start_time', p_start,
               'seconds', p_sign * COALESCE(p_seconds, 0),
               'billable_seconds', CASE WHEN p_billable THEN p_sign * COALESCE(p_seconds, 0) ELSE 0 END,
               'opens', p_opens, 'stop', p_stop);
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION budgets_entries_inserted() RETURNS TRIGGER AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM budgets) THEN
        PERFORM budgets_check((
            SELECT jsonb_agg(budget_change(n.project_id, n.start_time,
                                           entry_seconds(n.duration_seconds, n.start_time, n.end_time, n.break_seconds), n.billable,
                                           1, n.end_time IS NULL, false))
              FROM budget_new_entries n WHERE n.project_id IS NOT NULL));
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION budgets_entries_updated() RETURNS TRIGGER AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM budgets) THEN
        PERFORM budgets_check((
            SELECT jsonb_agg(x.change) FROM (
                SELECT budget_change(n.project_id, n.start_time,
                           entry_seconds(n.duration_seconds, n.start_time, n.end_time, n.break_seconds), n.billable, 1,
                           n.end_time IS NULL AND (o.end_time IS NOT NULL OR o.project_id IS DISTINCT FROM n.project_id),
                           o.end_time IS NULL AND n.end_time IS NOT NULL) AS change
                  FROM budget_new_entries n JOIN budget_old_entries o ON o.id = n.id
                 WHERE n.project_id IS NOT NULL
                UNION ALL
                SELECT budget_change(o.project_id, o.start_time,
                           entry_seconds(o.duration_seconds, o.start_time, o.end_time, o.break_seconds), o.billable, -1,
                           false, o.end_time IS NULL AND n.end_time IS NOT NULL)
                  FROM budget_old_entries o JOIN budget_new_entries n ON n.id = o.id
                 WHERE o.project_id IS NOT NULL) x));
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION budgets_entries_deleted() RETURNS TRIGGER AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM budgets) THEN
        PERFORM budgets_check((
            SELECT jsonb_agg(budget_change(o.project_id, o.start_time,
                                           entry_seconds(o.duration_seconds, o.start_time, o.end_time, o.break_seconds), o.billable,
                                           -1, false, false))
              FROM budget_old_entries o WHERE o.project_id IS NOT NULL));
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Statement triggers with transition tables: one call per statement (the idle sweep stops 100k
-- timers in one), and with no budget at all one EXISTS. Created only when missing (no table lock
-- on a normal start).
DO $$
BEGIN
    IF to_regclass(format('%I.budgets', current_schema())) IS NULL THEN
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'time_entries_budgets_insert'
                      AND tgrelid = format('%I.time_entries', current_schema())::regclass) THEN
        CREATE TRIGGER time_entries_budgets_insert AFTER INSERT ON time_entries
            REFERENCING NEW TABLE AS budget_new_entries
            FOR EACH STATEMENT EXECUTE FUNCTION budgets_entries_inserted();
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'time_entries_budgets_update'
                      AND tgrelid = format('%I.time_entries', current_schema())::regclass) THEN
        CREATE TRIGGER time_entries_budgets_update AFTER UPDATE ON time_entries
            REFERENCING OLD TABLE AS budget_old_entries NEW TABLE AS budget_new_entries
            FOR EACH STATEMENT EXECUTE FUNCTION budgets_entries_updated();
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'time_entries_budgets_delete'
                      AND tgrelid = format('%I.time_entries', current_schema())::regclass) THEN
        CREATE TRIGGER time_entries_budgets_delete AFTER DELETE ON time_entries
            REFERENCING OLD TABLE AS budget_old_entries
            FOR EACH STATEMENT EXECUTE FUNCTION budgets_entries_deleted();
    END IF;
END;
$$;
