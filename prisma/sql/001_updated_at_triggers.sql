-- Keeps updated_at current on every table that has the column, whoever writes the row
-- (the app, psql, a migration). Re-applied on every start, so it is idempotent, picks up tables
-- that later migrations add, and only creates what is missing or outdated (no table lock on a
-- normal start). A write that sets updated_at itself (Prisma's @updatedAt, the idle sweep) skips
-- the function: the WHEN test runs without calling PL/pgSQL, which is most of the trigger's cost
-- when one statement updates 100k rows.
CREATE OR REPLACE FUNCTION update_updated_at_column() RETURNS TRIGGER AS $$
BEGIN
    NEW.updated_at = CURRENT_TIMESTAMP;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT c.table_name
        FROM information_schema.columns c
        JOIN information_schema.tables tb
          ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
        WHERE c.table_schema = current_schema()
          AND c.column_name = 'updated_at'
          AND tb.table_type = 'BASE TABLE'
          AND c.table_name NOT LIKE '\_prisma%'
    LOOP
        CONTINUE WHEN EXISTS (
            SELECT 1 FROM pg_trigger tg
            WHERE tg.tgrelid = format('%I.%I', current_schema(), t.table_name)::regclass
              AND tg.tgname = 'update_' || t.table_name || '_updated_at'
              AND tg.tgfoid = format('%I.update_updated_at_column', current_schema())::regproc
              AND tg.tgqual IS NOT NULL);
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', 'update_' || t.table_name || '_updated_at', t.table_name);
        EXECUTE format(
            'CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW '
            'WHEN (NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at) '
            'EXECUTE FUNCTION update_updated_at_column()',
            'update_' || t.table_name || '_updated_at', t.table_name);
    END LOOP;
END
$$;
