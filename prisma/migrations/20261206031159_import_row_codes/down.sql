-- Hand-written: undoes 20261206031159_import_row_codes (import rows keep their English reason;
-- their codes and params, which the dashboard translates, are lost).
ALTER TABLE "import_rows" DROP COLUMN IF EXISTS "params";
ALTER TABLE "import_rows" DROP COLUMN IF EXISTS "code";
