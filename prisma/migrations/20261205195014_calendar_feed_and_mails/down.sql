-- Hand-written: mails of the kinds this migration added go with it.
DELETE FROM "email_outbox" WHERE "kind" NOT IN ('password_reset', 'invitation', 'idle_stop');
ALTER TABLE "email_outbox" DROP CONSTRAINT "email_outbox_kind_check";
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_kind_check" CHECK ("kind" IN ('password_reset', 'invitation', 'idle_stop'));

-- DropForeignKey
ALTER TABLE "calendar_feeds" DROP CONSTRAINT "calendar_feeds_user_id_fkey";

-- DropIndex
DROP INDEX "uq_email_outbox_dedupe";

-- AlterTable
ALTER TABLE "users" DROP COLUMN "weekly_digest";

-- AlterTable
ALTER TABLE "settings" DROP COLUMN "calendar_feeds";

-- AlterTable
ALTER TABLE "email_outbox" DROP COLUMN "dedupe_key";

-- DropTable
DROP TABLE "calendar_feeds";
