import type { Principal } from '@timetracker/core';
import type { ImportResponse } from '@timetracker/contracts';
import { createPrismaClient, type PrismaClient } from '@timetracker/db';
import { createTestDatabase, type TestDatabase, ROLLUP_DRIFT_SQL } from '@timetracker/startup/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importsService } from './imports-support';

/**
 * The import's set-wise write path (docs/import.md "How it runs"): a batch of many users' rows is
 * checked and written in a few statements, and everything that per-entry writes keep exact stays
 * exact: the rollups, the longest-entry bound, budgets and their mails, locks, overlaps, the
 * audit log, idempotency, undo, and two imports of the same rows at once.
 */

let db: TestDatabase;
let prisma: PrismaClient;
let pg: Client;
let admin: Principal;
let anna: number;
let ben: number;
let project: number;

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await pg.query(text, params)).rows as T[];

const service = (client = prisma, worker = 'bulk-worker', batchSize = 300) =>
  importsService(client, worker, batchSize);

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  pg = new Client({ connectionString: db.url });
  await pg.connect();
  const a = await prisma.user.update({
    where: { id: (await prisma.user.findFirstOrThrow({ where: { role: 'admin' } })).id },
    data: { email: 'admin@example.test' },
  });
  admin = { userId: a.id, username: a.username, role: 'admin', via: 'session' };
  anna = (
    await prisma.user.create({ data: { username: 'anna', email: 'anna@example.test', passwordHash: 'x' } })
  ).id;
  ben = (
    await prisma.user.create({ data: { username: 'ben', email: 'ben@example.test', passwordHash: 'x' } })
  ).id;
  // The import finds this project by name under its client; its rates change within the file's
  // range (Ben's own from April), so the rollups' rate keys differ between rows.
  const client = await prisma.client.create({ data: { name: 'Acme' } });
  project = (await prisma.project.create({ data: { name: 'Alpha', clientId: client.id } })).id;
  await prisma.rate.createMany({
    data: [
      { kind: 'billable', projectId: project, effectiveFrom: new Date('2026-01-01'), amount: 100 },
      { kind: 'billable', userId: ben, effectiveFrom: new Date('2026-04-01'), amount: 80 },
      { kind: 'cost', clientId: client.id, effectiveFrom: new Date('2026-03-28'), amount: 40 },
    ],
  });
});
afterAll(async () => {
  await pg?.end();
  await prisma?.$disconnect();
  await db?.drop();
});
beforeEach(async () => {
  await prisma.importEntry.deleteMany();
  await prisma.timeEntry.deleteMany();
  await prisma.import.deleteMany();
  await prisma.weekApproval.deleteMany();
  await prisma.budget.deleteMany();
  await prisma.emailOutbox.deleteMany();
  await prisma.webhookSubscription.deleteMany();
  await q('DELETE FROM user_longest_entries');
  await prisma.settings.update({
    where: { id: 1 },
    data: { lockedBefore: null, overlapPolicy: 'warn', maxEntryDurationSeconds: 86_400 },
  });
});

/** A generic CSV: `rows` of [email, start, end] (ISO instants), on Acme / Alpha. */
function csv(rows: [string, Date, Date][]): Buffer {
  const lines = ['email,start,end,client,project,description,tags'];
  rows.forEach(([email, start, end], i) =>
    lines.push(`${email},${start.toISOString()},${end.toISOString()},Acme,Alpha,row ${i},"bulk, t${i % 3}"`),
  );
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** Anna's and Ben's rows, one each per hour from 2026-03-25 00:00Z, 30 minutes long: 800 rows (400 h). */
function hourly(count = 400): [string, Date, Date][] {
  const rows: [string, Date, Date][] = [];
  for (let h = 0; h < count; h++) {
    const start = new Date(Date.UTC(2026, 2, 25) + h * 3_600_000);
    const end = new Date(start.getTime() + 1_800_000);
    rows.push(['anna@example.test', start, end], ['ben@example.test', start, end]);
  }
  return rows;
}

async function upload(file: Buffer, s = service()): Promise<number> {
  const up = await s.upload(admin, { bytes: file, fileName: 'bulk.csv' }, { timezone: 'UTC' });
  return up.id;
}

async function run(file: Buffer, mode: 'run' | 'dry_run' = 'run'): Promise<ImportResponse> {
  const s = service();
  const id = await upload(file, s);
  await (mode === 'run' ? s.run(admin, id) : s.dryRun(admin, id));
  expect(await s.processNext(new Date())).toMatchObject({ imports: 1 });
  return s.get(admin, id, { page: 1, pageSize: 1000 });
}

/**
 * Runs the import and cancels it once its first batch's progress is in the database, as the
 * dashboard sees it; returns when the run has stopped. While it runs, the import's view leaves its
 * entries uncounted (the dashboard polls it every second: no count of a growing import).
 */
async function cancelAfterFirstBatch(s: ReturnType<typeof service>, id: number): Promise<void> {
  await s.run(admin, id);
  const job = s.processNext(new Date());
  while ((await prisma.import.findUniqueOrThrow({ where: { id } })).rowsDone === 0)
    await new Promise((resolve) => setTimeout(resolve, 10));
  const running = await s.get(admin, id, { page: 1, pageSize: 10 });
  await s.cancel(admin, id, new Date());
  await job;
  expect(running).toMatchObject({ status: 'running', entries: null, undoable: false });
}

/** Empty when the rollups equal a rebuild from time_entries (ROLLUP_DRIFT_SQL). */
const rollupDrift = () => q(ROLLUP_DRIFT_SQL);

/** user_longest_entries against the longest finished entry over a day of each user. */
async function longestDrift(): Promise<unknown[]> {
  return q(`
    WITH rebuilt AS (
      SELECT e.user_id, max(ceil(extract(epoch FROM e.end_time - e.start_time)))::bigint AS longest_seconds
        FROM time_entries e
       WHERE e.end_time IS NOT NULL AND e.user_id IS NOT NULL AND e.end_time - e.start_time > interval '86400 seconds'
       GROUP BY e.user_id)
    (SELECT user_id, longest_seconds FROM user_longest_entries EXCEPT SELECT * FROM rebuilt)
    UNION ALL (SELECT * FROM rebuilt EXCEPT SELECT user_id, longest_seconds FROM user_longest_entries)`);
}

describe('a bulk import keeps every derived table exact', () => {
  it('rollups, longest entries and locks, over several batches of two users', async () => {
    // Rome is the company zone: the rows cross its March/April boundary and DST change.
    const lockdown = '2026-03-26';
    await prisma.settings.update({
      where: { id: 1 },
      data: { lockedBefore: new Date(lockdown), maxEntryDurationSeconds: 3 * 86_400 },
    });
    // Ben submitted the week of Monday 30 March (Rome): his rows in it are locked.
    const weekStart = new Date('2026-03-29T22:00:00Z');
    const weekEnd = new Date('2026-04-05T22:00:00Z');
    await prisma.weekApproval.create({
      data: {
        userId: ben,
        weekStart: new Date('2026-03-30'),
        startsAt: weekStart,
        endsAt: weekEnd,
        status: 'submitted',
        submittedAt: new Date(),
      },
    });
    const rows = hourly();
    // Two long entries of Anna's (30 h and 50 h) move her bound past a day.
    rows.push(
      ['anna@example.test', new Date('2026-05-01T00:00:00Z'), new Date('2026-05-02T06:00:00Z')],
      ['anna@example.test', new Date('2026-05-04T00:00:00Z'), new Date('2026-05-06T02:00:00Z')],
    );
    const lockedAt = new Date('2026-03-25T23:00:00Z'); // 00:00 of the lockdown day in Rome
    const refused = rows.filter(
      ([email, start]) =>
        start < lockedAt || (email.startsWith('ben') && start >= weekStart && start < weekEnd),
    ).length;
    expect(refused).toBeGreaterThan(100);

    const result = await run(csv(rows));
    expect(result.progress).toMatchObject({ rowsDone: rows.length, created: rows.length - refused, refused });
    expect(result.rows.items.every((r) => r.reason?.startsWith('locked period'))).toBe(true);
    // The code and the day each lock names, for the dashboard's sentence in its language.
    expect(result.rows.items.every((r) => r.code === 'locked')).toBe(true);
    expect(result.rows.items.find((r) => r.user === 'anna@example.test')?.params).toEqual({
      lock: 'lockdown',
      lockedBefore: lockdown,
    });
    expect(result.rows.items.find((r) => r.params?.lock === 'submitted')?.params).toEqual({
      lock: 'submitted',
      weekStart: '2026-03-30',
    });
    expect(
      await prisma.timeEntry.count({ where: { userId: ben, startTime: { gte: weekStart, lt: weekEnd } } }),
    ).toBe(0);
    expect(await prisma.timeEntry.count({ where: { startTime: { lt: lockedAt } } })).toBe(0);
    expect(await prisma.timeEntryTag.count()).toBe(2 * (rows.length - refused));

    expect(await rollupDrift()).toEqual([]);
    await q('SELECT entry_rollups_fold()');
    expect(await rollupDrift()).toEqual([]);
    expect(await longestDrift()).toEqual([]);
    expect(
      await q('SELECT longest_seconds::int AS s FROM user_longest_entries WHERE user_id = $1', [anna]),
    ).toEqual([{ s: 50 * 3600 }]);

    // A dry run of the same rows now skips the imported ones and refuses the locked ones again.
    const dry = await run(csv(rows), 'dry_run');
    expect(dry.progress).toMatchObject({ created: 0, skipped: rows.length - refused, refused });
    expect(dry.rows.items.find((r) => r.outcome === 'skip')).toMatchObject({
      reason: 'already imported',
      code: 'already_imported',
      params: { meanwhile: false },
    });
  });

  it('bulk writes of every kind (timetracker.bulk_write) keep the rollups exact', async () => {
    // The rollup trigger's bulk path sums each side straight from its transition table: an
    // import's batches and undo take it, and so do the entries of a deleted project or user.
    const bulk = async (sql: string) => {
      await q('BEGIN');
      try {
        await q(`SELECT set_config('timetracker.bulk_write', 'on', true)`);
        await q(sql);
        await q('COMMIT');
      } catch (err) {
        await q('ROLLBACK');
        throw err;
      }
      await q('SELECT entry_rollups_fold()');
      expect(await rollupDrift()).toEqual([]);
    };
    // 400 entries of two users over March to May (the rates change on 28 March and 1 April),
    // some with breaks, the last two running timers (no rollup yet), some not billable.
    await bulk(`
      INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, break_seconds, billable)
      SELECT CASE WHEN g % 2 = 0 THEN ${anna} ELSE ${ben} END, ${project},
             timestamptz '2026-03-20 07:30Z' + g * interval '5 hours',
             CASE WHEN g % 5 = 0 AND g > 390 THEN NULL ELSE timestamptz '2026-03-20 07:30Z' + g * interval '5 hours' + interval '2 hours' END,
             NULL, CASE WHEN g % 3 = 0 THEN 600 ELSE 0 END, g % 7 <> 0
        FROM generate_series(1, 400) g`);
    expect(await prisma.timeEntry.count()).toBe(400);
    // Moved a day and a half (across days and months), another user's, breaks changed, stopped.
    await bulk(`
      UPDATE time_entries SET start_time = start_time + interval '36 hours', end_time = end_time + interval '36 hours'
       WHERE id % 3 = 0`);
    await bulk(
      `UPDATE time_entries SET user_id = ${anna}, break_seconds = 300 WHERE id % 4 = 1 AND end_time IS NOT NULL`,
    );
    await bulk(`UPDATE time_entries SET end_time = start_time + interval '1 hour' WHERE end_time IS NULL`);
    await bulk(`DELETE FROM time_entries WHERE id % 5 = 2`);
    expect(await q(`SELECT count(*)::int AS n FROM entry_rollup_deltas`)).toEqual([{ n: 0 }]);
    expect(await q(`SELECT sum(entries)::int AS n FROM entry_rollups`)).toEqual([
      { n: await prisma.timeEntry.count() },
    ]);
  });

  it('a budget’s thresholds are raised once each, with one mail per recipient, across batches and files', async () => {
    // 800 rows of 30 min = 400 h in batches of 300 rows (150 h): 40 %, 80 %, 106.7 % of 375 h.
    const budget = await prisma.budget.create({ data: { projectId: project, hours: 375 } });
    const rows = hourly();
    expect((await run(csv(rows))).progress).toMatchObject({ created: 800 });
    const raised = async () =>
      (
        await prisma.budgetNotification.findMany({
          where: { budgetId: budget.id },
          orderBy: { threshold: 'asc' },
        })
      ).map((n) => n.threshold);
    expect(await raised()).toEqual([50, 80, 100]);
    const mails = await prisma.emailOutbox.findMany({ where: { kind: 'budget_threshold' } });
    expect(mails.map((m) => m.toAddress)).toEqual(Array(3).fill('admin@example.test'));
    // The same file again adds nothing and raises nothing.
    expect((await run(csv(rows))).progress).toMatchObject({ created: 0, skipped: 800 });
    expect(await raised()).toEqual([50, 80, 100]);
    expect(await prisma.emailOutbox.count({ where: { kind: 'budget_threshold' } })).toBe(3);
  });

  it('one audit event per batch names every entry; no entry webhook is made, nor by its undo', async () => {
    await prisma.webhookSubscription.create({
      data: {
        url: 'https://hooks.example.test/tt',
        events: ['entry.created', 'entry.updated', 'entry.deleted'],
        secret: 'x'.repeat(32),
      },
    });
    const result = await run(csv(hourly()));
    const events = await q<{
      entity_id: number | null;
      after: { importId: number; entries: number; entryIds: number[] };
    }>(
      `SELECT entity_id, after FROM audit_events WHERE entity = 'time_entry' AND action = 'import'
        AND (after->>'importId')::int = $1 ORDER BY id`,
      [result.id],
    );
    expect(events.map((e) => e.after.entries)).toEqual([300, 300, 200]);
    expect(events.every((e) => e.entity_id === null && e.after.entryIds.length === e.after.entries)).toBe(
      true,
    );
    const made = (await prisma.importEntry.findMany({ where: { importId: result.id } })).map(
      (e) => e.entryId,
    );
    expect(events.flatMap((e) => e.after.entryIds).sort((a, b) => a - b)).toEqual(made.sort((a, b) => a - b));
    expect(await prisma.webhookEvent.count()).toBe(0);
    // Its undo neither: the entries it deletes were never announced one by one.
    expect(await service().undo(admin, result.id, new Date())).toMatchObject({ status: 'undone' });
    expect(await prisma.webhookEvent.count()).toBe(0);
  });

  it('overlap policy refuse: the user’s entries and earlier rows of the file, in a dry run and a run', async () => {
    await prisma.settings.update({ where: { id: 1 }, data: { overlapPolicy: 'refuse' } });
    const existing = await prisma.timeEntry.create({
      data: {
        userId: anna,
        startTime: new Date('2026-05-04T10:00:00Z'),
        endTime: new Date('2026-05-04T11:00:00Z'),
        durationSeconds: 3600,
      },
    });
    const at = (h: number, m = 0) => new Date(Date.UTC(2026, 4, 4, h, m));
    const file = csv([
      ['anna@example.test', at(10, 30), at(11, 30)], // row 2: overlaps the existing entry
      ['anna@example.test', at(12), at(13)], // row 3
      ['anna@example.test', at(12, 30), at(13, 30)], // row 4: overlaps row 3
      ['ben@example.test', at(10, 30), at(11, 30)], // row 5: Ben's time is his own
      ['anna@example.test', at(11), at(12)], // row 6: touches both neighbours, overlaps neither
    ]);
    const expected = [
      {
        rowNumber: 2,
        outcome: 'refuse',
        reason: `overlaps entry #${existing.id} (settings.overlapPolicy is refuse)`,
        code: 'overlap',
        params: { entryId: existing.id },
      },
      { rowNumber: 3, outcome: 'create' },
      {
        rowNumber: 4,
        outcome: 'refuse',
        reason: 'overlaps an earlier row of the file',
        code: 'overlap_in_file',
        params: {},
      },
      { rowNumber: 5, outcome: 'create' },
      { rowNumber: 6, outcome: 'create' },
    ];
    expect((await run(file, 'dry_run')).rows.items).toMatchObject(expected);
    const result = await run(file);
    expect(result.progress).toMatchObject({ created: 3, refused: 2 });
    expect(result.rows.items).toMatchObject(expected.filter((r) => r.outcome === 'refuse'));
    expect(await prisma.timeEntry.count()).toBe(4);
  });
});

describe('runs and undo', () => {
  it('two imports of the same file by two workers at once write each row exactly once', async () => {
    const other = createPrismaClient(db.url);
    try {
      const file = csv(hourly(300));
      const s = service();
      const ids = [await upload(file, s), await upload(file, s)];
      for (const id of ids) await s.run(admin, id);
      const now = new Date();
      const runs = await Promise.all([
        service(prisma, 'w1', 50).processNext(now),
        service(other, 'w2', 50).processNext(now),
      ]);
      expect(runs.map((r) => r.imports)).toEqual([1, 1]);
      const done = await prisma.import.findMany({ where: { id: { in: ids } } });
      expect(done.map((d) => d.status)).toEqual(['done', 'done']);
      expect(done.reduce((n, d) => n + d.created, 0)).toBe(600);
      expect(done.every((d) => d.created + d.skipped + d.refused === 600)).toBe(true);
      expect(await prisma.timeEntry.count()).toBe(600);
      expect(await prisma.importEntry.count()).toBe(600);
      expect(await rollupDrift()).toEqual([]);
    } finally {
      await other.$disconnect();
    }
  });

  it('undo removes a bulk import’s entries and the rollups follow', async () => {
    const before = await run(csv(hourly(50)));
    const result = await run(csv(hourly()));
    expect(result.progress).toMatchObject({ created: 700, skipped: 100 });
    await q('SELECT entry_rollups_fold()');
    expect(await service().undo(admin, result.id, new Date())).toMatchObject({ status: 'undone' });
    expect(await prisma.timeEntry.count()).toBe(before.progress.created);
    expect(await rollupDrift()).toEqual([]);
    // An undone file can be imported again.
    expect((await run(csv(hourly()))).progress).toMatchObject({ created: 700, skipped: 100 });
  });

  it('a run cancelled midway can be undone: every entry it wrote goes and the rollups follow', async () => {
    const before = await run(csv(hourly(50)));
    // 3,000 rows in batches of 100: still running when the first batch's progress shows.
    const s = service(prisma, 'cancel-worker', 100);
    const id = await upload(csv(hourly(1500)), s);
    await cancelAfterFirstBatch(s, id);

    const cancelled = await s.get(admin, id, { page: 1, pageSize: 10 });
    expect(cancelled.status).toBe('cancelled');
    const written = cancelled.progress.created;
    expect(written).toBeGreaterThan(0);
    expect(cancelled.progress.rowsDone).toBeLessThan(3000);
    // The first 100 rows were imported before: skipped, not written by this import.
    expect(await prisma.importEntry.count({ where: { importId: id } })).toBe(written);
    expect(cancelled).toMatchObject({ undoable: true, entries: written });
    await q('SELECT entry_rollups_fold()');
    const ids = (await prisma.importEntry.findMany({ where: { importId: id } })).map((e) => e.entryId);

    const undone = await s.undo(admin, id, new Date());
    expect(undone).toMatchObject({ status: 'undone', undoable: false, entries: 0 });
    expect(await prisma.importEntry.count({ where: { importId: id } })).toBe(0);
    expect(await prisma.timeEntry.count()).toBe(before.progress.created);
    // One undo_import audit event per entry, as a done import's undo writes.
    expect(
      await q(
        `SELECT count(*)::int AS n FROM audit_events
          WHERE entity = 'time_entry' AND action = 'undo_import' AND entity_id = ANY($1::int[])`,
        [ids],
      ),
    ).toEqual([{ n: written }]);
    expect(await rollupDrift()).toEqual([]);
    // Undone, it cannot be run again; its rows can be imported by a new upload.
    await expect(s.run(admin, id)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect((await run(csv(hourly(1500)))).progress).toMatchObject({ created: 2900, skipped: 100 });
    expect(await rollupDrift()).toEqual([]);
  }, 120_000);

  it('a batch that fails midway fails the run with its reason; the batches before it stay', async () => {
    // The job reads the next batch while one is written: a write failing meanwhile must still
    // end the run, recorded, with nothing read after it written.
    await q(`CREATE FUNCTION refuse_row_450() RETURNS trigger AS $$
             BEGIN RAISE EXCEPTION 'no row 450 here'; END $$ LANGUAGE plpgsql`);
    await q(`CREATE TRIGGER refuse_row_450 BEFORE INSERT ON time_entries FOR EACH ROW
             WHEN (NEW.notes = 'row 450') EXECUTE FUNCTION refuse_row_450()`);
    try {
      const s = service(prisma, 'failing-worker', 100);
      const id = await upload(csv(hourly(1000)), s);
      await s.run(admin, id);
      await s.processNext(new Date());
      const failed = await s.get(admin, id, { page: 1, pageSize: 10 });
      expect(failed).toMatchObject({ status: 'failed', progress: { created: 400, rowsDone: 400 } });
      expect(failed.error).toContain('no row 450 here');
      expect(await prisma.importEntry.count({ where: { importId: id } })).toBe(400);
      expect(await prisma.timeEntry.count()).toBe(400);
      expect(await rollupDrift()).toEqual([]);
    } finally {
      await q('DROP TRIGGER refuse_row_450 ON time_entries');
      await q('DROP FUNCTION refuse_row_450()');
    }
  }, 120_000);

  it('a cancelled run resumed to the end owns both parts: its undo removes them all', async () => {
    const s = service(prisma, 'resume-worker', 100);
    const id = await upload(csv(hourly(1000)), s);
    await cancelAfterFirstBatch(s, id);
    const first = (await s.get(admin, id, { page: 1, pageSize: 10 })).progress.created;
    expect(first).toBeLessThan(2000);
    await s.run(admin, id);
    expect(await s.processNext(new Date())).toMatchObject({ imports: 1, rows: 2000 });
    const done = await s.get(admin, id, { page: 1, pageSize: 10 });
    expect(done).toMatchObject({
      status: 'done',
      progress: { created: 2000 - first, skipped: first },
      entries: 2000,
    });
    await s.undo(admin, id, new Date());
    expect(await prisma.timeEntry.count()).toBe(0);
    expect(await rollupDrift()).toEqual([]);
  }, 120_000);
});
