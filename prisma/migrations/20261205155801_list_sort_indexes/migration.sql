-- The entry list's sorts, each with the id as a unique tiebreak, for everyone's entries and per
-- user: pages by cursor read a range of one of these (docs/benchmarks.md, "Lists"). The two
-- start-time indexes gain the id; the duration and creation ones are new.
-- DropIndex
DROP INDEX "idx_time_entries_start_time";

-- DropIndex
DROP INDEX "idx_time_entries_user_start";

-- CreateIndex
CREATE INDEX "idx_time_entries_start_time" ON "time_entries"("start_time", "id");

-- CreateIndex
CREATE INDEX "idx_time_entries_user_start" ON "time_entries"("user_id", "start_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "idx_time_entries_duration" ON "time_entries"("duration_seconds", "id");

-- CreateIndex
CREATE INDEX "idx_time_entries_user_duration" ON "time_entries"("user_id", "duration_seconds", "id");

-- CreateIndex
CREATE INDEX "idx_time_entries_created" ON "time_entries"("created_at", "id");

-- CreateIndex
CREATE INDEX "idx_time_entries_user_created" ON "time_entries"("user_id", "created_at", "id");
