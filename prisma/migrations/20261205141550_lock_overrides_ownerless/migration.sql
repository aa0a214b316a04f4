-- AlterTable
ALTER TABLE "lock_overrides" ALTER COLUMN "user_id" DROP NOT NULL;
