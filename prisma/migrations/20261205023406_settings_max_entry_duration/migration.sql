-- AlterTable
ALTER TABLE "settings" ADD COLUMN     "max_entry_duration_seconds" INTEGER NOT NULL DEFAULT 86400;

-- Hand-written: the bounds the settings contract enforces, 1 minute to 31 days
ALTER TABLE "settings" ADD CONSTRAINT "settings_max_entry_duration_check" CHECK ("max_entry_duration_seconds" BETWEEN 60 AND 2678400);
