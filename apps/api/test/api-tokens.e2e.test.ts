import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type Session, signIn, startApi } from './support';
import type { ApiApp } from '../src/app';

// REST clients use personal API tokens where the dashboard uses a cookie session: every route
// must answer a token exactly as it answers the session of the same user.
let db: TestDatabase;
let app: ApiApp;
let token: string;
let admin: Session;

const openapi = JSON.parse(readFileSync(path.join(__dirname, '..', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { security?: unknown[] }>>;
};
/** Every documented GET without path parameters that needs a signed-in user (public ones have no `security`). */
const GET_ROUTES = Object.entries(openapi.paths)
  .filter(([route, ops]) => ops.get && !route.includes('{') && (ops.get.security ?? []).length > 0)
  .map(([route]) => route)
  .filter((route) => route.startsWith('/api/v1/') && !route.startsWith('/api/v1/health'));

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  admin = await signIn(app, ADMIN);
  token = (
    await admin.agent
      .post('/api/v1/tokens')
      .set('X-CSRF-Token', admin.csrf)
      .send({ name: 'rest' })
      .expect(201)
  ).body.token as string;
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('API tokens', () => {
  it('covers the routes under test', () => {
    for (const route of [
      '/api/v1/settings',
      '/api/v1/admin/usage',
      '/api/v1/reports/summary',
      '/api/v1/users',
    ]) {
      expect(GET_ROUTES).toContain(route);
    }
  });

  it.each(GET_ROUTES)('GET %s answers a token as it answers the session', async (route) => {
    const bySession = await admin.agent.get(route);
    const byToken = await request(app.getHttpServer()).get(route).set('Authorization', `Bearer ${token}`);
    expect(bySession.status).toBeLessThan(400);
    expect(byToken.status).toBe(bySession.status);
    const anonymous = await request(app.getHttpServer()).get(route);
    expect(anonymous.status).toBe(401);
  });

  it('writes with a token need no CSRF header (there is no cookie to forge)', async () => {
    const res = await request(app.getHttpServer())
      .patch('/api/v1/settings')
      .set('Authorization', `Bearer ${token}`)
      .send({ currency: 'CHF' })
      .expect(200);
    expect(res.body.currency).toBe('CHF');
  });
});
