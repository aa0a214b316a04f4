-- AlterTable
ALTER TABLE "settings" DROP COLUMN "rates_visible_to_all";
