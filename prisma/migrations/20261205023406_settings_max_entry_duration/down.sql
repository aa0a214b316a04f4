-- Hand-written: the CHECK of migration.sql goes with its column
ALTER TABLE "settings" DROP CONSTRAINT "settings_max_entry_duration_check";

-- AlterTable
ALTER TABLE "settings" DROP COLUMN "max_entry_duration_seconds";
