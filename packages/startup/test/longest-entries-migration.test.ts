import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ALL_MIGRATIONS,
  legacyFixture,
  runCli,
  scratchDatabases,
  startup,
  tempPrismaDir,
  withClient,
} from './support';

/**
 * user_longest_entries, the bound the overlap check reads a range of starts with: computed for
 * the entries already there when the migration runs (an upgraded or an adopted database), and
 * again by prisma/sql/007 when its triggers are missing.
 */
const LONGEST = ALL_MIGRATIONS.find((m) => m.endsWith('_user_longest_entries'))!;

const scratch = scratchDatabases();
afterEach(() => scratch.dropAll());

/** A prisma folder whose newest migration is the one before LONGEST (or LONGEST itself). */
function prismaDirUpTo(last: 'before' | 'longest'): string {
  const dir = tempPrismaDir();
  const from = ALL_MIGRATIONS.indexOf(LONGEST) + (last === 'longest' ? 1 : 0);
  for (const later of ALL_MIGRATIONS.slice(from))
    rmSync(path.join(dir, 'migrations', later), { recursive: true });
  return dir;
}

/** What the table must hold, computed from time_entries independently of the SQL under test. */
async function expectedBounds(url: string): Promise<Record<number, number>> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ user_id: number; start_time: Date; end_time: Date }>(
      `SELECT user_id, start_time, end_time FROM time_entries WHERE end_time IS NOT NULL AND user_id IS NOT NULL`,
    );
    const out: Record<number, number> = {};
    for (const r of rows) {
      const seconds = Math.ceil((r.end_time.getTime() - r.start_time.getTime()) / 1000);
      if (seconds > 86_400) out[r.user_id] = Math.max(out[r.user_id] ?? 0, seconds);
    }
    return out;
  });
}

async function bounds(url: string): Promise<Record<number, number>> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ user_id: number; s: string }>(
      `SELECT user_id, longest_seconds AS s FROM user_longest_entries`,
    );
    return Object.fromEntries(rows.map((r) => [r.user_id, Number(r.s)]));
  });
}

describe('migration user_longest_entries', () => {
  it('an adopted database: the bound of its entries is computed at migration', async () => {
    const db = await scratch.create();
    await withClient(db.url, async (c) => {
      await c.query(legacyFixture('seed-schema'));
      // The original app's naive timestamps: a three-day entry, one of a day and a second, one of 23 h.
      await c.query(`
        INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, source, billable)
        VALUES (2, 2, '2025-07-01 09:00:00', '2025-07-04 09:00:00', 259200, 'manual', true),
               (3, 2, '2025-07-01 09:00:00', '2025-07-02 09:00:01', 86401, 'manual', true),
               (3, 2, '2025-07-05 09:00:00', '2025-07-06 08:00:00', 82800, 'manual', true)`);
    });
    const result = await startup(db.url);
    expect(result.migrate.applied).toContain(LONGEST);
    expect(result.verify.ok).toBe(true);
    const want = await expectedBounds(db.url);
    expect(Object.keys(want)).toHaveLength(2);
    expect(await bounds(db.url)).toEqual(want);
  });

  it('an upgraded database gets the bound; a rollback needs no --force and writes go on', async () => {
    const db = await scratch.create();
    await startup(db.url, prismaDirUpTo('before'));
    await withClient(db.url, (c) =>
      c.query(`
        INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, source)
        SELECT 1, min(id), now() - d * interval '1 hour', now() - interval '1 hour', 3600, 'manual'
          FROM projects, unnest(ARRAY[2, 25, 24, 500]) d GROUP BY d`),
    );
    // Migrations after this one stay out, so that the rollback below is its own.
    const through = prismaDirUpTo('longest');
    expect((await startup(db.url, through)).migrate.applied).toEqual([LONGEST]);
    expect(await bounds(db.url)).toEqual({ 1: 499 * 3600 });

    const rolledBack = await runCli(['rollback'], { DATABASE_URL: db.url, PRISMA_DIR: through });
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(rolledBack.stdout).toContain(`rolled back ${LONGEST}`);
    // The triggers went with the table: a long entry is still written.
    await withClient(db.url, (c) =>
      c.query(`
        INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, source)
        SELECT 1, min(id), now() - interval '900 hours', now(), 3600, 'manual' FROM projects`),
    );
    const again = await startup(db.url, through);
    expect(again.migrate.applied).toEqual([LONGEST]);
    expect(again.verify.ok).toBe(true);
    expect(await bounds(db.url)).toEqual({ 1: 900 * 3600 });
  });

  it('startup puts back dropped triggers and what was written without them', async () => {
    const db = await scratch.create();
    await startup(db.url);
    await withClient(db.url, async (c) => {
      await c.query(`DROP TRIGGER time_entries_longest_update ON time_entries`);
      await c.query(`
        INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, source)
        SELECT 1, min(id), now() - interval '30 hours', NULL, NULL, 'manual' FROM projects`);
      await c.query(`UPDATE time_entries SET end_time = now() WHERE end_time IS NULL`);
    });
    expect(await bounds(db.url)).toEqual({});
    const again = await startup(db.url);
    expect(again.verify.ok).toBe(true);
    expect(await bounds(db.url)).toEqual(await expectedBounds(db.url));
    expect(Object.keys(await bounds(db.url))).toEqual(['1']);
  });
});
