-- CreateIndex
CREATE INDEX "idx_time_entries_user_start" ON "time_entries"("user_id", "start_time" DESC);
