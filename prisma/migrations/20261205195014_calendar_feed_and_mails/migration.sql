-- AlterTable
ALTER TABLE "users" ADD COLUMN     "weekly_digest" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "settings" ADD COLUMN     "calendar_feeds" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "email_outbox" ADD COLUMN     "dedupe_key" VARCHAR(100);

-- CreateTable
CREATE TABLE "calendar_feeds" (
    "user_id" INTEGER NOT NULL,
    "lookup_key" VARCHAR(24) NOT NULL,
    "secret_hash" CHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(6),

    CONSTRAINT "calendar_feeds_pkey" PRIMARY KEY ("user_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "uq_calendar_feeds_lookup_key" ON "calendar_feeds"("lookup_key");

-- CreateIndex
CREATE UNIQUE INDEX "uq_email_outbox_dedupe" ON "email_outbox"("dedupe_key");

-- AddForeignKey
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- Hand-written: the mails of approvals, the weekly digest and budget thresholds (docs/email.md).
ALTER TABLE "email_outbox" DROP CONSTRAINT "email_outbox_kind_check";
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_kind_check" CHECK ("kind" IN ('password_reset', 'invitation', 'idle_stop', 'approval_request', 'approval_result', 'weekly_digest', 'budget_threshold'));
