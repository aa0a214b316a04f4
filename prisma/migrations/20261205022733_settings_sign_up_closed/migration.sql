-- AlterTable
ALTER TABLE "settings" ALTER COLUMN "allow_self_register" SET DEFAULT false;
