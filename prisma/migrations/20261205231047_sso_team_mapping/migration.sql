-- AlterTable
ALTER TABLE "team_members" ADD COLUMN     "via_sso" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "sso_config" ADD COLUMN     "team_mapping" JSONB NOT NULL DEFAULT '[]';
