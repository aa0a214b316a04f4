-- DropForeignKey
ALTER TABLE "week_approvals" DROP CONSTRAINT "week_approvals_user_id_fkey";

-- DropForeignKey
ALTER TABLE "week_approvals" DROP CONSTRAINT "week_approvals_decided_by_fkey";

-- DropForeignKey
ALTER TABLE "week_approval_events" DROP CONSTRAINT "week_approval_events_approval_id_fkey";

-- AlterTable
ALTER TABLE "settings" DROP COLUMN "locked_before";

-- DropTable
DROP TABLE "week_approvals";

-- DropTable
DROP TABLE "week_approval_events";

-- DropTable
DROP TABLE "lock_overrides";
