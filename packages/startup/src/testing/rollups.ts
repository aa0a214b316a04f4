const KEY = 'user_id, project_id, task_id, billable, invoice_item_id, billable_rate, cost_rate';
/** entry_rollup_hours' key besides the month and hour, in KEY's columns (no task or invoice line). */
const HOUR_KEY =
  'user_id, project_id, NULL::int AS task_id, billable, NULL::int AS invoice_item_id, billable_rate, cost_rate';
const FIGURES =
  'sum(entries)::int AS entries, sum(seconds)::bigint AS seconds, sum(break_seconds)::bigint AS break_seconds';
const NOT_EMPTY = 'HAVING sum(entries) <> 0 OR sum(seconds) <> 0 OR sum(break_seconds) <> 0';
/** The money columns, which only the totals keep (the other grains keep rates). */
const NO_MONEY = 'NULL::numeric AS priced, NULL::numeric AS costed';
/** Money of rows with rates, as the totals sum it. */
const MONEY =
  'COALESCE(sum(CASE WHEN billable THEN seconds * billable_rate END), 0)::numeric(24, 2) AS priced, ' +
  'COALESCE(sum(seconds * cost_rate), 0)::numeric(24, 2) AS costed';
/** The day, hour and tag totals' key besides their day, month, hour or tag, in KEY's columns. */
const TOTAL_KEY =
  'NULL::int AS user_id, NULL::int AS project_id, NULL::int AS task_id, billable, NULL::int AS invoice_item_id, ' +
  'NULL::numeric AS billable_rate, NULL::numeric AS cost_rate';

/** entry_rollup_month_totals' key besides the month, in KEY's columns (no task, line or rates). */
const MONTH_TOTAL_KEY =
  'user_id, project_id, NULL::int AS task_id, billable, NULL::int AS invoice_item_id, ' +
  'NULL::numeric AS billable_rate, NULL::numeric AS cost_rate';
/** A delta's money, as the totals' triggers add it. */
const DELTA_MONEY =
  'COALESCE(CASE WHEN billable THEN seconds * billable_rate END, 0), COALESCE(seconds * cost_rate, 0)';

/** entry_rollup_tags' key besides the month and tag, in KEY's columns. */
const TAG_KEY = HOUR_KEY;

/**
 * What entry_rollups, entry_rollup_days, entry_rollup_hours, entry_rollup_tags and the day, month,
 * hour and tag totals (each with the unfolded deltas) hold that a rebuild from time_entries would not,
 * and the reverse (one row per difference, `side` saying which and `grain` which table): empty
 * when the rollups are exact. The check of the rollup-exactness tests (API) and of the import's
 * bulk writes (worker).
 */
export const ROLLUP_DRIFT_SQL = `
    WITH rebuilt AS (
      SELECT (x.start_time AT TIME ZONE entry_rollup_zone())::date AS day,
             extract(hour FROM x.start_time AT TIME ZONE entry_rollup_zone())::int AS hour,
             x.user_id, x.project_id, x.task_id, x.billable, x.invoice_item_id, k.billable_rate, k.cost_rate,
             count(*)::int AS entries, sum(k.seconds)::bigint AS seconds, sum(x.break_seconds)::bigint AS break_seconds
        FROM time_entries x
        CROSS JOIN LATERAL entry_rollup_key(entry_rollup_zone(), x.start_time, x.end_time, x.duration_seconds,
                                            x.break_seconds, x.user_id, x.project_id, x.invoice_item_id) k
       WHERE x.end_time IS NOT NULL
       GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9),
    kept AS (
      SELECT 'day' AS grain, day AS at, NULL::int AS hour, NULL::int AS tag_id, ${KEY}, ${FIGURES}, ${NO_MONEY}
        FROM (SELECT day, ${KEY}, entries, seconds, break_seconds FROM entry_rollup_days
              UNION ALL SELECT day, ${KEY}, entries, seconds, break_seconds FROM entry_rollup_deltas) r
       GROUP BY day, ${KEY} ${NOT_EMPTY}
      UNION ALL
      SELECT 'month', month, NULL::int, NULL::int, ${KEY}, ${FIGURES}, ${NO_MONEY}
        FROM (SELECT month, ${KEY}, entries, seconds, break_seconds FROM entry_rollups
              UNION ALL SELECT month, ${KEY}, entries, seconds, break_seconds FROM entry_rollup_deltas) r
       GROUP BY month, ${KEY} ${NOT_EMPTY}
      UNION ALL
      SELECT 'hour', month, hour, NULL::int, ${KEY}, ${FIGURES}, ${NO_MONEY}
        FROM (SELECT month, hour::int, ${HOUR_KEY}, entries, seconds, break_seconds FROM entry_rollup_hours
              UNION ALL SELECT month, hour::int, ${HOUR_KEY}, entries, seconds, break_seconds FROM entry_rollup_deltas) r
       GROUP BY month, hour, ${KEY} ${NOT_EMPTY}
      UNION ALL
      SELECT 'tag', month, NULL::int, tag_id, ${KEY}, ${FIGURES}, ${NO_MONEY}
        FROM (SELECT month, tag_id, ${TAG_KEY}, entries, seconds, break_seconds FROM entry_rollup_tags
              UNION ALL SELECT month, tag_id, ${TAG_KEY}, entries, seconds, break_seconds FROM entry_rollup_tag_deltas) r
       GROUP BY month, tag_id, ${KEY} ${NOT_EMPTY}
      UNION ALL
      SELECT 'total', day, NULL::int, NULL::int, ${TOTAL_KEY}, ${FIGURES},
             sum(priced)::numeric(24, 2), sum(costed)::numeric(24, 2)
        FROM (SELECT day, billable, entries, seconds, break_seconds, priced, costed FROM entry_rollup_day_totals
              UNION ALL
              SELECT day, billable, entries, seconds, break_seconds, ${DELTA_MONEY} FROM entry_rollup_deltas) r
       GROUP BY day, billable ${NOT_EMPTY} OR sum(priced) <> 0 OR sum(costed) <> 0
      UNION ALL
      SELECT 'month_total', month, NULL::int, NULL::int, ${MONTH_TOTAL_KEY}, ${FIGURES},
             sum(priced)::numeric(24, 2), sum(costed)::numeric(24, 2)
        FROM (SELECT month, user_id, project_id, billable, entries, seconds, break_seconds, priced, costed
                FROM entry_rollup_month_totals
              UNION ALL
              SELECT month, user_id, project_id, billable, entries, seconds, break_seconds, ${DELTA_MONEY}
                FROM entry_rollup_deltas) r
       GROUP BY month, user_id, project_id, billable ${NOT_EMPTY} OR sum(priced) <> 0 OR sum(costed) <> 0
      UNION ALL
      SELECT 'hour_total', month, hour, NULL::int, ${TOTAL_KEY}, ${FIGURES},
             sum(priced)::numeric(24, 2), sum(costed)::numeric(24, 2)
        FROM (SELECT month, hour::int, billable, entries, seconds, break_seconds, priced, costed
                FROM entry_rollup_hour_totals
              UNION ALL
              SELECT month, hour::int, billable, entries, seconds, break_seconds, ${DELTA_MONEY}
                FROM entry_rollup_deltas) r
       GROUP BY month, hour, billable ${NOT_EMPTY} OR sum(priced) <> 0 OR sum(costed) <> 0
      UNION ALL
      SELECT 'tag_total', month, NULL::int, tag_id, ${TOTAL_KEY}, ${FIGURES},
             sum(priced)::numeric(24, 2), sum(costed)::numeric(24, 2)
        FROM (SELECT month, tag_id, billable, entries, seconds, break_seconds, priced, costed
                FROM entry_rollup_tag_totals
              UNION ALL
              SELECT month, tag_id, billable, entries, seconds, break_seconds, ${DELTA_MONEY}
                FROM entry_rollup_tag_deltas) r
       GROUP BY month, tag_id, billable ${NOT_EMPTY} OR sum(priced) <> 0 OR sum(costed) <> 0),
    -- An entry once per tag, and once under tag NULL if it has any.
    tagged AS (
      SELECT date_trunc('month', x.start_time AT TIME ZONE entry_rollup_zone())::date AS month, t.tag_id,
             x.user_id, x.project_id, x.billable, k.billable_rate, k.cost_rate,
             count(*)::int AS entries, sum(k.seconds)::bigint AS seconds, sum(x.break_seconds)::bigint AS break_seconds
        FROM time_entries x
        JOIN (SELECT l.time_entry_id, l.tag_id FROM time_entry_tags l
              UNION ALL SELECT DISTINCT l.time_entry_id, NULL::int FROM time_entry_tags l) t ON t.time_entry_id = x.id
        CROSS JOIN LATERAL entry_rollup_key(entry_rollup_zone(), x.start_time, x.end_time, x.duration_seconds,
                                            x.break_seconds, x.user_id, x.project_id, x.invoice_item_id) k
       WHERE x.end_time IS NOT NULL
       GROUP BY 1, 2, 3, 4, 5, 6, 7),
    expected AS (
      SELECT 'day' AS grain, day AS at, NULL::int AS hour, NULL::int AS tag_id, ${KEY}, ${FIGURES}, ${NO_MONEY}
        FROM rebuilt GROUP BY day, ${KEY}
      UNION ALL
      SELECT 'month', date_trunc('month', day)::date, NULL::int, NULL::int, ${KEY}, ${FIGURES}, ${NO_MONEY}
        FROM rebuilt GROUP BY 2, ${KEY}
      UNION ALL
      SELECT 'hour', month, hour, NULL::int, ${KEY}, ${FIGURES}, ${NO_MONEY}
        FROM (SELECT date_trunc('month', day)::date AS month, hour, ${HOUR_KEY}, entries, seconds, break_seconds
                FROM rebuilt) r
       GROUP BY month, hour, ${KEY}
      UNION ALL
      SELECT 'tag', month, NULL::int, tag_id, ${KEY}, ${FIGURES}, ${NO_MONEY}
        FROM (SELECT month, tag_id, ${TAG_KEY}, entries, seconds, break_seconds FROM tagged) r
       GROUP BY month, tag_id, ${KEY}
      UNION ALL
      SELECT 'total', day, NULL::int, NULL::int, ${TOTAL_KEY}, ${FIGURES}, ${MONEY}
        FROM rebuilt GROUP BY day, billable
      UNION ALL
      SELECT 'month_total', date_trunc('month', day)::date, NULL::int, NULL::int, ${MONTH_TOTAL_KEY}, ${FIGURES},
             ${MONEY}
        FROM rebuilt GROUP BY 2, user_id, project_id, billable
      UNION ALL
      SELECT 'hour_total', date_trunc('month', day)::date, hour, NULL::int, ${TOTAL_KEY}, ${FIGURES}, ${MONEY}
        FROM rebuilt GROUP BY 2, hour, billable
      UNION ALL
      SELECT 'tag_total', month, NULL::int, tag_id, ${TOTAL_KEY}, ${FIGURES}, ${MONEY}
        FROM tagged GROUP BY month, tag_id, billable)
    (SELECT 'kept' AS side, * FROM kept EXCEPT SELECT 'kept', * FROM expected)
    UNION ALL
    (SELECT 'rebuilt', * FROM expected EXCEPT SELECT 'rebuilt', * FROM kept)`;
