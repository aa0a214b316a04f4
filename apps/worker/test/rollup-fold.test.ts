import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker } from './support';

let db: TestDatabase;
let pg: Client;
beforeAll(async () => {
  db = await createTestDatabase();
  pg = new Client({ connectionString: db.url });
  await pg.connect();
});
afterAll(async () => {
  await pg?.end();
  await db?.drop();
});

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await pg.query(text, params)).rows as T[];

describe('rollup-fold job', () => {
  it('folds the deltas entry writes leave into entry_rollups, two workers counting each once', async () => {
    const [{ id: userId }] = (await q<{ id: number }>(`SELECT id FROM users ORDER BY id LIMIT 1`)) as [
      { id: number },
    ];
    const [{ id: projectId }] = (await q<{ id: number }>(`SELECT id FROM projects ORDER BY id LIMIT 1`)) as [
      { id: number },
    ];
    // 300 one-hour entries in 300 statements: as many deltas, spread over ten months.
    for (let i = 0; i < 300; i++) {
      await q(
        `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds)
         VALUES ($1, $2, $3, $3::timestamptz + interval '1 hour', 3600)`,
        [userId, projectId, new Date(Date.UTC(2026, 0, 1, 9) + i * 86_400_000)],
      );
    }
    expect((await q<{ n: number }>(`SELECT count(*)::int AS n FROM entry_rollup_deltas`))[0]!.n).toBe(300);
    const env = { DATABASE_URL: db.url, LOG_LEVEL: 'info', WORKER_ROLLUP_FOLD_CRON: '* * * * * *' };
    const workers = [startWorker(env), startWorker(env)];
    try {
      await Promise.race(workers.map((w) => w.waitFor('job rollup-fold ok')));
      for (const w of workers) await w.waitFor('worker ready');
      const rows = await q<{ month: string; entries: number; seconds: string }>(
        `SELECT to_char(month, 'YYYY-MM') AS month, entries, seconds::text FROM entry_rollups ORDER BY month`,
      );
      expect(await q(`SELECT * FROM entry_rollup_deltas`)).toEqual([]);
      // Each entry counted once, in its company-zone month (Europe/Rome: 09:00 UTC is that day).
      expect(rows.reduce((n, r) => n + r.entries, 0)).toBe(300);
      expect(rows.map((r) => r.month)).toEqual([
        '2026-01',
        '2026-02',
        '2026-03',
        '2026-04',
        '2026-05',
        '2026-06',
        '2026-07',
        '2026-08',
        '2026-09',
        '2026-10',
      ]);
      expect(rows[0]).toEqual({ month: '2026-01', entries: 31, seconds: String(31 * 3600) });
    } finally {
      for (const w of workers) w.child.kill('SIGTERM');
      await Promise.all(workers.map((w) => w.exited));
    }
  });
});
