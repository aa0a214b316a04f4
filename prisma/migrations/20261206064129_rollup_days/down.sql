-- Hand-checked: undoes 20261206064129_rollup_days. entry_rollups stays exact (the deltas keep
-- their month); the day rollups go, and the older version's prisma/sql/010_entry_rollups.sql
-- puts back its functions, which know no days.
ALTER TABLE "entry_rollup_deltas" DROP COLUMN IF EXISTS "day";
DROP TABLE IF EXISTS "entry_rollup_days";
