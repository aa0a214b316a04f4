-- The audit log (audit_events, issue #18 section 4) is append-only: no one edits or removes an
-- event, not the API, not psql, not a later migration by mistake. These triggers refuse UPDATE,
-- DELETE and TRUNCATE. INSERT and COPY FROM stay allowed, which is all a restore needs: it
-- creates the tables from the migrations and loads them with COPY before this file runs, and a
-- forced restore empties the database with DROP SCHEMA, which no trigger sees.
--
-- A database owner who really must remove events (a court order) drops the trigger in a
-- transaction of their own, deletes, and the next start puts the trigger back (docs/audit.md).
CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS TRIGGER AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'audit events are never changed or deleted (docs/audit.md)';
END;
$$ LANGUAGE plpgsql;

-- Created only when missing (no table lock on a normal start).
DO $$
BEGIN
    -- Rolled back below this table's migration (npm run db:rollback): nothing to protect.
    IF to_regclass(format('%I.audit_events', current_schema())) IS NULL THEN
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                    WHERE tgrelid = format('%I.audit_events', current_schema())::regclass
                      AND tgname = 'audit_events_no_update_delete') THEN
        CREATE TRIGGER audit_events_no_update_delete
            BEFORE UPDATE OR DELETE ON audit_events
            FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                    WHERE tgrelid = format('%I.audit_events', current_schema())::regclass
                      AND tgname = 'audit_events_no_truncate') THEN
        CREATE TRIGGER audit_events_no_truncate
            BEFORE TRUNCATE ON audit_events
            FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
    END IF;
END
$$;
