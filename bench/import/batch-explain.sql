-- One import batch as the job writes it (2,000 entries, their source keys, 4,000 tag links, in one
-- transaction marked as a bulk write), each insert under EXPLAIN ANALYZE: where PostgreSQL's part
-- of an import goes (the foreign keys' checks, the statement triggers). docs/benchmarks.md,
-- "An import in a process of its own". On a database `npm run startup` made, with users,
-- projects, tags and one import (the lines below the usage), each run adds a batch:
--   psql "$DATABASE_URL" -f bench/import/batch-explain.sql | grep -E "Execution Time|Trigger|Insert on"
-- Setup, once:
--   INSERT INTO users (username, email, password_hash)
--     SELECT 'u' || g, 'u' || g || '@x.test', 'x' FROM generate_series(1, 50) g;
--   INSERT INTO clients (name) SELECT 'c' || g FROM generate_series(1, 5) g;
--   INSERT INTO projects (name, client_id)
--     SELECT 'p' || g, (SELECT min(id) FROM clients) + g % 5 FROM generate_series(1, 20) g;
--   INSERT INTO tags (name) SELECT 't' || g FROM generate_series(1, 8) g;
--   INSERT INTO imports (format, timezone, headers, delimiter, file_name, file_size, sha256, data, created_by)
--     VALUES ('toggl', 'UTC', '[]', ',', 'f', 1, 'x', '\x00'::bytea, (SELECT min(id) FROM users));
-- (The API and worker connect with jit off; psql's sessions keep PostgreSQL's default.)
SET jit = off;
BEGIN;
SELECT set_config('timetracker.bulk_write', 'on', true);
CREATE TEMP TABLE nb ON COMMIT DROP AS
  SELECT nextval(pg_get_serial_sequence('time_entries', 'id'))::int AS id FROM generate_series(1, 2000);
EXPLAIN (ANALYZE, BUFFERS OFF, TIMING ON)
INSERT INTO time_entries (id, user_id, project_id, task_id, start_time, end_time, duration_seconds,
                          break_seconds, notes, source, billable)
SELECT nb.id, (SELECT min(id) FROM users) + nb.id % 50, (SELECT min(id) FROM projects) + nb.id % 20, NULL,
       s, s + interval '25 minutes', 1500, 0, 'Row ' || nb.id, 'manual', true
  FROM nb, LATERAL (SELECT TIMESTAMPTZ '2024-01-01' + (nb.id / 50) * interval '30 minutes' AS s) t;
EXPLAIN (ANALYZE, BUFFERS OFF, TIMING ON)
INSERT INTO import_entries (entry_id, import_id, source_key)
SELECT nb.id, (SELECT max(id) FROM imports), md5(nb.id::text) || md5((nb.id * 7)::text) FROM nb;
EXPLAIN (ANALYZE, BUFFERS OFF, TIMING ON)
INSERT INTO time_entry_tags (time_entry_id, tag_id, position)
SELECT nb.id, (SELECT min(id) FROM tags) + k + nb.id % 3, k FROM nb, generate_series(0, 1) k;
COMMIT;
