-- Hand-written: the CHECK of the up script.
ALTER TABLE "settings" DROP CONSTRAINT IF EXISTS "settings_overlap_policy_check";

-- DropForeignKey
ALTER TABLE "favourites" DROP CONSTRAINT "favourites_user_id_fkey";

-- DropForeignKey
ALTER TABLE "favourites" DROP CONSTRAINT "favourites_project_id_fkey";

-- DropForeignKey
ALTER TABLE "favourites" DROP CONSTRAINT "favourites_task_id_fkey";

-- AlterTable
ALTER TABLE "settings" DROP COLUMN "overlap_policy";

-- DropTable
DROP TABLE "favourites";
