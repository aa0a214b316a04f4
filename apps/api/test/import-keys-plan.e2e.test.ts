import { existingKeysIn, existingKeysSql } from '@timetracker/core';
import { createPrismaClient, directDatabase, type PrismaClient } from '@timetracker/db';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PlanNode, planNodes } from './support';

// An import batch asks twice which of its rows' source keys are imported already. The answer
// must come from the source keys' unique index, one probe per key, however many entries were
// imported before: `source_key = ANY(keys)` was planned as a scan of all of import_entries once
// the table had statistics (2,000 keys against 100k rows already), so each batch got slower with
// every entry any import had written (docs/benchmarks.md, "The source keys' lookup").

let db: TestDatabase;
let prisma: PrismaClient;
const IMPORTED = 100_000;
const BATCH = 2_000;
const keyOf = (n: number) => createHash('sha256').update(String(n)).digest('hex');

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url, { poolSize: 2 });
  const [{ id: importId }] = await prisma.$queryRawUnsafe<[{ id: number }]>(
    `INSERT INTO imports (format, timezone, file_name, file_size, sha256, data, status, mode)
     VALUES ('toggl', 'UTC', 'history.csv', 0, repeat('0', 64), '', 'done', 'run') RETURNING id`,
  );
  // The entries of earlier imports, keyed as sourceKey() keys them (a sha256 in hex).
  await prisma.$executeRawUnsafe(
    `WITH e AS (
       INSERT INTO time_entries (user_id, start_time, end_time, duration_seconds, source)
       SELECT (SELECT min(id) FROM users), s, s + interval '25 minutes', 1500, 'manual'
         FROM generate_series(1, $1::int) i,
              LATERAL (SELECT TIMESTAMPTZ '2020-01-01Z' + i * interval '30 minutes' AS s) t
       RETURNING id, start_time)
     INSERT INTO import_entries (entry_id, import_id, source_key)
     SELECT id, $2::int,
            encode(sha256(convert_to((extract(epoch FROM start_time - TIMESTAMPTZ '2020-01-01Z') / 1800)::int::text, 'UTF8')), 'hex')
       FROM e`,
    IMPORTED,
    importId,
  );
  // Statistics, as autovacuum gathers them while an import runs; not VACUUM (an import's rows
  // are not all visible yet, which is what made the whole-table scan look cheap).
  await prisma.$executeRawUnsafe(`ANALYZE import_entries`);
}, 120_000);
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

/** A batch's keys: every other one imported already, spread over the table, the rest new. */
const batch = Array.from({ length: BATCH }, (_, i) =>
  keyOf(i % 2 === 0 ? 1 + i * Math.floor(IMPORTED / BATCH) : IMPORTED + 1 + i),
);

describe("an import batch's lookup of the source keys imported already", () => {
  it('finds exactly the keys that are imported', async () => {
    const found = await existingKeysIn(directDatabase(prisma), [...batch, batch[0]!]);
    expect([...found].sort()).toEqual(batch.filter((_, i) => i % 2 === 0).sort());
  });

  it('probes the unique index once per key and reads no other row of import_entries', async () => {
    const sql = existingKeysSql(batch);
    const [{ 'QUERY PLAN': plans }] = await prisma.$queryRawUnsafe<[{ 'QUERY PLAN': { Plan: PlanNode }[] }]>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${sql.text}`,
      ...sql.values,
    );
    const onTable = planNodes(plans[0]!.Plan).filter((n) => n['Relation Name'] === 'import_entries');
    expect(onTable.length).toBeGreaterThan(0);
    for (const node of onTable) {
      expect(node['Index Name']).toBe('uq_import_entries_source_key');
      expect(node['Node Type']).toMatch(/^Index (Only )?Scan$/);
      expect(node['Actual Loops']).toBe(BATCH);
      expect(node['Actual Rows']).toBeLessThanOrEqual(1);
    }
  });
});
