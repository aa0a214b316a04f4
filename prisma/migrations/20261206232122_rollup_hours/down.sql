-- Hand-checked: undoes 20261206232122_rollup_hours. entry_rollups and entry_rollup_days stay exact
-- (the deltas keep their day); the hour rollups go, and the older version's
-- prisma/sql/010_entry_rollups.sql puts back its functions, which know no hours.
ALTER TABLE "entry_rollup_deltas" DROP COLUMN IF EXISTS "hour";
DROP TABLE IF EXISTS "entry_rollup_hours";
