import { ImportsRepository, ImportsService, TimeEntriesRepository } from '@timetracker/core';
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
    expect(done.body).toMatchObject({ status: 'done', undoable: true, progress: { created: 2, refused: 1 } });
    expect(await prisma.importEntry.count({ where: { importId: id } })).toBe(2);
    const undone = await agent.post(`/api/v1/imports/${id}/undo`).set('X-CSRF-Token', csrf).expect(200);
    expect(undone.body).toMatchObject({ status: 'undone' });
    expect(await prisma.importEntry.count({ where: { importId: id } })).toBe(0);
    await agent.post(`/api/v1/imports/${id}/undo`).set('X-CSRF-Token', csrf).expect(409);
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
