-- Functions the other files use; this file runs first (they run in name order, each in its own
-- transaction, on every start).
--
-- The seconds an entry counts, everywhere: its stored (rounded) duration, else p_end − start −
-- breaks (a legacy or hand-written row without one; reports pass a running entry's pause or now
-- as p_end); 0 without p_end. The rollups (010), budgets (009) and the app's queries (secondsSql
-- and FINISHED_SECONDS_SQL in packages/core/src/time-entries/entry-sql.ts) count with it. A single
-- IMMUTABLE SELECT, so the planner inlines it: the rollup trigger was as fast with it as with the
-- expression written out (bench/rollup-seconds, docs/benchmarks.md).
CREATE OR REPLACE FUNCTION entry_seconds(p_duration int, p_start timestamptz, p_end timestamptz, p_break int)
RETURNS int AS $$
    SELECT COALESCE(p_duration, GREATEST(0, floor(extract(epoch FROM (p_end - p_start))) - p_break)::int)
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;
