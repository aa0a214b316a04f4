-- Triggers of prisma/sql/011_webhooks.sql (they name the tables dropped below).
DROP TRIGGER IF EXISTS "audit_events_webhooks" ON "audit_events";
DROP TRIGGER IF EXISTS "invoices_webhooks" ON "invoices";
DROP FUNCTION IF EXISTS webhook_from_audit();
DROP FUNCTION IF EXISTS webhook_from_invoice();
DROP FUNCTION IF EXISTS webhook_audit_event_type(text, text);
DROP FUNCTION IF EXISTS webhook_enqueue(text, text, int);

DELETE FROM "email_outbox" WHERE "kind" = 'webhook_disabled';
ALTER TABLE "email_outbox" DROP CONSTRAINT "email_outbox_kind_check";
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_kind_check" CHECK ("kind" IN ('password_reset', 'invitation', 'idle_stop', 'approval_request', 'approval_result', 'weekly_digest', 'budget_threshold'));

-- DropForeignKey
ALTER TABLE "webhook_subscriptions" DROP CONSTRAINT "webhook_subscriptions_created_by_fkey";

-- DropTable
DROP TABLE "webhook_deliveries";

-- DropTable
DROP TABLE "webhook_events";

-- DropTable
DROP TABLE "webhook_subscriptions";
