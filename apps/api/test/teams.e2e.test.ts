import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createUser, signIn, signInNewUser, startApi, type Session } from './support';
import type { ApiApp } from '../src/app';

let db: TestDatabase;
let app: ApiApp;
let admin: Session;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  admin = await signIn(app, ADMIN);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

let seq = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;
const post = (s: Session, path: string, body: unknown) =>
  s.agent
    .post(path)
    .set('X-CSRF-Token', s.csrf)
    .send(body as object);
const patch = (s: Session, path: string, body: unknown) =>
  s.agent
    .patch(path)
    .set('X-CSRF-Token', s.csrf)
    .send(body as object);

describe('teams', () => {
  it('an admin creates a team with members and leads, renames it, replaces members, deletes it', async () => {
    const ann = await createUser(admin, { username: unique('ann'), password: 'amber-harbor-31' });
    const bob = await createUser(admin, { username: unique('bob'), password: 'amber-harbor-31' });
    const name = unique('Ops');
    const created = await post(admin, '/api/v1/teams', {
      name,
      members: [{ userId: ann.id, isLead: true }, { userId: bob.id }],
    }).expect(201);
    expect(created.body).toMatchObject({ name });
    expect(created.body.members).toEqual(
      expect.arrayContaining([
        { userId: ann.id, username: ann.username, isLead: true },
        { userId: bob.id, username: bob.username, isLead: false },
      ]),
    );
    const id = created.body.id as number;

    const renamed = await patch(admin, `/api/v1/teams/${id}`, {
      name: `${name}-2`,
      members: [{ userId: bob.id, isLead: true }],
    }).expect(200);
    expect(renamed.body.members).toEqual([{ userId: bob.id, username: bob.username, isLead: true }]);

    const list = await admin.agent.get('/api/v1/teams?pageSize=500').expect(200);
    expect(list.body.items.map((t: { id: number }) => t.id)).toContain(id);

    await admin.agent.delete(`/api/v1/teams/${id}`).set('X-CSRF-Token', admin.csrf).expect(204);
    await admin.agent.get(`/api/v1/teams/${id}`).expect(404);
  });

  it('refuses a duplicate name (409), an unknown user and a user listed twice (400)', async () => {
    const name = unique('Dup');
    await post(admin, '/api/v1/teams', { name }).expect(201);
    await post(admin, '/api/v1/teams', { name: name.toUpperCase() }).expect(409);
    const unknown = await post(admin, '/api/v1/teams', {
      name: unique('X'),
      members: [{ userId: 2_000_000_000 }],
    }).expect(400);
    expect(unknown.body.errors[0].path).toBe('members.0.userId');
    await post(admin, '/api/v1/teams', {
      name: unique('X'),
      members: [{ userId: 1 }, { userId: 1, isLead: true }],
    }).expect(400);
    await post(admin, '/api/v1/teams', { name: unique('X'), color: 'red' }).expect(400);
  });

  it('lets managers and accountants read teams, users none; only admins change them', async () => {
    const manager = await signInNewUser(app, admin, {
      username: unique('mgr'),
      password: 'amber-harbor-31',
      role: 'manager',
    });
    const accountant = await signInNewUser(app, admin, {
      username: unique('acc'),
      password: 'amber-harbor-31',
      role: 'accountant',
    });
    const user = await signInNewUser(app, admin, { username: unique('usr'), password: 'amber-harbor-31' });
    const team = (await post(admin, '/api/v1/teams', { name: unique('Read') }).expect(201)).body;

    await manager.agent.get(`/api/v1/teams/${team.id}`).expect(200);
    await accountant.agent.get('/api/v1/teams').expect(200);
    await user.agent.get('/api/v1/teams').expect(403);
    await user.agent.get(`/api/v1/teams/${team.id}`).expect(403);
    await post(manager, '/api/v1/teams', { name: unique('No') }).expect(403);
    await patch(accountant, `/api/v1/teams/${team.id}`, { name: unique('No') }).expect(403);
    await request(app.getHttpServer()).get('/api/v1/teams').expect(401);
  });
});
