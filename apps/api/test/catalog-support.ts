import request from 'supertest';
import { ADMIN, signIn, signInNewUser, sql } from './support';
import type { ApiApp } from '../src/app';

/** The callers the clients and projects tests need: an admin (cookie + token) and a plain user. */
export async function catalogActors(app: ApiApp) {
  const admin = await signIn(app, ADMIN);
  const user = { username: 'worker-bee', password: 'amber-harbor-31' };
  const member = await signInNewUser(app, admin, user);
  const token = await admin.agent
    .post('/api/v1/tokens')
    .set('X-CSRF-Token', admin.csrf)
    .send({ name: 'catalog tests' })
    .expect(201);
  const http = () => request(app.getHttpServer());
  return {
    admin,
    member,
    http,
    /** Authorization header of an admin's personal API token. */
    bearer: `Bearer ${token.body.token as string}`,
  };
}

/** A finished one-hour entry on `projectId`, inserted directly: the time-entry API is not ours to test. */
export async function insertTimeEntry(url: string, projectId: number, userId: number): Promise<number> {
  const [row] = await sql<{ id: number }>(
    url,
    `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, source)
     VALUES ($1, $2, '2026-01-05T09:00:00Z', '2026-01-05T10:00:00Z', 3600, 'manual') RETURNING id`,
    [userId, projectId],
  );
  return row!.id;
}
