import {
  ApprovalsRepository,
  DEFAULT_WEBHOOK_SENDER_OPTIONS,
  InvoicesRepository,
  TimeEntryListRepository,
  WebhookDeliveriesRepository,
  WebhookPayloads,
  WebhookSenderService,
  WebhooksRepository,
  WebhooksService,
  type Principal,
} from '@timetracker/core';
import { WebhookPayloadResponseSchema, type ImportFormat, type ImportResponse } from '@timetracker/contracts';
import { createPrismaClient, type PrismaClient } from '@timetracker/db';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHttpReceiver } from './http-receiver';
import { annasTogglRows, importsService } from './imports-support';

let db: TestDatabase;
let prisma: PrismaClient;
let admin: Principal;
let anna: number;
let ben: number;

const fixture = (name: string) => readFileSync(path.join(__dirname, 'fixtures', 'import', name));

const service = (client = prisma, worker = 'test-worker', batchSize = 500) =>
  importsService(client, worker, batchSize);

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  const a = await prisma.user.findFirstOrThrow({ where: { role: 'admin' } });
  admin = { userId: a.id, username: a.username, role: 'admin', via: 'session' };
  anna = (
    await prisma.user.create({ data: { username: 'anna', email: 'anna@example.test', passwordHash: 'x' } })
  ).id;
  ben = (
    await prisma.user.create({ data: { username: 'ben', email: 'ben@example.test', passwordHash: 'x' } })
  ).id;
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});
beforeEach(async () => {
  await prisma.importEntry.deleteMany();
  await prisma.timeEntry.deleteMany();
  await prisma.invoiceItem.deleteMany();
  await prisma.invoice.deleteMany();
  await prisma.import.deleteMany();
  // The placeholder a test may have made would otherwise be a known user for the next.
  await prisma.user.deleteMany({ where: { username: 'zed@example.test' } });
  await prisma.settings.update({ where: { id: 1 }, data: { lockedBefore: null, overlapPolicy: 'warn' } });
});

/** Uploads a fixture, queues `mode` and lets one worker poll run it to the end. */
async function imported(
  name: string,
  timezone: string,
  mode: 'dry_run' | 'run' = 'run',
  extra: { format?: ImportFormat; createMissingUsers?: boolean } = {},
): Promise<ImportResponse> {
  const s = service();
  const up = await s.upload(
    admin,
    { bytes: fixture(name), fileName: name },
    { timezone, format: extra.format },
  );
  if (extra.createMissingUsers) await s.update(admin, up.id, { mapping: { createMissingUsers: true } });
  await (mode === 'run' ? s.run(admin, up.id) : s.dryRun(admin, up.id));
  expect(await s.processNext(new Date())).toMatchObject({ imports: 1 });
  return s.get(admin, up.id, { page: 1, pageSize: 100 });
}

const entriesOf = (userId: number) =>
  prisma.timeEntry.findMany({
    where: { userId },
    orderBy: { startTime: 'asc' },
    include: {
      project: { include: { clientRef: true } },
      task: true,
      tags: { include: { tag: true }, orderBy: { position: 'asc' } },
    },
  });

describe('each source imports to the right entries, in the source zone', () => {
  it('Toggl (Europe/Berlin, across the March DST change; formulas stay text)', async () => {
    const result = await imported('toggl.csv', 'Europe/Berlin');
    expect(result).toMatchObject({
      format: 'toggl',
      status: 'done',
      progress: { created: 3, refused: 0, rowsTotal: 3 },
    });
    const [first, second] = await entriesOf(anna);
    expect(first).toMatchObject({
      startTime: new Date('2026-03-27T08:00:00Z'),
      endTime: new Date('2026-03-27T09:30:00Z'),
      durationSeconds: 5400,
      notes: 'Landing page, hero',
      billable: true,
    });
    expect(first!.project!.name).toBe('Website');
    expect(first!.project!.clientRef!.name).toBe('Big Company');
    expect(first!.task!.name).toBe('Design');
    expect(first!.tags.map((t) => t.tag.name)).toEqual(['Design', 'Frontend']);
    expect(second).toMatchObject({ startTime: new Date('2026-03-30T07:15:00Z'), billable: false });
    // 01:30 CET to 03:30 CEST on 29 March is one hour.
    const [night] = await entriesOf(ben);
    expect(night).toMatchObject({
      startTime: new Date('2026-03-29T00:30:00Z'),
      endTime: new Date('2026-03-29T01:30:00Z'),
      durationSeconds: 3600,
      notes: '=HYPERLINK("http://evil.test","click")',
    });
  });

  it('Clockify (America/New_York, 12-hour times, past midnight)', async () => {
    const result = await imported('clockify.csv', 'America/New_York');
    expect(result).toMatchObject({ format: 'clockify', progress: { created: 2 } });
    const [late] = await entriesOf(anna);
    expect(late).toMatchObject({
      startTime: new Date('2026-03-28T03:00:00Z'),
      endTime: new Date('2026-03-28T05:15:00Z'),
      durationSeconds: 8100,
    });
    const [planning] = await entriesOf(ben);
    expect(planning).toMatchObject({ startTime: new Date('2026-03-30T13:05:00Z'), billable: false });
  });

  it('Kimai (an end time earlier than the start is the next day)', async () => {
    const result = await imported('kimai.csv', 'Europe/Berlin');
    expect(result).toMatchObject({ format: 'kimai', progress: { created: 2 } });
    const [night] = await entriesOf(anna);
    expect(night).toMatchObject({
      startTime: new Date('2026-03-27T21:30:00Z'),
      endTime: new Date('2026-03-27T23:15:00Z'),
    });
    expect(night!.task!.name).toBe('Support');
    expect(night!.tags.map((t) => t.tag.name)).toEqual(['foo', 'bar']);
    const [day] = await entriesOf(ben);
    expect(day).toMatchObject({ startTime: new Date('2026-03-30T06:00:00Z'), durationSeconds: 14_400 });
  });

  it('solidtime (users by username, local times in the given zone)', async () => {
    const result = await imported('solidtime.csv', 'UTC');
    expect(result).toMatchObject({ format: 'solidtime', progress: { created: 2 } });
    const [hard] = await entriesOf(anna);
    expect(hard).toMatchObject({ startTime: new Date('2026-03-27T09:00:00Z'), durationSeconds: 3601 });
    const [meeting] = await entriesOf(ben);
    expect(meeting!.project!.name).toBe('Internal');
  });

  it('generic (offsets kept, naive times in the zone)', async () => {
    const result = await imported('generic.csv', 'Europe/Rome');
    expect(result).toMatchObject({ format: 'generic', progress: { created: 2 } });
    expect((await entriesOf(anna))[0]).toMatchObject({ startTime: new Date('2026-03-27T08:00:00Z') });
    expect((await entriesOf(ben))[0]).toMatchObject({
      startTime: new Date('2026-03-30T07:00:00Z'),
      billable: false,
    });
  });
});

describe('dry run', () => {
  it('lists every bad row with its number and reason, and writes nothing', async () => {
    await prisma.settings.update({ where: { id: 1 }, data: { lockedBefore: new Date('2026-01-01') } });
    const result = await imported('toggl-bad-rows.csv', 'UTC', 'dry_run');
    expect(result).toMatchObject({ status: 'checked', progress: { rowsDone: 7, created: 1, refused: 6 } });
    const byRow = Object.fromEntries(result.rows.items.map((r) => [r.rowNumber, r]));
    // Each refusal: the English reason, and the code and values a dashboard words in its language.
    expect(byRow[2]).toMatchObject({
      outcome: 'refuse',
      reason: expect.stringContaining('not a calendar day'),
      code: 'bad_date',
      params: { problem: 'not_calendar_day', value: '2026-02-30' },
    });
    expect(byRow[3]).toMatchObject({
      outcome: 'refuse',
      reason: expect.stringContaining('before it starts'),
      code: 'end_before_start',
      params: { start: '2026-03-27T10:00:00.000Z', end: '2026-03-27T09:00:00.000Z' },
    });
    expect(byRow[4]).toMatchObject({
      outcome: 'refuse',
      reason: expect.stringContaining('unknown user "zed@example.test"'),
      code: 'unknown_user',
      params: { user: 'zed@example.test' },
      // Goes to nobody.
      target: null,
    });
    expect(byRow[5]).toMatchObject({
      outcome: 'refuse',
      reason: expect.stringContaining('more than the maximum'),
      code: 'duration',
      params: { problem: 'too_long', seconds: 30 * 3600, maxSeconds: 86_400 },
    });
    expect(byRow[6]).toMatchObject({
      outcome: 'refuse',
      reason: expect.stringContaining('does not match'),
      code: 'duration',
      params: { problem: 'mismatch', value: '01:00:00', seconds: 7200 },
    });
    expect(byRow[7]).toMatchObject({
      outcome: 'refuse',
      reason: expect.stringContaining('locked period'),
      code: 'locked',
      params: { lock: 'lockdown', lockedBefore: '2026-01-01' },
    });
    expect(byRow[8]).toMatchObject({
      outcome: 'create',
      user: 'anna@example.test',
      durationSeconds: 3600,
      code: null,
      params: null,
    });
    expect(await prisma.timeEntry.count()).toBe(0);
  });

  it('each row names the user it goes to: matched, mapped, or a placeholder to be made', async () => {
    const header =
      'User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (EUR)';
    const file = Buffer.from(
      [
        header,
        'Anna Berg,anna@example.test,,Website,,by email,Yes,2026-03-23,09:00:00,2026-03-23,10:00:00,01:00:00,,',
        'Zoe Old,zoe@old.example,,Website,,mapped,Yes,2026-03-23,11:00:00,2026-03-23,12:00:00,01:00:00,,',
        'ben,,,Website,,by username,Yes,2026-03-24,09:00:00,2026-03-24,10:00:00,01:00:00,,',
        'Zed Unknown,zed@example.test,,Website,,placeholder,Yes,2026-03-24,11:00:00,2026-03-24,12:00:00,01:00:00,,',
        'Anna Berg,anna@example.test,,Website,,by email,Yes,2026-03-23,09:00:00,2026-03-23,10:00:00,01:00:00,,',
        '',
      ].join('\n'),
    );
    const s = service();
    const up = await s.upload(admin, { bytes: file, fileName: 'owners.csv' }, { timezone: 'UTC' });
    await s.update(admin, up.id, {
      mapping: { users: { 'zoe@old.example': ben }, createMissingUsers: true },
    });
    await s.dryRun(admin, up.id);
    expect(await s.processNext(new Date())).toMatchObject({ imports: 1 });
    const targets = async () =>
      (await s.get(admin, up.id, { page: 1, pageSize: 100 })).rows.items.map((r) => [
        r.rowNumber,
        r.outcome,
        r.user,
        r.target,
      ]);
    expect(await targets()).toEqual([
      [2, 'create', 'anna@example.test', { userId: anna, username: 'anna' }],
      [3, 'create', 'zoe@old.example', { userId: ben, username: 'ben' }],
      [4, 'create', 'ben', { userId: ben, username: 'ben' }],
      [5, 'create', 'zed@example.test', { placeholder: 'zed@example.test' }],
      // Skipped as a repeat of row 2: it names the same user.
      [6, 'skip', 'anna@example.test', { userId: anna, username: 'anna' }],
    ]);

    // Renamed since the dry run: the rows show the name the user has now.
    await prisma.user.update({ where: { id: ben }, data: { username: 'benedict' } });
    try {
      expect((await targets())[1]).toEqual([
        3,
        'create',
        'zoe@old.example',
        { userId: ben, username: 'benedict' },
      ]);
    } finally {
      await prisma.user.update({ where: { id: ben }, data: { username: 'ben' } });
    }

    // A run's refusals (every row is in the locked period): the placeholder made for zed is named.
    await prisma.settings.update({ where: { id: 1 }, data: { lockedBefore: new Date('2026-04-01') } });
    await s.run(admin, up.id);
    expect(await s.processNext(new Date())).toMatchObject({ imports: 1 });
    const zed = await prisma.user.findFirstOrThrow({ where: { username: 'zed@example.test' } });
    const refused = (await s.get(admin, up.id, { page: 1, pageSize: 100, outcome: 'refuse' })).rows.items;
    expect(refused.find((r) => r.rowNumber === 5)).toMatchObject({
      code: 'locked',
      target: { userId: zed.id, username: 'zed@example.test' },
    });
    expect(refused.find((r) => r.rowNumber === 3)).toMatchObject({
      code: 'locked',
      target: { userId: ben, username: 'ben' },
    });

    // Rows stored before owners were kept read as going to nobody known.
    await prisma.$executeRaw`UPDATE import_rows SET summary = summary - 'ownerId' - 'placeholder'`;
    const old = (await s.get(admin, up.id, { page: 1, pageSize: 100 })).rows.items;
    expect(old.length).toBeGreaterThan(0);
    expect(old.every((r) => r.target === null)).toBe(true);
  });

  it('a run refuses the same rows (locks hold for an admin import too) and imports the rest', async () => {
    await prisma.settings.update({ where: { id: 1 }, data: { lockedBefore: new Date('2026-01-01') } });
    const result = await imported('toggl-bad-rows.csv', 'UTC', 'run');
    expect(result).toMatchObject({ status: 'done', progress: { created: 1, refused: 6 } });
    expect(result.rows.items.map((r) => r.rowNumber)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(result.rows.items.map((r) => r.code)).toEqual([
      'bad_date',
      'end_before_start',
      'unknown_user',
      'duration',
      'duration',
      'locked',
    ]);
    expect(await prisma.timeEntry.count()).toBe(1);
  });

  it('a placeholder user who cannot sign in takes an unknown person’s rows when allowed', async () => {
    const result = await imported('toggl-bad-rows.csv', 'UTC', 'run', { createMissingUsers: true });
    expect(result.rows.items.find((r) => r.rowNumber === 4)).toBeUndefined();
    const zed = await prisma.user.findFirstOrThrow({ where: { username: 'zed@example.test' } });
    expect(zed.passwordHash).toBeNull();
    expect(await prisma.timeEntry.count({ where: { userId: zed.id } })).toBe(1);
  });
});

describe('idempotency and undo', () => {
  it('importing the same file twice adds nothing', async () => {
    await imported('toggl.csv', 'Europe/Berlin');
    const again = await imported('toggl.csv', 'Europe/Berlin');
    expect(again.progress).toMatchObject({ created: 0, skipped: 3 });
    expect(await prisma.timeEntry.count()).toBe(3);
  });

  it('undo removes the import’s entries, and only them', async () => {
    const other = await imported('clockify.csv', 'America/New_York');
    const result = await imported('toggl.csv', 'Europe/Berlin');
    expect(result.undoable).toBe(true);
    const undone = await service().undo(admin, result.id, new Date());
    expect(undone).toMatchObject({ status: 'undone', undoable: false });
    expect(await prisma.timeEntry.count()).toBe(other.progress.created);
    // Undone rows may be imported again.
    expect((await imported('toggl.csv', 'Europe/Berlin')).progress.created).toBe(3);
  });

  it('undo is refused once an entry is invoiced', async () => {
    const result = await imported('toggl.csv', 'Europe/Berlin');
    const invoice = await prisma.invoice.create({
      data: {
        invoiceNumber: 'INV-IMPORT-1',
        clientName: 'Big Company',
        issueDate: new Date(),
        dueDate: new Date(),
      },
    });
    const item = await prisma.invoiceItem.create({
      data: { invoiceId: invoice.id, description: 'Design', unitPrice: 100, totalAmount: 150 },
    });
    const [entry] = await entriesOf(anna);
    await prisma.timeEntry.update({ where: { id: entry!.id }, data: { invoiceItemId: item.id } });
    expect((await service().get(admin, result.id, { page: 1, pageSize: 10 })).undoable).toBe(false);
    await expect(service().undo(admin, result.id, new Date())).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await prisma.timeEntry.count()).toBe(3);
  });
});

describe('the worker job', () => {
  it('two workers polling at once run an import exactly once', async () => {
    const other = createPrismaClient(db.url);
    try {
      const s = service();
      const up = await s.upload(
        admin,
        { bytes: fixture('toggl.csv'), fileName: 'toggl.csv' },
        { timezone: 'Europe/Berlin' },
      );
      await s.run(admin, up.id);
      const now = new Date();
      const runs = await Promise.all([
        service(prisma, 'w1', 1).processNext(now),
        service(other, 'w2', 1).processNext(now),
      ]);
      expect(runs.map((r) => r.imports).sort()).toEqual([0, 1]);
      expect(await prisma.timeEntry.count()).toBe(3);
      expect(await prisma.importEntry.count({ where: { importId: up.id } })).toBe(3);
    } finally {
      await other.$disconnect();
    }
  });

  it('a job whose worker died is taken over after its lease, adding nothing twice', async () => {
    const s = service();
    const up = await s.upload(
      admin,
      { bytes: fixture('toggl.csv'), fileName: 'toggl.csv' },
      { timezone: 'Europe/Berlin' },
    );
    await s.run(admin, up.id);
    // A worker claimed it and died: the row says running with a lease that ran out.
    await prisma.import.update({
      where: { id: up.id },
      data: { status: 'running', attempts: 1, lockedUntil: new Date(Date.now() - 1000), worker: 'dead' },
    });
    expect(await service(prisma, 'alive').processNext(new Date())).toEqual({ imports: 1, rows: 3 });
    expect(await service(prisma, 'late').processNext(new Date())).toEqual({ imports: 0, rows: 0 });
    expect(await prisma.import.findUniqueOrThrow({ where: { id: up.id } })).toMatchObject({
      status: 'done',
      worker: 'alive',
    });
    expect(await prisma.timeEntry.count()).toBe(3);
  });

  it('a queued import can be cancelled; the worker then leaves it', async () => {
    const s = service();
    const up = await s.upload(
      admin,
      { bytes: fixture('toggl.csv'), fileName: 'toggl.csv' },
      { timezone: 'Europe/Berlin' },
    );
    await s.run(admin, up.id);
    expect(await s.cancel(admin, up.id, new Date())).toMatchObject({ status: 'cancelled' });
    expect(await s.processNext(new Date())).toEqual({ imports: 0, rows: 0 });
    expect(await prisma.timeEntry.count()).toBe(0);
  });

  it('cancelling a running import stops it after its batch; what was written stays, a rerun finishes', async () => {
    // 3,000 one-hour rows for anna, two hours apart, in batches of 100: long enough to still be
    // running when the first batch's progress shows.
    const s = service(prisma, 'bulk-worker', 100);
    const up = await s.upload(
      admin,
      { bytes: annasTogglRows(3000), fileName: 'bulk.csv' },
      { timezone: 'UTC' },
    );
    await s.run(admin, up.id);
    const job = s.processNext(new Date());
    // Waits for the first batch's progress in the database, as the dashboard sees it.
    for (;;) {
      const row = await prisma.import.findUniqueOrThrow({ where: { id: up.id } });
      if (row.rowsDone > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await s.cancel(admin, up.id, new Date())).toMatchObject({
      status: 'running',
      cancelRequested: true,
    });
    await job;

    const cancelled = await s.get(admin, up.id, { page: 1, pageSize: 10 });
    expect(cancelled.status).toBe('cancelled');
    const { rowsDone, created } = cancelled.progress;
    expect(rowsDone).toBeGreaterThan(0);
    expect(rowsDone).toBeLessThan(3000);
    // It stops between batches: whole batches are written, each row once.
    expect(rowsDone % 100).toBe(0);
    expect(created).toBe(rowsDone);
    expect(await prisma.timeEntry.count({ where: { userId: anna } })).toBe(created);
    expect(await prisma.importEntry.count({ where: { importId: up.id } })).toBe(created);
    // What was written stays (docs/import.md): running it again finishes it, skipping those rows.
    await s.run(admin, up.id);
    expect(await s.processNext(new Date())).toMatchObject({ imports: 1, rows: 3000 });
    const finished = await s.get(admin, up.id, { page: 1, pageSize: 10 });
    expect(finished.progress).toMatchObject({ rowsDone: 3000, created: 3000 - created, skipped: created });
    expect(await prisma.timeEntry.count({ where: { userId: anna } })).toBe(3000);
  }, 120_000);
});

describe('the import.finished webhook', () => {
  it('is sent when a run ends (not a dry run), with the import as GET /imports/:id answers', async () => {
    const key = Buffer.alloc(32, 9);
    const hook = await startHttpReceiver();
    await prisma.webhookSubscription.deleteMany();
    await prisma.webhookEvent.deleteMany();
    const sub = await new WebhooksService(new WebhooksRepository(prisma), {
      allowPrivate: true,
      secretKey: key,
    }).create(admin, { url: hook.url, description: 'imports', events: ['import.finished'] });
    try {
      const checked = await imported('toggl.csv', 'Europe/Berlin', 'dry_run');
      expect(checked.status).toBe('checked');
      expect(await prisma.webhookEvent.count()).toBe(0);

      const s = service();
      await s.run(admin, checked.id);
      await s.processNext(new Date());
      const events = await prisma.webhookEvent.findMany();
      expect(events).toMatchObject([{ type: 'import.finished', entity: 'import', entityId: checked.id }]);

      const imports = service();
      const sender = new WebhookSenderService(
        new WebhookDeliveriesRepository(prisma),
        new WebhookPayloads(
          new TimeEntryListRepository(prisma),
          new InvoicesRepository(prisma),
          new ApprovalsRepository(prisma),
          imports,
        ),
        { ...DEFAULT_WEBHOOK_SENDER_OPTIONS, allowPrivate: true, timeoutMs: 2000 },
        key,
      );
      expect(await sender.sendDue(new Date(Date.now() + 1000))).toMatchObject({ delivered: 1 });
      await hook.waitFor(1);
      expect(hook.received[0]!.headers['x-timetracker-event']).toBe('import.finished');
      const payload = WebhookPayloadResponseSchema.parse(JSON.parse(hook.received[0]!.body));
      const data = payload.data as ImportResponse;
      expect(data).toMatchObject({
        id: checked.id,
        status: 'done',
        mode: 'run',
        format: 'toggl',
        progress: { created: 3, refused: 0, rowsTotal: 3 },
        unknownUsers: [],
      });
      expect(data).toEqual(await imports.get(admin, checked.id, { page: 1, pageSize: 50 }));
      expect(sub.events).toEqual(['import.finished']);
    } finally {
      await prisma.webhookSubscription.deleteMany();
      await prisma.webhookEvent.deleteMany();
      await hook.close();
    }
  });
});
