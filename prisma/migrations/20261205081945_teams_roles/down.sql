-- DropForeignKey
ALTER TABLE "team_members" DROP CONSTRAINT "team_members_team_id_fkey";

-- DropForeignKey
ALTER TABLE "team_members" DROP CONSTRAINT "team_members_user_id_fkey";

-- DropForeignKey
ALTER TABLE "project_members" DROP CONSTRAINT "project_members_project_id_fkey";

-- DropForeignKey
ALTER TABLE "project_members" DROP CONSTRAINT "project_members_user_id_fkey";

-- DropForeignKey
ALTER TABLE "project_teams" DROP CONSTRAINT "project_teams_project_id_fkey";

-- DropForeignKey
ALTER TABLE "project_teams" DROP CONSTRAINT "project_teams_team_id_fkey";

-- AlterTable
ALTER TABLE "projects" DROP COLUMN "visibility";

-- DropTable
DROP TABLE "teams";

-- DropTable
DROP TABLE "team_members";

-- DropTable
DROP TABLE "project_members";

-- DropTable
DROP TABLE "project_teams";
