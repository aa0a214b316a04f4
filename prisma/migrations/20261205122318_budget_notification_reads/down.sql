-- DropForeignKey
ALTER TABLE "budget_notification_reads" DROP CONSTRAINT "budget_notification_reads_notification_id_fkey";

-- DropForeignKey
ALTER TABLE "budget_notification_reads" DROP CONSTRAINT "budget_notification_reads_user_id_fkey";

-- AlterTable
ALTER TABLE "budget_notifications" ADD COLUMN     "read_at" TIMESTAMPTZ(6);

-- Hand-written: back to one shared read time, the first reader's.
UPDATE "budget_notifications" n
   SET "read_at" = r."read_at"
  FROM (SELECT "notification_id", min("read_at") AS "read_at"
          FROM "budget_notification_reads" GROUP BY "notification_id") r
 WHERE r."notification_id" = n."id";

-- DropTable
DROP TABLE "budget_notification_reads";
