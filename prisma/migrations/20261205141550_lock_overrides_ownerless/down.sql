-- Overrides of entries without a user cannot stay in a NOT NULL column: they go (the audit log
-- keeps each one as an event of entity lock, action override).
DELETE FROM "lock_overrides" WHERE "user_id" IS NULL;
-- AlterTable
ALTER TABLE "lock_overrides" ALTER COLUMN "user_id" SET NOT NULL;
