-- DropForeignKey
ALTER TABLE "email_outbox" DROP CONSTRAINT "email_outbox_user_id_fkey";

-- DropForeignKey
ALTER TABLE "password_tokens" DROP CONSTRAINT "password_tokens_user_id_fkey";

-- DropIndex
DROP INDEX "uq_users_email";

-- AlterTable
ALTER TABLE "users" DROP COLUMN "email";

-- AlterTable
ALTER TABLE "settings" DROP COLUMN "email_from";

-- DropTable
DROP TABLE "email_outbox";

-- DropTable
DROP TABLE "password_tokens";
