import { writeBackup } from '@timetracker/core';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { restoreBackup } from '../src/backup/restore';
import { silentReporter } from '../src/report';
import {
  ALL_MIGRATIONS,
  repoPrismaDir,
  scratchDatabases,
  startup,
  tempPrismaDir,
  withClient,
} from './support';

// Issue #18 §5: a database of the version before teams, dated rates, budgets, approvals and the
// audit log (schema 20261205061034_user_preferences, with that version's prisma/sql), backed up
// and restored by today's code, upgrades in place: its single project and client rates become
// dated rates from the beginning, so every entry is priced as before, and nothing is lost.

const BEFORE = '20261205061034_user_preferences';
const scratch = scratchDatabases();
const dir = mkdtempSync(path.join(tmpdir(), 'tt-upgrade-'));

afterAll(async () => {
  await scratch.dropAll();
  rmSync(dir, { recursive: true, force: true });
});

/** The prisma folder as that version shipped it: its migrations and its six SQL files. */
function prismaDirBefore(): string {
  const older = tempPrismaDir();
  for (const m of ALL_MIGRATIONS.slice(ALL_MIGRATIONS.indexOf(BEFORE) + 1))
    rmSync(path.join(older, 'migrations', m), { recursive: true });
  for (const file of readdirSync(path.join(older, 'sql')))
    if (Number(file.slice(0, 3)) > 6) rmSync(path.join(older, 'sql', file));
  return older;
}

describe('upgrading a backup of the version before issue #18', () => {
  it('keeps every rate as a dated rate, prices entries as before, and loses no row', async () => {
    expect(ALL_MIGRATIONS).toContain(BEFORE);
    const old = await scratch.create();
    await startup(old.url, prismaDirBefore());
    const ids = await withClient(old.url, async (c) => {
      const one = async (text: string, params: unknown[]) =>
        (await c.query(text, params)).rows[0].id as number;
      const admin = (await c.query(`SELECT id FROM users WHERE role = 'admin' LIMIT 1`)).rows[0].id as number;
      const acme = await one(
        `INSERT INTO clients (name, default_hourly_rate) VALUES ('Acme', 60) RETURNING id`,
        [],
      );
      const web = await one(
        `INSERT INTO projects (name, client_id, hourly_rate) VALUES ('Web', $1, 85) RETURNING id`,
        [acme],
      );
      const support = await one(
        `INSERT INTO projects (name, client_id) VALUES ('Support', $1) RETURNING id`,
        [acme],
      );
      for (const [project, start, hours] of [
        [web, '2026-03-02T08:00:00Z', 2],
        [support, '2026-03-02T11:00:00Z', 1],
        [web, '2026-11-30T08:00:00Z', 1.5],
      ] as const) {
        const end = new Date(Date.parse(start) + hours * 3600_000).toISOString();
        await c.query(
          `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds)
           VALUES ($1, $2, $3, $4, $5)`,
          [admin, project, start, end, hours * 3600],
        );
      }
      return { admin, acme, web, support };
    });

    const archive = await writeBackup({ databaseUrl: old.url, dir, fileName: 'before-18.tar' });
    expect(archive.manifest.schemaVersion).toBe(BEFORE);
    const target = await scratch.create();
    const result = await restoreBackup({
      file: archive.file,
      databaseUrl: target.url,
      prismaDir: repoPrismaDir,
      force: false,
      waitTimeoutMs: 5_000,
      adminUsername: 'admin',
      reporter: silentReporter,
    });
    expect(result.laterMigrations).toEqual(ALL_MIGRATIONS.slice(ALL_MIGRATIONS.indexOf(BEFORE) + 1));
    expect(result.startup.verify.ok).toBe(true);

    await withClient(target.url, async (c) => {
      const rates = await c.query(
        `SELECT kind, client_id, project_id, user_id, effective_from::text, amount::text
           FROM rates ORDER BY client_id NULLS LAST, project_id`,
      );
      expect(rates.rows).toEqual([
        {
          kind: 'billable',
          client_id: ids.acme,
          project_id: null,
          user_id: null,
          effective_from: '1970-01-01',
          amount: '60.00',
        },
        {
          kind: 'billable',
          client_id: null,
          project_id: ids.web,
          user_id: null,
          effective_from: '1970-01-01',
          amount: '85.00',
        },
      ]);
      // Priced as before: Web at its own 85.00 (2 h + 1.5 h), Support at Acme's 60.00 (1 h).
      const money = await c.query(
        `SELECT budget_money_spent($1, NULL, NULL, NULL)::text AS web,
                budget_money_spent(NULL, $2, NULL, NULL)::text AS acme`,
        [ids.web, ids.acme],
      );
      expect(money.rows[0]).toEqual({ web: '297.50', acme: '357.50' });
      const kept = await c.query(
        `SELECT (SELECT count(*)::int FROM time_entries) AS entries,
                (SELECT sum(duration_seconds)::int FROM time_entries) AS seconds,
                (SELECT role FROM users WHERE id = $1) AS role,
                (SELECT array_agg(DISTINCT visibility) FROM projects) AS visibility`,
        [ids.admin],
      );
      expect(kept.rows[0]).toEqual({
        entries: 3,
        seconds: 4.5 * 3600,
        role: 'admin',
        visibility: ['public'],
      });
    });
  });
});
