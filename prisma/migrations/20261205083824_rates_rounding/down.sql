-- DropForeignKey
ALTER TABLE "rates" DROP CONSTRAINT "rates_client_id_fkey";

-- DropForeignKey
ALTER TABLE "rates" DROP CONSTRAINT "rates_project_id_fkey";

-- DropForeignKey
ALTER TABLE "rates" DROP CONSTRAINT "rates_user_id_fkey";

-- Hand-written: the rounding checks go with their columns
ALTER TABLE "clients" DROP CONSTRAINT "clients_rounding_check";
ALTER TABLE "projects" DROP CONSTRAINT "projects_rounding_check";

-- AlterTable
ALTER TABLE "clients" DROP COLUMN "rounding_minutes",
DROP COLUMN "rounding_mode",
ADD COLUMN     "default_hourly_rate" DECIMAL(9,2);

-- AlterTable
ALTER TABLE "projects" DROP COLUMN "rounding_minutes",
DROP COLUMN "rounding_mode",
ADD COLUMN     "hourly_rate" DECIMAL(9,2);

-- Hand-written: the rates in force today go back to the single columns (other rates are lost)
UPDATE "projects" p SET "hourly_rate" = (
  SELECT r."amount" FROM "rates" r
   WHERE r."kind" = 'billable' AND r."project_id" = p."id" AND r."user_id" IS NULL
     AND r."effective_from" <= (now() AT TIME ZONE COALESCE((SELECT "timezone" FROM "settings" WHERE "id" = 1), 'UTC'))::date
   ORDER BY r."effective_from" DESC LIMIT 1);
UPDATE "clients" c SET "default_hourly_rate" = (
  SELECT r."amount" FROM "rates" r
   WHERE r."kind" = 'billable' AND r."client_id" = c."id"
     AND r."effective_from" <= (now() AT TIME ZONE COALESCE((SELECT "timezone" FROM "settings" WHERE "id" = 1), 'UTC'))::date
   ORDER BY r."effective_from" DESC LIMIT 1);

-- DropTable
DROP TABLE "rates";
