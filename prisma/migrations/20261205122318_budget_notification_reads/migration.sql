-- CreateTable
CREATE TABLE "budget_notification_reads" (
    "notification_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "read_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budget_notification_reads_pkey" PRIMARY KEY ("notification_id","user_id")
);

-- CreateIndex
CREATE INDEX "idx_budget_notification_reads_user_id" ON "budget_notification_reads"("user_id");

-- AddForeignKey
ALTER TABLE "budget_notification_reads" ADD CONSTRAINT "budget_notification_reads_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "budget_notifications"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "budget_notification_reads" ADD CONSTRAINT "budget_notification_reads_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- Hand-written: a notification read so far was read for every admin (one shared bell); each
-- admin keeps it read, then the shared column goes.
INSERT INTO "budget_notification_reads" ("notification_id", "user_id", "read_at")
SELECT n."id", u."id", n."read_at"
  FROM "budget_notifications" n CROSS JOIN "users" u
 WHERE n."read_at" IS NOT NULL AND u."role" = 'admin';

-- AlterTable
ALTER TABLE "budget_notifications" DROP COLUMN "read_at";
