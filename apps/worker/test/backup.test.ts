import { BackupsRepository, BackupsService, verifyBackupArchive, type Principal } from '@timetracker/core';
import { createPrismaClient, type PrismaClient } from '@timetracker/db';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let db: TestDatabase;
let prisma: PrismaClient;
let dir: string;
let clock: Date;
let backups: BackupsService;
let adminId: number;

const admin = (): Principal => ({ userId: adminId, username: 'admin', role: 'admin', via: 'token' });
const service = (databaseUrl = db.url) =>
  new BackupsService(new BackupsRepository(prisma), { backupDir: dir, databaseUrl }, 'test:1', () => clock);

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  adminId = (await prisma.user.findFirstOrThrow({ where: { role: 'admin' } })).id;
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});
beforeEach(async () => {
  await prisma.backup.deleteMany();
  dir = mkdtempSync(path.join(tmpdir(), 'tt-worker-backups-'));
  clock = new Date('2026-06-01T12:00:00Z');
  backups = service();
  await prisma.settings.update({
    where: { id: 1 },
    data: { timezone: 'Europe/Rome', backupTime: '02:30', backupRetentionDays: 30 },
  });
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const utc = (s: string) => new Date(s);
const scheduled = () =>
  prisma.backup.findMany({
    where: { trigger: 'schedule' },
    orderBy: { id: 'asc' },
    select: { scheduledFor: true },
  });

describe('the daily backup schedule', () => {
  it('is due at backup_time in the settings zone across the spring DST change, once a day', async () => {
    // 29 March 2026 in Rome: 02:00 → 03:00, so 02:30 does not exist; it runs at 03:30 CEST = 01:30 UTC.
    expect(await backups.requestScheduled(utc('2026-03-28T01:29:59Z'))).toEqual({ requested: 0 });
    expect(await backups.requestScheduled(utc('2026-03-28T01:30:00Z'))).toEqual({ requested: 1 }); // CET
    expect(await backups.requestScheduled(utc('2026-03-29T01:29:59Z'))).toEqual({ requested: 0 });
    expect(await backups.requestScheduled(utc('2026-03-29T01:30:00Z'))).toEqual({ requested: 1 });
    expect(await backups.requestScheduled(utc('2026-03-29T01:31:00Z'))).toEqual({ requested: 0 });
    expect(await backups.requestScheduled(utc('2026-03-29T21:59:00Z'))).toEqual({ requested: 0 });
    // The next day 02:30 CEST is 00:30 UTC.
    expect(await backups.requestScheduled(utc('2026-03-30T00:29:59Z'))).toEqual({ requested: 0 });
    expect(await backups.requestScheduled(utc('2026-03-30T00:30:00Z'))).toEqual({ requested: 1 });
    expect((await scheduled()).map((r) => r.scheduledFor?.toISOString())).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:30:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
  });

  it('runs once on the autumn day when 02:30 happens twice', async () => {
    expect(await backups.requestScheduled(utc('2026-10-25T00:30:00Z'))).toEqual({ requested: 1 }); // first 02:30
    expect(await backups.requestScheduled(utc('2026-10-25T01:30:00Z'))).toEqual({ requested: 0 }); // second 02:30
  });

  it('catches up later the same day after a worker outage, but not the next day', async () => {
    expect(await backups.requestScheduled(utc('2026-06-01T09:00:00Z'))).toEqual({ requested: 1 });
    expect((await scheduled())[0]!.scheduledFor).toEqual(utc('2026-06-01T00:30:00Z'));
    // Nothing on 2 June until the workers come back on 3 June: 2 June is not made up.
    expect(await backups.requestScheduled(utc('2026-06-03T10:00:00Z'))).toEqual({ requested: 1 });
    expect((await scheduled()).map((r) => r.scheduledFor?.toISOString().slice(0, 10))).toEqual([
      '2026-06-01',
      '2026-06-03',
    ]);
  });

  it('reads the settings on every check: a new time or zone applies at once, still once a day', async () => {
    await prisma.settings.update({
      where: { id: 1 },
      data: { backupTime: '23:00', timezone: 'America/New_York' },
    });
    // 23:00 EDT on 1 June = 03:00 UTC on 2 June.
    expect(await backups.requestScheduled(utc('2026-06-02T02:59:00Z'))).toEqual({ requested: 0 });
    expect(await backups.requestScheduled(utc('2026-06-02T03:00:00Z'))).toEqual({ requested: 1 });
    // Moving the time later after today's backup does not make a second one today.
    await prisma.settings.update({ where: { id: 1 }, data: { backupTime: '23:30' } });
    expect(await backups.requestScheduled(utc('2026-06-02T03:31:00Z'))).toEqual({ requested: 0 });
  });

  it('makes one request per due time however many workers check at once', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => service().requestScheduled(utc('2026-06-01T00:30:00Z'))),
    );
    expect(results.reduce((n, r) => n + r.requested, 0)).toBe(1);
    expect(await scheduled()).toHaveLength(1);
  });
});

describe('making backups', () => {
  it('takes a requested backup, records its progress and size, and the file verifies', async () => {
    const requested = await backups.request(admin(), clock);
    expect(requested).toMatchObject({ status: 'requested', trigger: 'manual', downloadable: false });
    expect(await backups.runRequested()).toEqual({ made: 1, failed: 0, interrupted: 0 });
    const done = await backups.get(admin(), requested.id);
    expect(done).toMatchObject({ status: 'ok', downloadable: true, error: null });
    expect(done.progress.tablesDone).toBe(done.progress.tablesTotal);
    expect(done.progress.tablesTotal).toBeGreaterThan(10);
    const file = await backups.download(admin(), requested.id);
    expect(file.sizeBytes).toBe(done.sizeBytes);
    const manifest = await verifyBackupArchive(file.path);
    expect(manifest.backupId).toBe(requested.id);
    expect(manifest.schemaVersion).toBe(done.schemaVersion);
    // Only the finished archive is left in the folder.
    expect(readdirSync(dir)).toEqual([file.fileName]);
    expect(await backups.runRequested()).toEqual({ made: 0, failed: 0, interrupted: 0 });
  });

  it('gives each request to one worker only', async () => {
    await backups.request(admin(), clock);
    const results = await Promise.all([service(), service(), service()].map((s) => s.runRequested()));
    expect(results.reduce((n, r) => n + r.made, 0)).toBe(1);
    expect(await prisma.backup.count({ where: { status: 'ok' } })).toBe(1);
  });

  it('records a failure and leaves no file behind', async () => {
    const requested = await backups.request(admin(), clock);
    const broken = service(db.url.replace(/\/[^/]+$/, '/no_such_database'));
    expect(await broken.runRequested()).toEqual({ made: 0, failed: 1, interrupted: 0 });
    expect(await backups.get(admin(), requested.id)).toMatchObject({ status: 'failed', downloadable: false });
    expect((await backups.get(admin(), requested.id)).error).toMatch(/no_such_database/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('applies the retention only after a successful backup', async () => {
    const old = await prisma.backup.create({
      data: {
        trigger: 'schedule',
        status: 'ok',
        requestedAt: new Date(clock.getTime() - 31 * 86_400_000),
        fileName: 'timetracker-backup-old.tar',
      },
    });
    const recent = await prisma.backup.create({
      data: {
        trigger: 'schedule',
        status: 'ok',
        requestedAt: new Date(clock.getTime() - 29 * 86_400_000),
        fileName: 'timetracker-backup-recent.tar',
      },
    });
    writeFileSync(path.join(dir, old.fileName!), 'old');
    writeFileSync(path.join(dir, recent.fileName!), 'recent');

    await backups.request(admin(), clock);
    await service(db.url.replace(/\/[^/]+$/, '/no_such_database')).runRequested();
    // The failure deleted nothing.
    expect(existsSync(path.join(dir, old.fileName!))).toBe(true);
    expect(await prisma.backup.findUnique({ where: { id: old.id } })).not.toBeNull();

    await backups.request(admin(), clock);
    expect((await backups.runRequested()).made).toBe(1);
    expect(existsSync(path.join(dir, old.fileName!))).toBe(false);
    expect(await prisma.backup.findUnique({ where: { id: old.id } })).toBeNull();
    expect(existsSync(path.join(dir, recent.fileName!))).toBe(true);
    expect(await prisma.backup.findUnique({ where: { id: recent.id } })).not.toBeNull();
  });

  it('marks a backup whose worker died failed and removes its temporary files, but not a live one', async () => {
    const dead = await prisma.backup.create({
      data: {
        trigger: 'manual',
        status: 'running',
        startedAt: clock,
        fileName: 'timetracker-backup-dead.tar',
      },
    });
    writeFileSync(path.join(dir, '.timetracker-backup-dead.tar.partial'), 'half');
    writeFileSync(path.join(dir, '.timetracker-backup-dead.tar.spool'), 'half');
    const live = await prisma.backup.create({
      data: {
        trigger: 'manual',
        status: 'running',
        startedAt: clock,
        fileName: 'timetracker-backup-live.tar',
      },
    });
    let release!: () => void;
    let held!: () => void;
    const lockTaken = new Promise<void>((r) => (held = r));
    const holding = prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(${0x70b6}::int, ${live.id}::int)::text`;
      held();
      await new Promise<void>((r) => (release = r));
    });
    try {
      await lockTaken;
      expect(await backups.failInterrupted()).toBe(1);
    } finally {
      release();
      await holding;
    }
    expect(await prisma.backup.findUniqueOrThrow({ where: { id: dead.id } })).toMatchObject({
      status: 'failed',
      error: 'interrupted: the worker stopped during the backup',
    });
    expect((await prisma.backup.findUniqueOrThrow({ where: { id: live.id } })).status).toBe('running');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('never deletes a file outside the backup folder, whatever file name a row holds', async () => {
    // A restored archive brings its own backups rows, file names included.
    const parent = mkdtempSync(path.join(tmpdir(), 'tt-worker-outside-'));
    const inner = path.join(parent, 'backups');
    mkdirSync(inner);
    const victims = ['victim.tar', 'victim', 'victim.partial', 'victim.spool'].map((f) =>
      path.join(parent, f),
    );
    for (const v of victims) writeFileSync(v, 'not a backup');
    const longAgo = new Date(clock.getTime() - 40 * 86_400_000);
    try {
      await prisma.backup.createMany({
        data: [
          { trigger: 'manual', status: 'ok', requestedAt: longAgo, fileName: '../victim.tar' },
          { trigger: 'manual', status: 'failed', requestedAt: longAgo, fileName: '/../victim' },
        ],
      });
      // A dead worker's backup: its final and temporary names would be ../victim{,.partial,.spool}.
      const dead = await prisma.backup.create({
        data: { trigger: 'manual', status: 'running', startedAt: clock, fileName: '/../victim' },
      });
      const outer = new BackupsService(
        new BackupsRepository(prisma),
        { backupDir: inner, databaseUrl: db.url },
        'test:1',
        () => clock,
      );
      expect(await outer.failInterrupted()).toBe(1);
      expect((await prisma.backup.findUniqueOrThrow({ where: { id: dead.id } })).status).toBe('failed');
      expect(await outer.applyRetention()).toEqual({ deleted: 2 });
      for (const v of victims) expect(existsSync(v), v).toBe(true);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('fails at once when the backup folder vanishes mid-run, releases the backup, and makes the next one', async () => {
    const blocker = await blockUsageCounts();
    const requested = await backups.request(admin(), clock);
    const running = backups.runRequested();
    try {
      await until(async () => {
        const row = await prisma.backup.findUniqueOrThrow({ where: { id: requested.id } });
        return row.tablesDone >= 3 && readdirSync(dir).some((f) => f.endsWith('.partial'));
      });
      rmSync(dir, { recursive: true, force: true });
    } finally {
      blocker.release();
      await blocker.holding;
    }
    expect(await running).toEqual({ made: 0, failed: 1, interrupted: 0 });
    const failed = await backups.get(admin(), requested.id);
    expect(failed).toMatchObject({ status: 'failed', downloadable: false });
    expect(failed.error).toMatch(/^cannot write the backup into .*: ENOENT: no such file or directory/);
    expect(await backupLocksHeld()).toBe(0);
    // The folder is made again for the next backup.
    const next = await backups.request(admin(), clock);
    expect(await backups.runRequested()).toEqual({ made: 1, failed: 0, interrupted: 0 });
    expect((await backups.get(admin(), next.id)).status).toBe('ok');
  });
});

/** Advisory locks held on backups (namespace 0x70b6 of backups.repository.ts), by anyone. */
async function backupLocksHeld(): Promise<number> {
  const [row] = await prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_locks
     WHERE locktype = 'advisory' AND objsubid = 2 AND classid::int8 = ${0x70b6}
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
  return row!.n;
}

/** Polls `probe` until it holds (the backup runs in this process, with no event to wait on). */
async function until(probe: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Holds an ACCESS EXCLUSIVE lock on usage_counts (copied late, in name order) so that a backup
 * stops in the middle, after several tables are already in its temporary file.
 */
async function blockUsageCounts() {
  let release!: () => void;
  let locked!: () => void;
  const acquired = new Promise<void>((r) => (locked = r));
  const holding = prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`LOCK TABLE usage_counts IN ACCESS EXCLUSIVE MODE`;
      locked();
      await new Promise<void>((r) => (release = r));
    },
    { timeout: 60_000, maxWait: 20_000 },
  );
  await Promise.race([acquired, holding]);
  return { release: () => release(), holding };
}
