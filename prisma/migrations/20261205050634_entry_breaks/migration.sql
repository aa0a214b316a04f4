-- AlterTable
ALTER TABLE "time_entries" ADD COLUMN     "break_seconds" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "paused_at" TIMESTAMPTZ(6),
ADD COLUMN     "resumed_at" TIMESTAMPTZ(6);

-- Hand-written: a break is never negative and never longer than its finished entry (a timer
-- paused at its start and stopped while paused worked nothing, so equal is allowed, the API
-- refuses a typed break that long). Only a running timer is paused, never before its start
-- nor before it last resumed, so pauses never overlap.
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_break_seconds_check" CHECK ("break_seconds" >= 0 AND ("break_seconds" = 0 OR "end_time" IS NULL OR "break_seconds" <= floor(extract(epoch FROM "end_time" - "start_time"))));
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_paused_at_check" CHECK ("paused_at" IS NULL OR ("end_time" IS NULL AND "paused_at" >= "start_time" AND ("resumed_at" IS NULL OR "paused_at" >= "resumed_at")));
