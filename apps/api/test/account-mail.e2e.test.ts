import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, signIn, signInNewUser, sqlOn, startApi, type Session } from './support';
import type { ApiApp } from '../src/app';

// Users set their own address and the weekly digest opt-out (issue #20 §5): GET/PATCH
// /api/v1/account/mail. Unique (409), validated (400), a changed address audited.

let db: TestDatabase;
let app: ApiApp;
let admin: Session;
const sql = sqlOn(() => db.url);
const patch = (who: Session, body: object) =>
  who.agent.patch('/api/v1/account/mail').set('X-CSRF-Token', who.csrf).send(body);

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  admin = await signIn(app, ADMIN);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('own address and mail choices', () => {
  it('sets, changes and removes the own address, each change audited', async () => {
    const ann = await signInNewUser(app, admin, { username: 'ann', password: 'blue-orchid-2718' });
    expect((await ann.agent.get('/api/v1/account/mail').expect(200)).body).toEqual({
      email: null,
      weeklyDigest: true,
    });
    const set = await patch(ann, { email: '  Ann@Example.TEST ' }).expect(200);
    expect(set.body).toEqual({ email: 'ann@example.test', weeklyDigest: true });
    // The admin's view of the user shows it.
    const listed = await admin.agent.get(`/api/v1/users/${ann.user.id}`).expect(200);
    expect(listed.body.email).toBe('ann@example.test');

    await patch(ann, { email: 'ann@work.example' }).expect(200);
    // Choosing the digest alone leaves the address (and records nothing).
    expect((await patch(ann, { weeklyDigest: false }).expect(200)).body).toEqual({
      email: 'ann@work.example',
      weeklyDigest: false,
    });
    expect((await patch(ann, { email: null }).expect(200)).body).toEqual({
      email: null,
      weeklyDigest: false,
    });

    const audit = await sql<{ action: string; before: unknown; after: unknown; actor_id: number }>(
      `SELECT action, before, after, actor_id FROM audit_events
        WHERE entity = 'user' AND entity_id = $1 AND action = 'email' ORDER BY id`,
      [ann.user.id],
    );
    expect(audit.map((a) => [a.before, a.after])).toEqual([
      [{ email: null }, { email: 'ann@example.test' }],
      [{ email: 'ann@example.test' }, { email: 'ann@work.example' }],
      [{ email: 'ann@work.example' }, { email: null }],
    ]);
    expect(audit.every((a) => a.actor_id === ann.user.id)).toBe(true);
  });

  it("refuses another user's address with 409, whatever its case", async () => {
    const bo = await signInNewUser(app, admin, { username: 'bo', password: 'green-falcon-3141' });
    const cy = await signInNewUser(app, admin, { username: 'cy', password: 'red-panther-2719' });
    await patch(bo, { email: 'shared@example.test' }).expect(200);
    const taken = await patch(cy, { email: 'SHARED@example.test' }).expect(409);
    expect(taken.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(taken.body.code).toBe('CONFLICT');
    expect((await cy.agent.get('/api/v1/account/mail').expect(200)).body.email).toBeNull();
    // Setting one's own address again is no conflict.
    await patch(bo, { email: 'shared@example.test' }).expect(200);
  });

  it('answers 400 to a malformed address or an empty change, 401 without a sign-in', async () => {
    const di = await signInNewUser(app, admin, { username: 'di', password: 'silver-otter-1618' });
    for (const body of [
      { email: 'not an address' },
      {},
      { weeklyDigest: 'no' },
      { email: 'a@b.c', extra: 1 },
    ]) {
      const res = await patch(di, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    await request(app.getHttpServer()).get('/api/v1/account/mail').expect(401);
    await request(app.getHttpServer()).patch('/api/v1/account/mail').send({ weeklyDigest: true }).expect(401);
  });
});
