import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, ROLLUP_DRIFT_SQL, type TestDatabase } from '../src/testing';
import { withClient } from './support';

// The rollup trigger (prisma/sql/010_entry_rollups.sql) copies a single write's rows through
// one jsonb value, which cannot exceed 256 MB: a statement of more rows than that holds (1M
// entries of `seed:demo` in one INSERT, or fewer with long notes) failed, whatever wrote it. A
// statement of more than 1,000 rows now takes the set-wise path that bulk writes take. Long notes
// make a few thousand rows enough to pass the limit here: 4,200 × 64 KB is 269 MB as jsonb.
//
// A statement writing many rates (2,000 clients' at once) recounted the rollups once per rate,
// which took 30 s for 12,000 rates and no entries; the rates of a statement are recounted
// together now, by the shape of their scope.

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

describe('one statement writing rates of every level', () => {
  it('adds, changes and removes them with the rollups exact after each', async () => {
    await run(`INSERT INTO users (username) SELECT 'rates user ' || n FROM generate_series(1, 3) n`);
    await run(`INSERT INTO clients (name) SELECT 'Rates client ' || n FROM generate_series(1, 3) n`);
    await run(`INSERT INTO projects (name, client_id)
               SELECT c.name || ' project ' || n, c.id FROM clients c, generate_series(1, 2) n
                WHERE c.name LIKE 'Rates client %'`);
    // Each of those users on each of those projects, billable, every 9 days of 2025 and 2026.
    await run(`INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, source, billable)
               SELECT u.id, p.id, s, s + interval '2 hours', 7200, 'manual', true
                 FROM users u, projects p,
                      generate_series(TIMESTAMPTZ '2025-01-03 09:00Z', TIMESTAMPTZ '2026-12-20Z', interval '9 days') s
                WHERE u.username LIKE 'rates user %' AND p.name LIKE 'Rates client %'`);
    const money = () =>
      withClient(db.url, async (c) => {
        const { rows } = await c.query<{ money: string }>(
          `SELECT COALESCE(sum(seconds * billable_rate), 0)::text AS money FROM entry_rollup_days`,
        );
        return rows[0]!.money;
      });
    expect(await money()).toBe('0');

    // One client's, one project's, one user's and one member's rates, from different months.
    await run(`INSERT INTO rates (kind, client_id, project_id, user_id, effective_from, amount)
               SELECT k.kind, l.client_id, l.project_id, l.user_id, l.effective_from, l.amount
                 FROM (VALUES ('billable'), ('cost')) k(kind),
                      (SELECT (SELECT min(id) FROM clients WHERE name LIKE 'Rates client %'), NULL::int, NULL::int,
                              DATE '2025-06-01', 80
                       UNION ALL
                       SELECT NULL, (SELECT max(id) FROM projects WHERE name LIKE 'Rates client %'), NULL,
                              DATE '2026-02-01', 95
                       UNION ALL
                       SELECT NULL, NULL, (SELECT min(id) FROM users WHERE username LIKE 'rates user %'),
                              DATE '2025-03-01', 70
                       UNION ALL
                       SELECT NULL, (SELECT min(id) FROM projects WHERE name LIKE 'Rates client %'),
                              (SELECT max(id) FROM users WHERE username LIKE 'rates user %'), DATE '2026-05-01', 120
                      ) l(client_id, project_id, user_id, effective_from, amount)`);
    expect(await drift()).toBe(0);
    const priced = await money();
    expect(Number(priced)).toBeGreaterThan(0);

    // Every rate changed in one statement, each moved a month earlier.
    expect(
      await run(`UPDATE rates SET amount = amount + 7, effective_from = effective_from - interval '1 month'`),
    ).toBe(8);
    expect(await drift()).toBe(0);
    expect(await money()).not.toBe(priced);

    // The client's and the user's removed together.
    expect(await run(`DELETE FROM rates WHERE client_id IS NOT NULL OR project_id IS NULL`)).toBe(4);
    expect(await drift()).toBe(0);
    await run(`DELETE FROM time_entries`); // the other test counts every entry
  }, 120_000);
});
