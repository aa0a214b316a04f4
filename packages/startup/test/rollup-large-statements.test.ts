import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, ROLLUP_DRIFT_SQL, type TestDatabase } from '../src/testing';
import { withClient } from './support';

// The rollup trigger (prisma/sql/010_entry_rollups.sql) copies a single write's rows through
// one jsonb value, which cannot exceed 256 MB: a statement of more rows than that holds (1M
// entries of `seed:demo` in one INSERT, or fewer with long notes) failed, whatever wrote it. A
// statement of more than 1,000 rows now takes the set-wise path that bulk writes take. Long notes
// make a few thousand rows enough to pass the limit here: 4,200 × 64 KB is 269 MB as jsonb.

let db: TestDatabase;
const ROWS = 4_200;
const NOTE_KB = 64;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

async function drift(): Promise<number> {
  return withClient(db.url, async (c) => {
    const { rows } = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${ROLLUP_DRIFT_SQL}) d`);
    return rows[0]!.n;
  });
}

async function run(sql: string, params: unknown[] = []): Promise<number> {
  return withClient(db.url, async (c) => (await c.query(sql, params)).rowCount ?? 0);
}

describe('one statement writing more rows than a jsonb value holds', () => {
  it('inserts, updates and deletes them with the rollups exact after each', async () => {
    const inserted = await run(
      `INSERT INTO time_entries (user_id, start_time, end_time, duration_seconds, notes, source, billable)
       SELECT (SELECT min(id) FROM users), s, s + interval '40 minutes', 2400,
              repeat(md5(i::text), $2::int * 1024 / 32), 'manual', i % 3 <> 0
         FROM generate_series(1, $1::int) i,
              LATERAL (SELECT TIMESTAMPTZ '2026-01-01Z' + i * interval '1 hour' AS s) t`,
      [ROWS, NOTE_KB],
    );
    expect(inserted).toBe(ROWS);
    expect(await drift()).toBe(0);

    // Both sides of an update: every entry moves a day and changes its billable flag and duration.
    const updated = await run(
      `UPDATE time_entries SET start_time = start_time + interval '1 day', end_time = end_time + interval '1 day',
                               duration_seconds = duration_seconds + 60, billable = NOT billable`,
    );
    expect(updated).toBe(ROWS);
    expect(await drift()).toBe(0);
    const totals = await withClient(db.url, async (c) => {
      const { rows } = await c.query<{ entries: string; seconds: string }>(
        `SELECT sum(entries)::text AS entries, sum(seconds)::text AS seconds
           FROM (SELECT entries, seconds FROM entry_rollup_days UNION ALL
                 SELECT entries, seconds FROM entry_rollup_deltas) r`,
      );
      return rows[0];
    });
    expect(totals).toEqual({ entries: String(ROWS), seconds: String(ROWS * 2460) });

    const deleted = await run(`DELETE FROM time_entries`);
    expect(deleted).toBe(ROWS);
    expect(await drift()).toBe(0);
  }, 120_000);
});
