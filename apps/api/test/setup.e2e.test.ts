import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN, signIn, startApi } from './support';
import type { ApiApp } from '../src/app';

// First run (issue #17 §1): the checklist an admin sees on a fresh install. One install per
// test: each walks it from the start.

type Who = Awaited<ReturnType<typeof signIn>>;
const post = (who: Who, url: string, body: object = {}) =>
  who.agent.post(url).set('X-CSRF-Token', who.csrf).send(body);

const opened: { db: TestDatabase; app: ApiApp }[] = [];
async function freshInstall() {
  const db = await createTestDatabase();
  const app = await startApi(db.url);
  opened.push({ db, app });
  return { app, admin: await signIn(app, ADMIN) };
}
afterAll(async () => {
  for (const { app, db } of opened) {
    await app.close();
    await db.drop();
  }
});

const done = (body: { items: { key: string; done: boolean }[] }) =>
  Object.fromEntries(body.items.map((i) => [i.key, i.done]));

describe('the first-run checklist', () => {
  it('starts with nothing done on a fresh install, ticks items as the admin does them, then can be put away', async () => {
    const { app, admin } = await freshInstall();
    const fresh = await admin.agent.get('/api/v1/setup').expect(200);
    expect(done(fresh.body)).toEqual({
      company: false,
      timezone: false,
      currency: false,
      signUp: false,
      client: false, // the seed's example client and project do not count
      project: false,
    });
    expect(fresh.body).toMatchObject({ complete: false, dismissed: false, show: true });
    expect(fresh.body.items[0].detail).toContain('placeholders');

    // Not complete: it cannot be put away.
    const early = await post(admin, '/api/v1/setup/dismiss').expect(409);
    expect(early.body.detail).toContain('company');

    await admin.agent
      .patch('/api/v1/settings')
      .set('X-CSRF-Token', admin.csrf)
      .send({
        companyName: 'Harbour Studio',
        companyAddress: '1 Quay Street, Auckland',
        timezone: 'Pacific/Auckland',
      })
      .expect(200);
    const reviewed = await admin.agent.get('/api/v1/setup').expect(200);
    expect(done(reviewed.body)).toMatchObject({
      company: true,
      timezone: true,
      currency: true,
      signUp: true,
    });
    expect(reviewed.body.items.find((i: { key: string }) => i.key === 'timezone').detail).toBe(
      'Pacific/Auckland',
    );

    const client = await post(admin, '/api/v1/clients', { name: 'Kauri Ltd' }).expect(201);
    await post(admin, '/api/v1/projects', { name: 'Brand refresh', clientId: client.body.id }).expect(201);
    const complete = await admin.agent.get('/api/v1/setup').expect(200);
    expect(complete.body).toMatchObject({ complete: true, dismissed: false, show: true });

    const dismissed = await post(admin, '/api/v1/setup/dismiss').expect(200);
    expect(dismissed.body).toMatchObject({ complete: true, dismissed: true, show: false });
    expect((await admin.agent.get('/api/v1/setup').expect(200)).body.show).toBe(false);
    await request(app.getHttpServer()).get('/api/v1/setup').expect(401);
  });

  it('is for admins only', async () => {
    const { admin, app } = await freshInstall();
    const creds = { username: 'walter', password: 'slate-river-4410' };
    await post(admin, '/api/v1/users', creds).expect(201);
    const user = await signIn(app, creds);
    await user.agent.get('/api/v1/setup').expect(403);
    await post(user, '/api/v1/setup/dismiss').expect(403);
    await admin.agent.post('/api/v1/setup/dismiss').expect(403); // no CSRF token
  });
});
