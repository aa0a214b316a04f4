import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_VERSION } from '../src/version';
import { ADMIN, signIn, signInNewUser, sqlOn, startApi } from './support';
import type { ApiApp } from '../src/app';

let db: TestDatabase;
let app: ApiApp;
const http = () => request(app.getHttpServer());

const sql = sqlOn(() => db.url);

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('GET /admin/system', () => {
  it('gives admins the version, the database size in bytes and the server version', async () => {
    const admin = await signIn(app, ADMIN);
    const res = await admin.agent.get('/api/v1/admin/system').expect(200);
    const [expected] = await sql<{ size: string; version: string }>(
      `SELECT pg_database_size(current_database())::text AS size, current_setting('server_version') AS version`,
    );
    expect(res.body).toEqual({
      version: API_VERSION,
      databaseSizeBytes: expect.any(Number),
      serverVersion: expected!.version,
    });
    // A few MB at least (the migrated schema); within a page or two of what psql sees now.
    expect(res.body.databaseSizeBytes).toBeGreaterThan(1_000_000);
    expect(Math.abs(res.body.databaseSizeBytes - Number(expected!.size))).toBeLessThan(1_000_000);
  });

  it('works with an API token, refuses other users (403) and anonymous callers (401)', async () => {
    const admin = await signIn(app, ADMIN);
    const token = await admin.agent
      .post('/api/v1/tokens')
      .set('X-CSRF-Token', admin.csrf)
      .send({ name: 'system' })
      .expect(201);
    await http()
      .get('/api/v1/admin/system')
      .set('Authorization', `Bearer ${token.body.token as string}`)
      .expect(200);

    const plain = await signInNewUser(app, admin, { username: 'plain.user', password: 'gentle-harbor-58' });
    const forbidden = await plain.agent.get('/api/v1/admin/system').expect(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    const anonymous = await http().get('/api/v1/admin/system').expect(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
  });
});
