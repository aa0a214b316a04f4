import {
  ImportsRepository,
  ImportsService,
  TimeEntriesRepository,
  type ClaimedImport,
  type Progress,
} from '@timetracker/core';
import { createPrismaClient, type PrismaClient } from '@timetracker/db';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiApp } from '../src/app';
import { catalogActors } from './catalog-support';
import { startApi } from './support';

let db: TestDatabase;
let app: ApiApp;
let prisma: PrismaClient;
let actors: Awaited<ReturnType<typeof catalogActors>>;

const TOGGL = readFileSync(path.join(__dirname, 'fixtures', 'import', 'toggl.csv'));

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url, { IMPORT_MAX_BYTES: '2kb' });
  prisma = createPrismaClient(db.url);
  actors = await catalogActors(app);
  await prisma.user.create({ data: { username: 'anna-api', email: 'anna@example.test', passwordHash: 'x' } });
});
afterAll(async () => {
  await app?.close();
  await prisma?.$disconnect();
  await db?.drop();
});

/** What a worker does with queued imports: run one, here in-process. */
const worker = () =>
  new ImportsService(new ImportsRepository(prisma), new TimeEntriesRepository(prisma), 0, 'test').processNext(
    new Date(),
  );

describe('imports API', () => {
  it('upload → detected format and columns → dry run → run → undo', async () => {
    const { agent, csrf } = actors.admin;
    const up = await agent
      .post('/api/v1/imports?timezone=Europe/Berlin')
      .set('X-CSRF-Token', csrf)
      .attach('file', TOGGL, { filename: 'toggl.csv', contentType: 'text/csv' });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({
      format: 'toggl',
      status: 'uploaded',
      timezone: 'Europe/Berlin',
      columns: { email: 'Email', date: 'Start date', startTime: 'Start time', duration: 'Duration' },
    });
    const id = up.body.id as number;
    await agent.post(`/api/v1/imports/${id}/dry-run`).set('X-CSRF-Token', csrf).expect(202);
    expect(await worker()).toMatchObject({ imports: 1, rows: 3 });
    const checked = await agent.get(`/api/v1/imports/${id}?outcome=refuse`).expect(200);
    expect(checked.body).toMatchObject({
      status: 'checked',
      progress: { created: 2, refused: 1, rowsTotal: 3 },
    });
    // Ben has no account here: his row (line 4) is refused, by number.
    expect(checked.body.rows.items).toEqual([
      expect.objectContaining({
        rowNumber: 4,
        outcome: 'refuse',
        reason: expect.stringContaining('unknown user'),
        // The code and values the dashboard words in the user's language.
        code: 'unknown_user',
        params: { user: 'ben@example.test' },
      }),
    ]);
    await agent.post(`/api/v1/imports/${id}/run`).set('X-CSRF-Token', csrf).expect(202);
    // While queued nothing may change it.
    await agent
      .patch(`/api/v1/imports/${id}`)
      .set('X-CSRF-Token', csrf)
      .send({ timezone: 'UTC' })
      .expect(409);
    await worker();
    const done = await agent.get(`/api/v1/imports/${id}`).expect(200);
    expect(done.body).toMatchObject({
      status: 'done',
      undoable: true,
      entries: 2,
      progress: { created: 2, refused: 1 },
    });
    expect(await prisma.importEntry.count({ where: { importId: id } })).toBe(2);
    const undone = await agent.post(`/api/v1/imports/${id}/undo`).set('X-CSRF-Token', csrf).expect(200);
    expect(undone.body).toMatchObject({ status: 'undone' });
    expect(await prisma.importEntry.count({ where: { importId: id } })).toBe(0);
    await agent.post(`/api/v1/imports/${id}/undo`).set('X-CSRF-Token', csrf).expect(409);
  });

  it('a run cancelled midway can be undone like a done one; not while invoiced, nor when it wrote nothing', async () => {
    const { agent, csrf } = actors.admin;
    // Eight of Anna's hours on 2026-02-02, read two a batch.
    const lines = ['email,start,end'];
    for (let h = 8; h < 16; h++) {
      const hh = String(h).padStart(2, '0');
      lines.push(`anna@example.test,2026-02-02T${hh}:00:00Z,2026-02-02T${hh}:45:00Z`);
    }
    const up = await agent
      .post('/api/v1/imports')
      .set('X-CSRF-Token', csrf)
      .attach('file', Buffer.from(lines.join('\n')), { filename: 'hours.csv', contentType: 'text/csv' })
      .expect(201);
    const id = up.body.id as number;
    await agent.post(`/api/v1/imports/${id}/run`).set('X-CSRF-Token', csrf).expect(202);
    // The admin presses Cancel (the API's route) once the first batch is written.
    const cancel = async () => {
      const r = await agent.post(`/api/v1/imports/${id}/cancel`).set('X-CSRF-Token', csrf);
      expect(r.body).toMatchObject({ status: 'running', cancelRequested: true });
    };
    const jobs = new ImportsService(
      new CancelAfterFirstBatch(prisma, cancel),
      new TimeEntriesRepository(prisma),
      0,
      'test',
      {
        batchSize: 2,
        leaseMs: 60_000,
      },
    );
    expect(await jobs.processNext(new Date())).toMatchObject({ imports: 1, rows: 2 });
    const cancelled = await agent.get(`/api/v1/imports/${id}`).expect(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      undoable: true,
      entries: 2,
      progress: { rowsDone: 2, created: 2 },
    });

    // One of its entries on an invoice: refused (409), nothing deleted.
    const entry = await prisma.importEntry.findFirstOrThrow({ where: { importId: id } });
    const invoice = await prisma.invoice.create({
      data: {
        invoiceNumber: 'INV-CANCELLED-IMPORT',
        clientName: 'Acme',
        issueDate: new Date(),
        dueDate: new Date(),
      },
    });
    const item = await prisma.invoiceItem.create({
      data: { invoiceId: invoice.id, description: 'Hours', unitPrice: 100, totalAmount: 75 },
    });
    await prisma.timeEntry.update({ where: { id: entry.entryId }, data: { invoiceItemId: item.id } });
    expect((await agent.get(`/api/v1/imports/${id}`).expect(200)).body.undoable).toBe(false);
    await agent.post(`/api/v1/imports/${id}/undo`).set('X-CSRF-Token', csrf).expect(409);
    expect(await prisma.importEntry.count({ where: { importId: id } })).toBe(2);

    // Off the invoice, the undo deletes what the cancelled run wrote.
    await prisma.timeEntry.update({ where: { id: entry.entryId }, data: { invoiceItemId: null } });
    const undone = await agent.post(`/api/v1/imports/${id}/undo`).set('X-CSRF-Token', csrf).expect(200);
    expect(undone.body).toMatchObject({ status: 'undone', undoable: false, entries: 0 });
    expect(await prisma.importEntry.count({ where: { importId: id } })).toBe(0);
    expect(await prisma.timeEntry.count({ where: { id: entry.entryId } })).toBe(0);

    // Cancelled while queued, it wrote nothing: nothing to undo.
    const again = await agent
      .post('/api/v1/imports')
      .set('X-CSRF-Token', csrf)
      .attach('file', Buffer.from(lines.join('\n')), { filename: 'hours.csv', contentType: 'text/csv' })
      .expect(201);
    const queued = await agent
      .post(`/api/v1/imports/${again.body.id}/run`)
      .set('X-CSRF-Token', csrf)
      .expect(202);
    // Queued, the worker is about to write: the entries are not counted yet.
    expect(queued.body).toMatchObject({ status: 'queued', undoable: false, entries: null });
    await agent.post(`/api/v1/imports/${again.body.id}/cancel`).set('X-CSRF-Token', csrf).expect(200);
    const idle = await agent.get(`/api/v1/imports/${again.body.id}`).expect(200);
    expect(idle.body).toMatchObject({ status: 'cancelled', undoable: false, entries: 0 });
    await agent.post(`/api/v1/imports/${again.body.id}/undo`).set('X-CSRF-Token', csrf).expect(409);
  });

  it('refuses a file over IMPORT_MAX_BYTES (413), one that is not CSV text, and a bad zone (400)', async () => {
    const { agent, csrf } = actors.admin;
    const big = Buffer.concat([TOGGL, Buffer.alloc(4096, 'x')]);
    await agent
      .post('/api/v1/imports')
      .set('X-CSRF-Token', csrf)
      .attach('file', big, { filename: 'big.csv', contentType: 'text/csv' })
      .expect(413);
    const binary = await agent
      .post('/api/v1/imports')
      .set('X-CSRF-Token', csrf)
      .attach('file', Buffer.from([0xff, 0xfe, 0x41, 0x00]), { filename: 'x.csv', contentType: 'text/csv' })
      .expect(400);
    expect(binary.body.detail).toContain('UTF-8');
    await agent
      .post('/api/v1/imports?timezone=Mars/Olympus')
      .set('X-CSRF-Token', csrf)
      .attach('file', TOGGL, { filename: 'toggl.csv', contentType: 'text/csv' })
      .expect(400);
    await agent.post('/api/v1/imports').set('X-CSRF-Token', csrf).send({ file: 'nope' }).expect(400);
  });
});

/** The job's repository, which calls `afterFirstBatch` once the first batch's progress is recorded. */
class CancelAfterFirstBatch extends ImportsRepository {
  private asked = false;

  constructor(
    prisma: PrismaClient,
    private readonly afterFirstBatch: () => Promise<void>,
  ) {
    super(prisma);
  }

  override async renew(
    claim: Pick<ClaimedImport, 'id' | 'attempts'>,
    now: Date,
    leaseMs: number,
    p: Progress,
    rowsTotal?: number,
  ): Promise<{ cancelRequested: boolean } | null> {
    if (p.rowsDone > 0 && !this.asked) {
      this.asked = true;
      await this.afterFirstBatch();
    }
    return super.renew(claim, now, leaseMs, p, rowsTotal);
  }
}
