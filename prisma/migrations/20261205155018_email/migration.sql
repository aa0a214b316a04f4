-- AlterTable
ALTER TABLE "users" ADD COLUMN     "email" VARCHAR(254);

-- AlterTable
ALTER TABLE "settings" ADD COLUMN     "email_from" VARCHAR(320) NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "email_outbox" (
    "id" SERIAL NOT NULL,
    "kind" VARCHAR(30) NOT NULL,
    "user_id" INTEGER,
    "to_address" VARCHAR(254) NOT NULL,
    "language" VARCHAR(5) NOT NULL DEFAULT 'en',
    "payload" JSONB NOT NULL DEFAULT '{}',
    "status" VARCHAR(10) NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMPTZ(6),
    "last_error" VARCHAR(1000),
    "sent_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "password_tokens" (
    "id" SERIAL NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "user_id" INTEGER NOT NULL,
    "purpose" VARCHAR(12) NOT NULL,
    "expires_at" TIMESTAMPTZ(6) NOT NULL,
    "used_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "password_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "idx_email_outbox_due" ON "email_outbox"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "idx_email_outbox_created_at" ON "email_outbox"("created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "uq_password_tokens_hash" ON "password_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "idx_password_tokens_user" ON "password_tokens"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "uq_users_email" ON "users"("email");

-- AddForeignKey
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "password_tokens" ADD CONSTRAINT "password_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- Hand-written: the outbox's and tokens' values (as week_approvals_status_check).
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_status_check" CHECK ("status" IN ('pending', 'sending', 'sent', 'failed'));
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_kind_check" CHECK ("kind" IN ('password_reset', 'invitation', 'idle_stop'));
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_language_check" CHECK ("language" IN ('en', 'de', 'fr', 'it', 'es'));
ALTER TABLE "password_tokens" ADD CONSTRAINT "password_tokens_purpose_check" CHECK ("purpose" IN ('reset', 'invitation'));
