-- Hand-checked: undoes 20261207021611_rollup_tags. The tag links' triggers and their functions go
-- first (the older version's prisma/sql/010_entry_rollups.sql knows neither), then the tables;
-- entry_rollups, entry_rollup_days and entry_rollup_hours stay exact.
DROP TRIGGER IF EXISTS time_entry_tags_rollups_insert ON "time_entry_tags";
DROP TRIGGER IF EXISTS time_entry_tags_rollups_update ON "time_entry_tags";
DROP TRIGGER IF EXISTS time_entry_tags_rollups_delete ON "time_entry_tags";
DROP FUNCTION IF EXISTS entry_rollups_links_changed();
DROP FUNCTION IF EXISTS entry_rollup_tag_deltas_sql(text);
DROP FUNCTION IF EXISTS entry_rollup_entry_tags_sql(text);
DROP TABLE IF EXISTS "entry_rollup_removed";
DROP TABLE IF EXISTS "entry_rollup_tag_deltas";
DROP TABLE IF EXISTS "entry_rollup_tags";
