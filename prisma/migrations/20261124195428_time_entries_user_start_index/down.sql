-- DropIndex
DROP INDEX "idx_time_entries_user_start";
