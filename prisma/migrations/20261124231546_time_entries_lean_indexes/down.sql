-- DropIndex
DROP INDEX "idx_time_entries_task_id";

-- DropIndex
DROP INDEX "idx_time_entries_billable";

-- DropIndex
DROP INDEX "idx_time_entries_invoice_item_id";

-- CreateIndex
CREATE INDEX "idx_time_entries_user_id" ON "time_entries"("user_id");

-- CreateIndex
CREATE INDEX "idx_time_entries_task_id" ON "time_entries"("task_id");

-- CreateIndex
CREATE INDEX "idx_time_entries_billable" ON "time_entries"("billable");

-- CreateIndex
CREATE INDEX "idx_time_entries_invoice_item_id" ON "time_entries"("invoice_item_id");
