import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { ALL_MIGRATIONS, runCli, withClient } from './support';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

interface JsonReport {
  ok: boolean;
  problems: string[];
  warnings: string[];
  tables: {
    name: string;
    status: string;
    columns: { name: string; status: string; expected: unknown; actual: unknown }[];
  }[];
  indexes: { name: string; status: string }[];
  triggers: { name: string; status: string }[];
  migrations: { latestApplied: string | null; pending: string[] };
}

const verifyJson = async (url: string) => {
  const result = await runCli(['verify', '--json'], { DATABASE_URL: url });
  return { code: result.code, report: JSON.parse(result.stdout) as JsonReport, stderr: result.stderr };
};

describe('verify', () => {
  it('passes on a database made by startup, with the schema version', async () => {
    const { code, report } = await verifyJson(db.url);
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.migrations.latestApplied).toBe(ALL_MIGRATIONS.at(-1));
    expect(report.tables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'users',
        'clients',
        'projects',
        'time_entries',
        'tasks',
        'settings',
        'invoices',
        'invoice_items',
      ]),
    );
    expect(report.triggers.length).toBeGreaterThanOrEqual(7);
  });

  it('names a dropped column, a changed type and storage, a missing index and trigger, and exits 1', async () => {
    const broken = await createTestDatabase();
    try {
      await withClient(broken.url, async (c) => {
        await c.query(`ALTER TABLE time_entries DROP COLUMN notes`);
        await c.query(`ALTER TABLE projects ALTER COLUMN billing_ref TYPE text`);
        await c.query(`DROP INDEX idx_tasks_due_date`);
        await c.query(`DROP TRIGGER update_invoices_updated_at ON invoices`);
        // prisma/sql/013_import_file_storage.sql stores import files uncompressed.
        await c.query(`ALTER TABLE imports ALTER COLUMN data SET STORAGE EXTENDED`);
      });
      const { code, report } = await verifyJson(broken.url);
      expect(code).toBe(1);
      expect(report.ok).toBe(false);
      const column = (table: string, name: string) =>
        report.tables.find((t) => t.name === table)?.columns.find((c) => c.name === name);
      expect(column('time_entries', 'notes')).toMatchObject({ status: 'missing', actual: null });
      expect(column('projects', 'billing_ref')).toMatchObject({
        status: 'different',
        expected: { type: 'character varying(100)' },
        actual: { type: 'text' },
      });
      expect(column('imports', 'data')).toMatchObject({
        status: 'different',
        expected: { type: 'bytea', storage: 'EXTERNAL' },
        actual: { type: 'bytea' },
      });
      expect(column('imports', 'data')?.actual).not.toHaveProperty('storage');
      expect(report.indexes.find((i) => i.name === 'idx_tasks_due_date')?.status).toBe('missing');
      expect(report.triggers.find((t) => t.name === 'update_invoices_updated_at')?.status).toBe('missing');
      expect(report.problems).toHaveLength(5);

      const human = await runCli(['verify'], { DATABASE_URL: broken.url });
      expect(human.code).toBe(1);
      expect(human.stdout).toContain('column time_entries.notes is missing');
      expect(human.stdout).toContain(
        'column imports.data is bytea NOT NULL, expected bytea NOT NULL STORAGE EXTERNAL',
      );
      expect(human.stdout).toContain('verify: FAILED — 5 problem(s)');
    } finally {
      await broken.drop();
    }
  });

  it('reports an extra legacy column as a warning and still passes', async () => {
    const extra = await createTestDatabase();
    try {
      await withClient(extra.url, (c) => c.query(`ALTER TABLE users ADD COLUMN legacy_theme varchar(20)`));
      const { code, report } = await verifyJson(extra.url);
      expect(code).toBe(0);
      expect(report.warnings).toEqual([
        expect.stringContaining('column users.legacy_theme is not part of the schema'),
      ]);
    } finally {
      await extra.drop();
    }
  });

  it('reports a pending migration as a problem', async () => {
    const fresh = await createTestDatabase();
    try {
      await withClient(fresh.url, (c) => c.query(`DELETE FROM _prisma_migrations`));
      const { code, report } = await verifyJson(fresh.url);
      expect(code).toBe(1);
      expect(report.migrations.pending).toEqual(ALL_MIGRATIONS);
    } finally {
      await fresh.drop();
    }
  });

  it('exits 2 when it cannot connect', async () => {
    const result = await runCli(['verify', '--json'], {
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nothing',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not reachable');
  });
});
