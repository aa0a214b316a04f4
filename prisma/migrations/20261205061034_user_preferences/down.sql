-- Hand-written: the CHECKs of the up script.
ALTER TABLE "users" DROP CONSTRAINT IF EXISTS "users_language_check";
ALTER TABLE "users" DROP CONSTRAINT IF EXISTS "users_week_start_check";
ALTER TABLE "users" DROP CONSTRAINT IF EXISTS "users_clock_check";
ALTER TABLE "users" DROP CONSTRAINT IF EXISTS "users_date_format_check";
ALTER TABLE "users" DROP CONSTRAINT IF EXISTS "users_weekly_target_seconds_check";

-- AlterTable
ALTER TABLE "users" DROP COLUMN "clock",
DROP COLUMN "date_format",
DROP COLUMN "language",
DROP COLUMN "timezone",
DROP COLUMN "week_start",
DROP COLUMN "weekly_target_seconds";

-- AlterTable
ALTER TABLE "settings" DROP COLUMN "setup_dismissed_at";
