import { BackupsRepository, BackupsService, verifyBackupArchive } from '@timetracker/core';
import { createPrismaClient, type PrismaClient } from '@timetracker/db';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogActors } from './catalog-support';
import { startApi } from './support';
import type { ApiApp } from '../src/app';

let db: TestDatabase;
let app: ApiApp;
let prisma: PrismaClient;
let dir: string;
let actors: Awaited<ReturnType<typeof catalogActors>>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tt-api-backups-'));
  db = await createTestDatabase();
  // From the parsed configuration, as main.ts passes it: not from process.env.
  app = await startApi(db.url, { BACKUP_DIR: dir });
  prisma = createPrismaClient(db.url);
  actors = await catalogActors(app);
});
afterAll(async () => {
  await app?.close();
  await prisma?.$disconnect();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** What a worker does with the requests: make them, here in-process. */
const worker = () =>
  new BackupsService(new BackupsRepository(prisma), { backupDir: dir, databaseUrl: db.url }).runRequested();

/** Collects a binary response body. */
const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('backups API', () => {
  it('an admin requests a backup (202), sees its progress, and downloads it when done', async () => {
    const { agent, csrf, user } = actors.admin;
    const created = await agent.post('/api/v1/backups').set('X-CSRF-Token', csrf).send({}).expect(202);
    expect(created.body).toMatchObject({
      trigger: 'manual',
      status: 'requested',
      requestedBy: { id: user.id, username: 'admin' },
      downloadable: false,
      progress: { tablesDone: 0, tablesTotal: 0, rowsDone: 0 },
    });
    const id = created.body.id as number;
    // Not finished yet: nothing to download.
    await agent.get(`/api/v1/backups/${id}/download`).expect(409);

    expect(await worker()).toMatchObject({ made: 1 });
    const list = await agent.get('/api/v1/backups').expect(200);
    // Other tests may have made backups before this one (they run shuffled): find this one.
    expect(list.body).toMatchObject({ total: list.body.items.length, page: 1 });
    const item = list.body.items.find((b: { id: number }) => b.id === id);
    expect(item).toMatchObject({ id, status: 'ok', downloadable: true });
    expect(item.progress.tablesDone).toBe(item.progress.tablesTotal);
    expect(item.sizeBytes).toBeGreaterThan(0);
    expect(item.schemaVersion).toMatch(/^\d{14}_/);

    const download = await agent.get(`/api/v1/backups/${id}/download`).buffer(true).parse(binary).expect(200);
    expect(download.headers['content-type']).toBe('application/x-tar');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="${item.fileName}"`);
    expect(Number(download.headers['content-length'])).toBe(item.sizeBytes);
    expect((download.body as Buffer).equals(readFileSync(path.join(dir, item.fileName)))).toBe(true);
    const copy = path.join(dir, 'downloaded.tar');
    writeFileSync(copy, download.body as Buffer);
    expect((await verifyBackupArchive(copy)).backupId).toBe(id);
    unlinkSync(copy);
  });

  it('works with an API token too', async () => {
    const created = await actors
      .http()
      .post('/api/v1/backups')
      .set('Authorization', actors.bearer)
      .send({})
      .expect(202);
    await worker();
    const res = await actors
      .http()
      .get(`/api/v1/backups/${created.body.id}/download`)
      .set('Authorization', actors.bearer)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect((res.body as Buffer).length).toBeGreaterThan(1024);
    const one = await actors
      .http()
      .get(`/api/v1/backups/${created.body.id}`)
      .set('Authorization', actors.bearer);
    expect(one.body).toMatchObject({ id: created.body.id, status: 'ok' });
  });

  it('is for admins only: 401 without credentials, 403 for a user', async () => {
    await actors.http().get('/api/v1/backups').expect(401);
    await actors.http().post('/api/v1/backups').send({}).expect(401);
    await actors.http().get('/api/v1/backups/1/download').expect(401);
    const { agent, csrf } = actors.member;
    await agent.get('/api/v1/backups').expect(403);
    await agent.post('/api/v1/backups').set('X-CSRF-Token', csrf).send({}).expect(403);
    await agent.get('/api/v1/backups/1/download').expect(403);
  });

  it('refuses bad input (400), unknown backups (404), and a cookie write without the CSRF token', async () => {
    const { agent, csrf } = actors.admin;
    const bad = await agent
      .post('/api/v1/backups')
      .set('X-CSRF-Token', csrf)
      .send({ tables: ['users'] })
      .expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    await agent.get('/api/v1/backups?pageSize=0').expect(400);
    await agent.get('/api/v1/backups/abc').expect(400);
    await agent.get('/api/v1/backups/999999').expect(404);
    await agent.get('/api/v1/backups/999999/download').expect(404);
    await agent.post('/api/v1/backups').send({}).expect(403);
  });

  it('answers 404 when the archive is no longer in the backup folder', async () => {
    const { agent, csrf } = actors.admin;
    const created = await agent.post('/api/v1/backups').set('X-CSRF-Token', csrf).send({}).expect(202);
    await worker();
    const row = await prisma.backup.findUniqueOrThrow({ where: { id: created.body.id } });
    unlinkSync(path.join(dir, row.fileName!));
    const one = await agent.get(`/api/v1/backups/${created.body.id}`).expect(200);
    expect(one.body).toMatchObject({ status: 'ok', downloadable: false });
    const res = await agent.get(`/api/v1/backups/${created.body.id}/download`).expect(404);
    expect(res.body.detail).toContain('no longer in the backup folder');
  });

  it('serves only a plain file in the backup folder, whatever file name the row holds (404)', async () => {
    const { agent } = actors.admin;
    const outside = mkdtempSync(path.join(tmpdir(), 'tt-api-outside-'));
    const secret = path.join(outside, 'secret.txt');
    writeFileSync(secret, 'a file outside the backup folder');
    symlinkSync(secret, path.join(dir, 'timetracker-backup-link.tar'));
    // A restored archive brings its own backups rows: any of these names could be in the table.
    const names = [
      path.relative(dir, secret),
      '../../../etc/hostname',
      `${dir}/../${path.basename(outside)}/secret.txt`,
      'timetracker-backup-link.tar',
      '..',
      'a"; filename="evil.sh',
    ];
    const ids: number[] = [];
    try {
      for (const fileName of names) {
        const row = await prisma.backup.create({ data: { trigger: 'manual', status: 'ok', fileName } });
        ids.push(row.id);
        const one = await agent.get(`/api/v1/backups/${row.id}`).expect(200);
        expect(one.body, fileName).toMatchObject({ status: 'ok', downloadable: false });
        const res = await agent.get(`/api/v1/backups/${row.id}/download`).buffer(true).parse(binary);
        expect(res.status, fileName).toBe(404);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect((res.body as Buffer).toString()).not.toContain('outside the backup folder');
      }
    } finally {
      await prisma.backup.deleteMany({ where: { id: { in: ids } } });
      unlinkSync(path.join(dir, 'timetracker-backup-link.tar'));
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
