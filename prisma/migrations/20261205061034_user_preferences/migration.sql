-- AlterTable
ALTER TABLE "users" ADD COLUMN     "clock" VARCHAR(3) NOT NULL DEFAULT '24h',
ADD COLUMN     "date_format" VARCHAR(10) NOT NULL DEFAULT 'auto',
ADD COLUMN     "language" VARCHAR(5),
ADD COLUMN     "timezone" VARCHAR(50),
ADD COLUMN     "week_start" VARCHAR(10) NOT NULL DEFAULT 'monday',
ADD COLUMN     "weekly_target_seconds" INTEGER DEFAULT 144000;

-- AlterTable
ALTER TABLE "settings" ADD COLUMN     "setup_dismissed_at" TIMESTAMPTZ(6);

-- Hand-written: the preferences' values (as settings_overlap_policy_check).
ALTER TABLE "users" ADD CONSTRAINT "users_language_check" CHECK ("language" IN ('en', 'de', 'fr', 'it', 'es'));
ALTER TABLE "users" ADD CONSTRAINT "users_week_start_check" CHECK ("week_start" IN ('monday', 'sunday', 'saturday'));
ALTER TABLE "users" ADD CONSTRAINT "users_clock_check" CHECK ("clock" IN ('24h', '12h'));
ALTER TABLE "users" ADD CONSTRAINT "users_date_format_check" CHECK ("date_format" IN ('auto', 'YYYY-MM-DD', 'DD.MM.YYYY', 'DD/MM/YYYY', 'MM/DD/YYYY'));
ALTER TABLE "users" ADD CONSTRAINT "users_weekly_target_seconds_check" CHECK ("weekly_target_seconds" BETWEEN 0 AND 604800);
