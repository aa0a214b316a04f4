-- Hand-written: undo the stop reason check first.
ALTER TABLE "time_entries" DROP CONSTRAINT IF EXISTS "time_entries_stopped_reason_check";

-- AlterTable
ALTER TABLE "time_entries" DROP COLUMN "auto_stopped_at",
DROP COLUMN "stopped_reason";

-- DropTable
DROP TABLE "job_runs";
