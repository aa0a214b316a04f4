import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  FavouritesRepository,
  FavouritesService,
  TimeEntriesRepository,
  TimeEntriesService,
  TimeEntryListRepository,
  type Principal,
  TagsRepository,
  TagsService,
} from '@timetracker/core';
import { createPrismaClient } from '@timetracker/db';
import { ADMIN, signIn, startApi, sqlOn, signInNewUser } from './support';
import type { ApiApp } from '../src/app';

// The order of a user's favourites (issue #17 §4): PUT /favourites/order, as the dashboard's
// drag and move buttons send it.

let db: TestDatabase;
let app: ApiApp;
let alice: Awaited<ReturnType<typeof signIn>>;
let bob: Awaited<ReturnType<typeof signIn>>;
let projectId: number;
let otherProjectId: number;
const http = () => request(app.getHttpServer());

const sql = sqlOn(() => db.url);

type Who = typeof alice;
const post = (who: Who, url: string, body: object = {}) =>
  who.agent.post(url).set('X-CSRF-Token', who.csrf).send(body);
const reorder = (who: Who, body: unknown) =>
  who.agent
    .put('/api/v1/favourites/order')
    .set('X-CSRF-Token', who.csrf)
    .send(body as object);
const pin = async (who: Who, notes: string, project = projectId): Promise<number> =>
  (await post(who, '/api/v1/favourites', { projectId: project, notes }).expect(201)).body.id;
const shown = async (who: Who) =>
  (await who.agent.get('/api/v1/favourites').expect(200)).body.items.map(
    (f: { id: number; position: number }) => [f.id, f.position],
  );
/** Every favourite of the user, hidden ones too, in strip order. */
const stored = (username: string) =>
  sql<{ id: number; position: number }>(
    `SELECT f.id, f.position FROM favourites f JOIN users u ON u.id = f.user_id
      WHERE u.username = $1 ORDER BY f.position, f.id`,
    [username],
  );

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  const admin = await signIn(app, ADMIN);
  alice = await signInNewUser(app, admin, { username: 'alice', password: 'blue-orchid-2718' });
  bob = await signInNewUser(app, admin, { username: 'bob', password: 'green-falcon-3141' });
  projectId = (await sql<{ id: number }>(`SELECT id FROM projects WHERE name = 'General'`))[0]!.id;
  otherProjectId = (await post(admin, '/api/v1/projects', { name: 'Website' }).expect(201)).body.id;
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});
beforeEach(async () => {
  await sql(`UPDATE projects SET status = 'active'`);
  await sql(`DELETE FROM favourites`);
});

describe('PUT /favourites/order', () => {
  it('puts the favourites in the order given and answers the strip', async () => {
    const [a, b, c] = [await pin(alice, 'a'), await pin(alice, 'b'), await pin(alice, 'c')];
    const res = await reorder(alice, { ids: [c, a, b] }).expect(200);
    expect(res.body.items.map((f: { id: number; position: number }) => [f.id, f.position])).toEqual([
      [c, 1],
      [a, 2],
      [b, 3],
    ]);
    expect(await shown(alice)).toEqual([
      [c, 1],
      [a, 2],
      [b, 3],
    ]);
  });

  it('keeps those left out after the listed ones, hidden ones too, in their order', async () => {
    const a = await pin(alice, 'a');
    const hidden = await pin(alice, 'hidden', otherProjectId);
    const b = await pin(alice, 'b');
    const c = await pin(alice, 'c');
    await sql(`UPDATE projects SET status = 'archived' WHERE id = $1`, [otherProjectId]);
    // The dashboard knows only the shown ones, and may not know of one pinned in another tab.
    await reorder(alice, { ids: [b, a] }).expect(200);
    expect((await stored('alice')).map((f) => [f.id, f.position])).toEqual([
      [b, 1],
      [a, 2],
      [hidden, 3],
      [c, 4],
    ]);
    await sql(`UPDATE projects SET status = 'active'`);
    expect(await shown(alice)).toEqual([
      [b, 1],
      [a, 2],
      [hidden, 3],
      [c, 4],
    ]);
  });

  it("another user's favourite is a 404 and nothing moves; 401 without credentials; API tokens work", async () => {
    const [a, b] = [await pin(alice, 'a'), await pin(alice, 'b')];
    const theirs = await pin(bob, 'bob');
    const res = await reorder(alice, { ids: [b, theirs, a] }).expect(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(await shown(alice)).toEqual([
      [a, 1],
      [b, 2],
    ]);
    await http()
      .put('/api/v1/favourites/order')
      .send({ ids: [b, a] })
      .expect(401);
    await reorder(alice, { ids: [999_999] }).expect(404);
    const token = (await post(alice, '/api/v1/tokens', { name: 'order' }).expect(201)).body.token as string;
    await http()
      .put('/api/v1/favourites/order')
      .set('Authorization', `Bearer ${token}`)
      .send({ ids: [b, a] })
      .expect(200);
    expect(await shown(alice)).toEqual([
      [b, 1],
      [a, 2],
    ]);
  });

  it('400 for a bad body: empty, repeated ids, not ids, unknown fields', async () => {
    const a = await pin(alice, 'a');
    for (const body of [{}, { ids: [] }, { ids: [a, a] }, { ids: ['x'] }, { ids: [0] }, { ids: [a], x: 1 }])
      await reorder(alice, body).expect(400);
    await reorder(alice, { ids: [2 ** 31] }).expect(400);
  });

  it('concurrent reorders, moves and pins leave the strip numbered 1..n, each once', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push(await pin(alice, `f${i}`));
    // The service itself: over HTTP one session's requests queue on its own bookkeeping.
    const prisma = createPrismaClient(db.url);
    try {
      const entries = new TimeEntriesRepository(prisma);
      const tags = new TagsService(new TagsRepository(prisma));
      const service = new FavouritesService(
        new FavouritesRepository(prisma),
        entries,
        new TimeEntriesService(entries, new TimeEntryListRepository(prisma), tags),
        tags,
      );
      const [row] = await sql<{ id: number }>(`SELECT id FROM users WHERE username = 'alice'`);
      const actor: Principal = { userId: row!.id, username: 'alice', role: 'user', via: 'token' };
      await Promise.all([
        ...ids.map((_, i) => service.reorder(actor, [...ids.slice(i), ...ids.slice(0, i)])),
        ...ids.map((id, i) => service.update(actor, id, { position: 6 - i })),
        ...Array.from({ length: 4 }, (_, i) => service.create(actor, { projectId, notes: `new${i}` })),
      ]);
    } finally {
      await prisma.$disconnect();
    }
    const all = await stored('alice');
    expect(all.map((f) => f.position)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });
});
