const KEY = 'user_id, project_id, task_id, billable, invoice_item_id, billable_rate, cost_rate';

/**
 * What entry_rollups and entry_rollup_days (each with the unfolded deltas) hold that a rebuild
 * from time_entries would not, and the reverse (one row per difference, `side` saying which and
 * `grain` which table): empty when the rollups are exact. The check of the rollup-exactness tests
 * (API) and of the import's bulk writes (worker).
 */
export const ROLLUP_DRIFT_SQL = `
    WITH rebuilt AS (
      SELECT (x.start_time AT TIME ZONE entry_rollup_zone())::date AS day, x.user_id, x.project_id, x.task_id,
             x.billable, x.invoice_item_id, k.billable_rate, k.cost_rate,
             count(*)::int AS entries, sum(k.seconds)::bigint AS seconds, sum(x.break_seconds)::bigint AS break_seconds
        FROM time_entries x
        CROSS JOIN LATERAL entry_rollup_key(entry_rollup_zone(), x.start_time, x.end_time, x.duration_seconds,
                                            x.break_seconds, x.user_id, x.project_id, x.invoice_item_id) k
       WHERE x.end_time IS NOT NULL
       GROUP BY 1, 2, 3, 4, 5, 6, 7, 8),
    kept AS (
      SELECT 'day' AS grain, day AS at, ${KEY}, sum(entries)::int AS entries, sum(seconds)::bigint AS seconds,
             sum(break_seconds)::bigint AS break_seconds
        FROM (SELECT day, ${KEY}, entries, seconds, break_seconds FROM entry_rollup_days
              UNION ALL SELECT day, ${KEY}, entries, seconds, break_seconds FROM entry_rollup_deltas) r
       GROUP BY day, ${KEY}
      HAVING sum(entries) <> 0 OR sum(seconds) <> 0 OR sum(break_seconds) <> 0
      UNION ALL
      SELECT 'month', month, ${KEY}, sum(entries)::int, sum(seconds)::bigint, sum(break_seconds)::bigint
        FROM (SELECT month, ${KEY}, entries, seconds, break_seconds FROM entry_rollups
              UNION ALL SELECT month, ${KEY}, entries, seconds, break_seconds FROM entry_rollup_deltas) r
       GROUP BY month, ${KEY}
      HAVING sum(entries) <> 0 OR sum(seconds) <> 0 OR sum(break_seconds) <> 0),
    expected AS (
      SELECT 'day' AS grain, day AS at, ${KEY}, entries, seconds, break_seconds FROM rebuilt
      UNION ALL
      SELECT 'month', date_trunc('month', day)::date, ${KEY}, sum(entries)::int, sum(seconds)::bigint,
             sum(break_seconds)::bigint
        FROM rebuilt GROUP BY 2, ${KEY})
    (SELECT 'kept' AS side, * FROM kept EXCEPT SELECT 'kept', * FROM expected)
    UNION ALL
    (SELECT 'rebuilt', * FROM expected EXCEPT SELECT 'rebuilt', * FROM kept)`;
