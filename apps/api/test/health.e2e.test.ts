import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadApiConfig } from '@timetracker/core';
import { createPrismaClient } from '@timetracker/db';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type ApiApp } from '../src/app';

const adminDir = mkdtempSync(path.join(tmpdir(), 'tt-admin-'));
mkdirSync(path.join(adminDir, 'assets'));
writeFileSync(
  path.join(adminDir, 'index.html'),
  '<!doctype html><title>TimeTracker</title><div id="root"></div>',
);
writeFileSync(path.join(adminDir, 'assets', 'app.js'), 'console.log("admin")');

const configFor = (databaseUrl: string, admin = adminDir) =>
  loadApiConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', ADMIN_DIST_DIR: admin }, '/unused');

let db: TestDatabase;
let app: ApiApp;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApp(configFor(db.url));
  await app.init();
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('health', () => {
  it('GET /api/v1/health is live with the version, without the database', async () => {
    const res = await request(app.getHttpServer()).get('/api/v1/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', version: '0.1.0', uptimeSeconds: expect.any(Number) });
  });

  it('GET /api/v1/health/ready checks the database', async () => {
    const res = await request(app.getHttpServer()).get('/api/v1/health/ready');
    // The body says which check failed, should one.
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      status: 'ready',
      checks: {
        database: { status: 'up', latencyMs: expect.any(Number) },
        migrations: { status: 'up', latencyMs: expect.any(Number) },
        jobs: [],
      },
    });
  });

  it('answers 503 while a migration this version needs is not applied, or failed', async () => {
    const prisma = createPrismaClient(db.url);
    const [row] = await prisma.$queryRaw<{ name: string }[]>`
      SELECT max(migration_name) AS name FROM _prisma_migrations`;
    const name = row!.name;
    try {
      // As after `db:rollback`, or before startup applied a new release's migration.
      await prisma.$executeRaw`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = ${name}`;
      const pending = await request(app.getHttpServer()).get('/api/v1/health/ready').expect(503);
      expect(pending.body.status).toBe('unavailable');
      expect(pending.body.checks.database.status).toBe('up');
      expect(pending.body.checks.migrations).toEqual({
        status: 'down',
        error: `1 migration(s) not applied (${name}): run startup`,
      });
      // Started, never finished: what a crash mid-migration leaves.
      await prisma.$executeRaw`UPDATE _prisma_migrations SET rolled_back_at = NULL, finished_at = NULL WHERE migration_name = ${name}`;
      const failed = await request(app.getHttpServer()).get('/api/v1/health/ready').expect(503);
      expect(failed.body.checks.migrations.error).toBe(`failed migration(s): ${name}`);
    } finally {
      await prisma.$executeRaw`UPDATE _prisma_migrations SET rolled_back_at = NULL, finished_at = now() WHERE migration_name = ${name}`;
      await prisma.$disconnect();
    }
    await request(app.getHttpServer()).get('/api/v1/health/ready').expect(200);
  });

  it('answers 503 (and keeps serving liveness) when the database is down', async () => {
    const down = await createApp(configFor('postgresql://postgres:secret@127.0.0.1:1/nothing'));
    await down.init();
    try {
      const ready = await request(down.getHttpServer()).get('/api/v1/health/ready').expect(503);
      expect(ready.body.status).toBe('unavailable');
      expect(ready.body.checks.database.status).toBe('down');
      expect(ready.body.checks.database.error).toBe('database not reachable at 127.0.0.1:1');
      expect(JSON.stringify(ready.body)).not.toContain('secret');
      await request(down.getHttpServer()).get('/api/v1/health').expect(200);
      // Any other request needs the database (here to check the token): 503, retry later.
      const busy = await request(down.getHttpServer())
        .get('/api/v1/auth/me')
        .set('Authorization', `Bearer ttpat_${'x'.repeat(43)}`)
        .expect(503);
      expect(busy.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(busy.headers['retry-after']).toBe('2');
      expect(busy.body.code).toBe('SERVICE_UNAVAILABLE');
      expect(JSON.stringify(busy.body)).not.toContain('127.0.0.1');
    } finally {
      await down.close();
    }
  });

  it('keeps idle connections open longer than proxies do (65 s), and says so', async () => {
    const server = app.getHttpServer() as http.Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const agent = new http.Agent({ keepAlive: true });
    try {
      const keepAlive = await new Promise<string | undefined>((resolve, reject) =>
        http
          .get({ port, path: '/api/v1/health', agent }, (res) => {
            res.resume();
            resolve(res.headers['keep-alive'] as string | undefined);
          })
          .on('error', reject),
      );
      expect(keepAlive).toBe('timeout=65');
    } finally {
      agent.destroy();
    }
  });

  it('echoes a sane X-Request-Id and makes one otherwise', async () => {
    const given = await request(app.getHttpServer()).get('/api/v1/health').set('X-Request-Id', 'abc-123');
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await request(app.getHttpServer())
      .get('/api/v1/health')
      .set('X-Request-Id', 'bad id with spaces');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('the admin dashboard at /', () => {
  it('serves index.html at / and for client-side routes, and its assets', async () => {
    const root = await request(app.getHttpServer()).get('/').expect(200);
    expect(root.text).toContain('<title>TimeTracker</title>');
    const route = await request(app.getHttpServer()).get('/time-entries/42').expect(200);
    expect(route.text).toBe(root.text);
    const asset = await request(app.getHttpServer()).get('/assets/app.js').expect(200);
    expect(asset.text).toContain('console.log("admin")');
  });

  it('never answers /api routes with the dashboard', async () => {
    const res = await request(app.getHttpServer()).get('/api/v1/nope').expect(404);
    expect(res.headers['content-type']).toMatch(/json/);
  });

  it('explains how to build the admin when it is missing', async () => {
    const bare = await createApp(configFor(db.url, path.join(adminDir, 'missing')));
    await bare.init();
    try {
      const res = await request(bare.getHttpServer()).get('/').expect(503);
      expect(res.text).toContain('npm run build');
      await request(bare.getHttpServer()).get('/api/v1/health').expect(200);
    } finally {
      await bare.close();
    }
  });
});
