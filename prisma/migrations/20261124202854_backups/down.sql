-- Hand-written: undo the checks first.
ALTER TABLE "backups" DROP CONSTRAINT IF EXISTS "backups_status_check";
ALTER TABLE "backups" DROP CONSTRAINT IF EXISTS "backups_trigger_check";

-- DropForeignKey
ALTER TABLE "backups" DROP CONSTRAINT "backups_requested_by_fkey";

-- DropTable
DROP TABLE "backups";
