-- Hand-written: the checks of migration.sql (the tables' go with them).
ALTER TABLE "settings" DROP CONSTRAINT "settings_budget_thresholds_check";

-- DropForeignKey
ALTER TABLE "budgets" DROP CONSTRAINT "budgets_project_id_fkey";

-- DropForeignKey
ALTER TABLE "budgets" DROP CONSTRAINT "budgets_client_id_fkey";

-- DropForeignKey
ALTER TABLE "budget_notifications" DROP CONSTRAINT "budget_notifications_budget_id_fkey";

-- AlterTable
ALTER TABLE "settings" DROP COLUMN "budget_refuse_over",
DROP COLUMN "budget_thresholds";

-- DropTable
DROP TABLE "budgets";

-- DropTable
DROP TABLE "budget_notifications";
