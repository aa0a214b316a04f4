-- DropIndex
DROP INDEX "idx_time_entries_user_id";

-- DropIndex
DROP INDEX "idx_time_entries_task_id";

-- DropIndex
DROP INDEX "idx_time_entries_billable";

-- DropIndex
DROP INDEX "idx_time_entries_invoice_item_id";

-- CreateIndex
CREATE INDEX "idx_time_entries_task_id" ON "time_entries"("task_id") WHERE (task_id IS NOT NULL);

-- CreateIndex
CREATE INDEX "idx_time_entries_billable" ON "time_entries"("billable") WHERE (NOT billable);

-- CreateIndex
CREATE INDEX "idx_time_entries_invoice_item_id" ON "time_entries"("invoice_item_id") WHERE (invoice_item_id IS NOT NULL);
