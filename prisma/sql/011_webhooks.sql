-- Webhooks (issue #20 section 3, docs/webhooks.md): an event and one delivery per enabled
-- subscription that wants it are written in the transaction of the change itself, so nothing is
-- sent for a change that rolled back and no change commits without its deliveries. The worker
-- then sends them (packages/core/src/webhooks).
--
-- Entries and weeks are already recorded by every path that writes them (API, timesheet,
-- calendar, bulk, the worker's idle stop) in audit_events, in the same statement or transaction:
-- a trigger there turns the audit event into a webhook event. Invoices have no audit events; a
-- trigger on invoices sees their creation and status changes from whatever writes them.
--
-- Bodies unchecked at CREATE: this file also loads on a database restored to a schema version
-- before the webhooks migration (then it does nothing else).
SET LOCAL check_function_bodies = off;

-- Writes the event and its deliveries; nothing at all when no enabled subscription wants the
-- type (the common case costs one index-less scan of a table of a few rows).
CREATE OR REPLACE FUNCTION webhook_enqueue(p_type text, p_entity text, p_entity_id int) RETURNS void AS $$
DECLARE
    v_event int;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE s.enabled AND p_type = ANY (s.events)) THEN
        RETURN;
    END IF;
    INSERT INTO webhook_events (type, entity, entity_id, occurred_at)
    VALUES (p_type, p_entity, p_entity_id, clock_timestamp())
    RETURNING id INTO v_event;
    INSERT INTO webhook_deliveries (subscription_id, event_id, order_key)
    SELECT s.id, v_event, p_entity || ':' || COALESCE(p_entity_id::text, '')
      FROM webhook_subscriptions s
     WHERE s.enabled AND p_type = ANY (s.events)
     ORDER BY s.id;
END;
$$ LANGUAGE plpgsql;

-- An audit event of an entry or a week → its webhook event type (null: none). An import's
-- event (one per batch of entries, docs/import.md) makes none: a file of 1M rows would make 1M
-- entry events; import.finished tells subscribers about the whole import instead. Its undo
-- (one audit event per entry) makes none either: those entries were never announced.
CREATE OR REPLACE FUNCTION webhook_audit_event_type(p_entity text, p_action text) RETURNS text AS $$
    SELECT CASE p_entity
        WHEN 'time_entry' THEN CASE p_action
            WHEN 'import' THEN NULL
            WHEN 'undo_import' THEN NULL
            WHEN 'create' THEN 'entry.created'
            WHEN 'delete' THEN 'entry.deleted'
            WHEN 'start' THEN 'timer.started'
            WHEN 'stop' THEN 'timer.stopped'
            WHEN 'idle_stop' THEN 'timer.stopped'
            ELSE 'entry.updated' END
        WHEN 'approval' THEN CASE p_action
            WHEN 'submit' THEN 'week.submitted'
            WHEN 'approve' THEN 'week.approved'
            WHEN 'reject' THEN 'week.rejected'
            END
        END
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION webhook_from_audit() RETURNS trigger AS $$
DECLARE
    v_type text := webhook_audit_event_type(NEW.entity, NEW.action);
BEGIN
    IF v_type IS NOT NULL THEN
        PERFORM webhook_enqueue(v_type, NEW.entity, NEW.entity_id);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION webhook_from_invoice() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM webhook_enqueue('invoice.created', 'invoice', NEW.id);
    ELSIF NEW.status IS DISTINCT FROM OLD.status AND NEW.status IN ('sent', 'paid', 'cancelled') THEN
        PERFORM webhook_enqueue('invoice.' || NEW.status, 'invoice', NEW.id);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Created only when missing (no table lock on a normal start).
DO $$
BEGIN
    IF to_regclass(format('%I.webhook_deliveries', current_schema())) IS NULL THEN
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                    WHERE tgrelid = format('%I.audit_events', current_schema())::regclass
                      AND tgname = 'audit_events_webhooks') THEN
        CREATE TRIGGER audit_events_webhooks
            AFTER INSERT ON audit_events
            FOR EACH ROW EXECUTE FUNCTION webhook_from_audit();
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                    WHERE tgrelid = format('%I.invoices', current_schema())::regclass
                      AND tgname = 'invoices_webhooks') THEN
        CREATE TRIGGER invoices_webhooks
            AFTER INSERT OR UPDATE OF status ON invoices
            FOR EACH ROW EXECUTE FUNCTION webhook_from_invoice();
    END IF;
END
$$;
