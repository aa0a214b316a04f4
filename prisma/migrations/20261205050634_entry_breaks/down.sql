-- Hand-written: the checks of migration.sql (they would go with their columns anyway).
ALTER TABLE "time_entries" DROP CONSTRAINT IF EXISTS "time_entries_break_seconds_check";
ALTER TABLE "time_entries" DROP CONSTRAINT IF EXISTS "time_entries_paused_at_check";
-- AlterTable
ALTER TABLE "time_entries" DROP COLUMN "break_seconds",
DROP COLUMN "paused_at",
DROP COLUMN "resumed_at";
