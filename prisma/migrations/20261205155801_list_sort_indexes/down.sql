-- Back to the start-time indexes without the id tiebreak; the other sorts lose theirs.
DROP INDEX "idx_time_entries_user_created";
DROP INDEX "idx_time_entries_created";
DROP INDEX "idx_time_entries_user_duration";
DROP INDEX "idx_time_entries_duration";
DROP INDEX "idx_time_entries_user_start";
DROP INDEX "idx_time_entries_start_time";
CREATE INDEX "idx_time_entries_start_time" ON "time_entries"("start_time");
CREATE INDEX "idx_time_entries_user_start" ON "time_entries"("user_id", "start_time" DESC);
