-- AlterTable
ALTER TABLE "settings" ADD COLUMN     "rates_visible_to_all" BOOLEAN NOT NULL DEFAULT false;
