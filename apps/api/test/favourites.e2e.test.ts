import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  TimeEntriesRepository,
  TimeEntriesService,
  TimeEntryListRepository,
  TagsRepository,
  TagsService,
  type Principal,
} from '@timetracker/core';
import { createPrismaClient } from '@timetracker/db';
import { ADMIN, type Session, signIn, signInNewUser, sqlOn, startApi } from './support';
import type { ApiApp } from '../src/app';

// Continue, duplicate, favourites, recent combinations and the overlap policy (issue #17 §4, §7).

let db: TestDatabase;
let app: ApiApp;
let admin: Session;
let alice: Session;
let bob: Session;
let projectId: number;
let otherProjectId: number;
let taskId: number;
const http = () => request(app.getHttpServer());

const sql = sqlOn(() => db.url);

type Who = typeof alice;
const post = (who: Who, url: string, body: object = {}) =>
  who.agent.post(url).set('X-CSRF-Token', who.csrf).send(body);
const patch = (who: Who, url: string, body: object) =>
  who.agent.patch(url).set('X-CSRF-Token', who.csrf).send(body);
const del = (who: Who, url: string) => who.agent.delete(url).set('X-CSRF-Token', who.csrf);
const manual = (who: Who, start: string, end: string, extra: object = {}) =>
  post(who, '/api/v1/time-entries', { projectId, startTime: start, endTime: end, ...extra });
const policy = (p: string) => sql(`UPDATE settings SET overlap_policy = $1`, [p]);

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  admin = await signIn(app, ADMIN);
  alice = await signInNewUser(app, admin, { username: 'alice', password: 'blue-orchid-2718' });
  bob = await signInNewUser(app, admin, { username: 'bob', password: 'green-falcon-3141' });
  projectId = (await sql<{ id: number }>(`SELECT id FROM projects WHERE name = 'General'`))[0]!.id;
  otherProjectId = (await post(admin, '/api/v1/projects', { name: 'Website', billable: false }).expect(201))
    .body.id;
  taskId = (await post(admin, '/api/v1/tasks', { projectId, name: 'Design' }).expect(201)).body.id;
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});
beforeEach(async () => {
  await sql(
    `UPDATE settings SET rounding_minutes = 1, rounding_mode = 'nearest', single_active_timer = true,
            timezone = 'Europe/Rome', overlap_policy = 'warn'`,
  );
  await sql(`UPDATE projects SET status = 'active'`);
  await sql(`DELETE FROM time_entries`);
  await sql(`DELETE FROM favourites`);
});

describe('continue', () => {
  it("starts a timer with the entry's fields and stops the running one", async () => {
    const done = await manual(alice, '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z', {
      taskId,
      notes: 'mockups',
      tags: ['ui', 'draft'],
      billable: false,
    }).expect(201);
    const running = await post(alice, '/api/v1/timer/start', { projectId: otherProjectId }).expect(201);
    const res = await post(alice, `/api/v1/time-entries/${done.body.id}/continue`).expect(201);
    expect(res.body).toMatchObject({
      running: true,
      source: 'auto',
      projectId,
      taskId,
      notes: 'mockups',
      tags: ['ui', 'draft'],
      billable: false,
    });
    expect((await alice.agent.get(`/api/v1/time-entries/${running.body.id}`).expect(200)).body.running).toBe(
      false,
    );
    const active = await alice.agent.get('/api/v1/timer/active').expect(200);
    expect(active.body.items.map((e: { id: number }) => e.id)).toEqual([res.body.id]);
  });

  it('works with an API token; 401 without credentials; 404 for another user; 400 for a bad id', async () => {
    const done = await manual(alice, '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z').expect(201);
    const token = (await post(alice, '/api/v1/tokens', { name: 'cli' }).expect(201)).body.token as string;
    await http()
      .post(`/api/v1/time-entries/${done.body.id}/continue`)
      .set('Authorization', `Bearer ${token}`)
      .expect(201);
    await http().post(`/api/v1/time-entries/${done.body.id}/continue`).expect(401);
    const other = await post(bob, `/api/v1/time-entries/${done.body.id}/continue`).expect(404);
    expect(other.headers['content-type']).toMatch(/problem\+json/);
    await post(alice, '/api/v1/time-entries/abc/continue').expect(400);
    await post(alice, '/api/v1/time-entries/999999/continue').expect(404);
  });

  it('is a 409 when the project no longer accepts time', async () => {
    const done = await manual(alice, '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z').expect(201);
    await sql(`UPDATE projects SET status = 'archived' WHERE id = $1`, [projectId]);
    const res = await post(alice, `/api/v1/time-entries/${done.body.id}/continue`).expect(409);
    expect(res.body.detail).toMatch(/archived/);
  });
});

describe('duplicate', () => {
  it('copies an entry to another day at the same local times, across a DST change', async () => {
    // 09:00–10:30 in Rome during summer time (UTC+2) ...
    const done = await manual(alice, '2026-10-20T07:00:00Z', '2026-10-20T08:30:00Z', {
      notes: 'standup',
      tags: ['team'],
    }).expect(201);
    // ... is 09:00–10:30 in winter time (UTC+1) too.
    const copy = await post(alice, `/api/v1/time-entries/${done.body.id}/duplicate`, {
      date: '2026-10-26',
    }).expect(201);
    expect(copy.body).toMatchObject({
      startTime: '2026-10-26T08:00:00.000Z',
      endTime: '2026-10-26T09:30:00.000Z',
      durationSeconds: 5400,
      notes: 'standup',
      tags: ['team'],
      source: 'manual',
      projectId,
    });
    expect(copy.body.id).not.toBe(done.body.id);
  });

  it('keeps an entry that crosses midnight crossing it', async () => {
    const done = await manual(alice, '2026-12-01T22:00:00Z', '2026-12-02T01:00:00Z').expect(201);
    const copy = await post(alice, `/api/v1/time-entries/${done.body.id}/duplicate`, {
      date: '2026-12-10',
    }).expect(201);
    expect(copy.body).toMatchObject({
      startTime: '2026-12-10T22:00:00.000Z',
      endTime: '2026-12-11T01:00:00.000Z',
    });
  });

  it('400 for a bad date or field, 401, 404 for another user, 409 for a running entry', async () => {
    const done = await manual(alice, '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z').expect(201);
    const url = `/api/v1/time-entries/${done.body.id}/duplicate`;
    await post(alice, url, { date: '2026-13-01' }).expect(400);
    await post(alice, url, { date: '2026-12-02', extra: 1 }).expect(400);
    await post(alice, url, {}).expect(400);
    await http().post(url).send({ date: '2026-12-02' }).expect(401);
    await post(bob, url, { date: '2026-12-02' }).expect(404);
    const running = await post(alice, '/api/v1/timer/start', { projectId }).expect(201);
    await post(alice, `/api/v1/time-entries/${running.body.id}/duplicate`, { date: '2026-12-02' }).expect(
      409,
    );
  });

  it('is a 409 when the project was archived', async () => {
    const done = await manual(alice, '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z').expect(201);
    await sql(`UPDATE projects SET status = 'archived' WHERE id = $1`, [projectId]);
    await post(alice, `/api/v1/time-entries/${done.body.id}/duplicate`, { date: '2026-12-02' }).expect(409);
  });
});

describe('overlaps', () => {
  it('warn (the default): the write succeeds and names the other entry', async () => {
    const first = await manual(alice, '2026-12-01T08:00:00Z', '2026-12-01T10:00:00Z').expect(201);
    expect(first.body.warnings).toBeUndefined();
    const second = await manual(alice, '2026-12-01T09:30:00Z', '2026-12-01T11:00:00Z').expect(201);
    expect(second.body.warnings).toEqual([
      {
        code: 'OVERLAP',
        entryId: first.body.id,
        projectName: 'General',
        startTime: '2026-12-01T08:00:00.000Z',
        endTime: '2026-12-01T10:00:00.000Z',
        detail: `Overlaps entry #${first.body.id} (General, 2026-12-01 09:00–11:00)`,
      },
    ]);
    // Touching ends do not overlap ([start, end)); other users' time does not count.
    expect(
      (await manual(alice, '2026-12-01T11:00:00Z', '2026-12-01T12:00:00Z').expect(201)).body.warnings,
    ).toBeUndefined();
    expect(
      (await manual(bob, '2026-12-01T08:00:00Z', '2026-12-01T12:00:00Z').expect(201)).body.warnings,
    ).toBeUndefined();
  });

  it('refuse: 409 naming the other entry, and nothing is written', async () => {
    await policy('refuse');
    const first = await manual(alice, '2026-12-01T08:00:00Z', '2026-12-01T10:00:00Z').expect(201);
    const res = await manual(alice, '2026-12-01T09:00:00Z', '2026-12-01T09:30:00Z').expect(409);
    expect(res.body.detail).toBe(
      `The entry overlaps entry #${first.body.id} (General, 2026-12-01 09:00–11:00)`,
    );
    expect(await sql(`SELECT id FROM time_entries`)).toHaveLength(1);
    // An update into another entry is refused too; one that keeps clear of it is not (and the
    // entry does not overlap itself).
    const later = await manual(alice, '2026-12-01T12:00:00Z', '2026-12-01T13:00:00Z').expect(201);
    await patch(alice, `/api/v1/time-entries/${later.body.id}`, { startTime: '2026-12-01T09:59:00Z' }).expect(
      409,
    );
    await patch(alice, `/api/v1/time-entries/${later.body.id}`, { startTime: '2026-12-01T11:00:00Z' }).expect(
      200,
    );
    // A duplicate onto the same day, and a range (bulk) over it.
    await post(alice, `/api/v1/time-entries/${first.body.id}/duplicate`, { date: '2026-12-01' }).expect(409);
    await post(alice, '/api/v1/time-entries/bulk', {
      projectId,
      from: '2026-11-30',
      to: '2026-12-02',
      startTime: '09:30',
      endTime: '10:00',
    }).expect(409);
    expect(await sql(`SELECT id FROM time_entries`)).toHaveLength(2);
  });

  /** The service itself: over HTTP one session's requests queue on its own bookkeeping. */
  async function onService(work: (service: TimeEntriesService, actor: Principal) => Promise<void>) {
    const prisma = createPrismaClient(db.url);
    try {
      const service = new TimeEntriesService(
        new TimeEntriesRepository(prisma),
        new TimeEntryListRepository(prisma),
        new TagsService(new TagsRepository(prisma)),
      );
      const [row] = await sql<{ id: number }>(`SELECT id FROM users WHERE username = 'alice'`);
      await work(service, { userId: row!.id, username: 'alice', role: 'user', via: 'token' });
    } finally {
      await prisma.$disconnect();
    }
  }

  const expectOneSaved = (results: PromiseSettledResult<unknown>[]) => {
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
  };

  it('refuse holds under concurrency: of 20 parallel creates of one slot, exactly one is saved', async () => {
    await policy('refuse');
    await onService(async (service, actor) => {
      expectOneSaved(
        await Promise.allSettled(
          Array.from({ length: 20 }, () =>
            service.create(actor, {
              projectId,
              startTime: '2026-12-03T08:00:00Z',
              endTime: '2026-12-03T09:00:00Z',
            }),
          ),
        ),
      );
    });
    expect(await sql(`SELECT id FROM time_entries`)).toHaveLength(1);
  });

  it('refuse holds under concurrency: of 20 entries moved into one slot at once, exactly one moves', async () => {
    const ids: number[] = [];
    for (let day = 1; day <= 20; day++) {
      const d = String(day).padStart(2, '0');
      ids.push((await manual(alice, `2026-11-${d}T08:00:00Z`, `2026-11-${d}T09:00:00Z`).expect(201)).body.id);
    }
    await policy('refuse');
    await onService(async (service, actor) => {
      expectOneSaved(
        await Promise.allSettled(
          ids.map((id) =>
            service.update(actor, id, { startTime: '2026-12-03T08:00:00Z', endTime: '2026-12-03T09:00:00Z' }),
          ),
        ),
      );
    });
    expect(await sql(`SELECT id FROM time_entries WHERE start_time = '2026-12-03T08:00:00Z'`)).toHaveLength(
      1,
    );
  });

  it('a running timer counts as open-ended', async () => {
    await policy('refuse');
    await sql(`UPDATE settings SET single_active_timer = false`);
    const running = await post(alice, '/api/v1/timer/start', { projectId }).expect(201);
    const res = await manual(alice, '2099-01-01T08:00:00Z', '2099-01-01T09:00:00Z').expect(409);
    expect(res.body.detail).toContain(`entry #${running.body.id} (General,`);
    expect(res.body.detail).toContain('–running)');
    // Back-dating the running timer's start into an earlier entry is checked as well.
    await policy('warn');
    const before = await manual(alice, '2020-01-01T08:00:00Z', '2020-01-01T09:00:00Z').expect(201);
    expect(before.body.warnings).toBeUndefined();
    const moved = await patch(alice, `/api/v1/time-entries/${running.body.id}`, {
      startTime: '2020-01-01T08:30:00Z',
    }).expect(200);
    expect(moved.body.warnings.map((w: { entryId: number }) => w.entryId)).toEqual([before.body.id]);
  });

  it('allow: nothing is said', async () => {
    await policy('allow');
    await manual(alice, '2026-12-01T08:00:00Z', '2026-12-01T10:00:00Z').expect(201);
    const res = await manual(alice, '2026-12-01T08:00:00Z', '2026-12-01T10:00:00Z').expect(201);
    expect(res.body.warnings).toBeUndefined();
  });

  it('is an admin-editable setting: 400 for an unknown value, 403 for others', async () => {
    const res = await admin.agent
      .patch('/api/v1/settings')
      .set('X-CSRF-Token', admin.csrf)
      .send({ overlapPolicy: 'refuse' });
    expect(res.status).toBe(200);
    expect(res.body.overlapPolicy).toBe('refuse');
    expect((await admin.agent.get('/api/v1/settings').expect(200)).body.overlapPolicy).toBe('refuse');
    await admin.agent
      .patch('/api/v1/settings')
      .set('X-CSRF-Token', admin.csrf)
      .send({ overlapPolicy: 'maybe' })
      .expect(400);
    await alice.agent
      .patch('/api/v1/settings')
      .set('X-CSRF-Token', alice.csrf)
      .send({ overlapPolicy: 'allow' })
      .expect(403);
  });
});

describe('favourites', () => {
  it('creates, lists in order, moves, updates, starts and deletes', async () => {
    const a = await post(alice, '/api/v1/favourites', {
      projectId,
      taskId,
      notes: 'mockups',
      tags: ['ui'],
    }).expect(201);
    expect(a.body).toMatchObject({
      projectId,
      projectName: 'General',
      taskId,
      taskName: 'Design',
      notes: 'mockups',
      tags: ['ui'],
      billable: null,
      position: 1,
    });
    const b = await post(alice, '/api/v1/favourites', { projectId: otherProjectId }).expect(201);
    const c = await post(alice, '/api/v1/favourites', { projectId, notes: 'first', position: 1 }).expect(201);
    const order = async () =>
      (await alice.agent.get('/api/v1/favourites').expect(200)).body.items.map(
        (f: { id: number; position: number }) => [f.id, f.position],
      );
    expect(await order()).toEqual([
      [c.body.id, 1],
      [a.body.id, 2],
      [b.body.id, 3],
    ]);
    await patch(alice, `/api/v1/favourites/${c.body.id}`, { position: 3, notes: 'last' }).expect(200);
    expect(await order()).toEqual([
      [a.body.id, 1],
      [b.body.id, 2],
      [c.body.id, 3],
    ]);
    // A new project drops the task.
    const moved = await patch(alice, `/api/v1/favourites/${a.body.id}`, { projectId: otherProjectId }).expect(
      200,
    );
    expect(moved.body).toMatchObject({ projectId: otherProjectId, taskId: null, notes: 'mockups' });

    const started = await post(alice, `/api/v1/favourites/${c.body.id}/start`).expect(201);
    expect(started.body).toMatchObject({ running: true, projectId, notes: 'last', billable: true });
    // billable null = the project's flag (Website is not billable).
    const second = await post(alice, `/api/v1/favourites/${b.body.id}/start`).expect(201);
    expect(second.body).toMatchObject({ running: true, projectId: otherProjectId, billable: false });
    expect((await alice.agent.get('/api/v1/timer/active').expect(200)).body.items).toHaveLength(1);

    await del(alice, `/api/v1/favourites/${b.body.id}`).expect(204);
    await alice.agent.get(`/api/v1/favourites/${b.body.id}`).expect(404);
  });

  it('is a 409 past the most favourites one may pin', async () => {
    const [row] = await sql<{ id: number }>(`SELECT id FROM users WHERE username = 'alice'`);
    await sql(
      `INSERT INTO favourites (user_id, project_id, position) SELECT $1, $2, n FROM generate_series(1, 50) n`,
      [row!.id, projectId],
    );
    const res = await post(alice, '/api/v1/favourites', { projectId }).expect(409);
    expect(res.body.detail).toMatch(/At most 50 favourites/);
    await post(bob, '/api/v1/favourites', { projectId }).expect(201);
  });

  it("another user's favourite is a 404, for admins too; 401 without credentials", async () => {
    const fav = await post(alice, '/api/v1/favourites', { projectId }).expect(201);
    const url = `/api/v1/favourites/${fav.body.id}`;
    for (const who of [bob, admin]) {
      await who.agent.get(url).expect(404);
      await patch(who, url, { notes: 'mine' }).expect(404);
      await del(who, url).expect(404);
      await post(who, `${url}/start`).expect(404);
      expect((await who.agent.get('/api/v1/favourites').expect(200)).body.items).toEqual([]);
    }
    await http().get('/api/v1/favourites').expect(401);
    await http().post(`${url}/start`).expect(401);
    const token = (await post(alice, '/api/v1/tokens', { name: 'fav' }).expect(201)).body.token as string;
    await http().post(`${url}/start`).set('Authorization', `Bearer ${token}`).expect(201);
  });

  it('400 for bad input: unknown fields, a task of another project, an unknown project', async () => {
    await post(alice, '/api/v1/favourites', { projectId, colour: 'red' }).expect(400);
    await post(alice, '/api/v1/favourites', {}).expect(400);
    const otherTask = (
      await post(admin, '/api/v1/tasks', { projectId: otherProjectId, name: 'Copy' }).expect(201)
    ).body.id;
    await post(alice, '/api/v1/favourites', { projectId, taskId: otherTask }).expect(400);
    await post(alice, '/api/v1/favourites', { projectId: 999999 }).expect(400);
    const fav = await post(alice, '/api/v1/favourites', { projectId }).expect(201);
    await patch(alice, `/api/v1/favourites/${fav.body.id}`, {}).expect(400);
    await alice.agent.get('/api/v1/favourites/nope').expect(400);
  });

  it('an archived project hides the favourite and refuses its start (409); deletion removes it', async () => {
    const fav = await post(alice, '/api/v1/favourites', { projectId: otherProjectId }).expect(201);
    await sql(`UPDATE projects SET status = 'archived' WHERE id = $1`, [otherProjectId]);
    expect((await alice.agent.get('/api/v1/favourites').expect(200)).body.items).toEqual([]);
    await post(alice, `/api/v1/favourites/${fav.body.id}/start`).expect(409);
    await post(alice, '/api/v1/favourites', { projectId: otherProjectId }).expect(409);
    await sql(`UPDATE projects SET status = 'active' WHERE id = $1`, [otherProjectId]);
    expect((await alice.agent.get('/api/v1/favourites').expect(200)).body.items).toHaveLength(1);
    // Deleting the task, or the user, deletes the favourites that name them.
    const task = (await post(admin, '/api/v1/tasks', { projectId, name: 'Temp' }).expect(201)).body.id;
    await post(alice, '/api/v1/favourites', { projectId, taskId: task }).expect(201);
    await sql(`DELETE FROM tasks WHERE id = $1`, [task]);
    expect((await alice.agent.get('/api/v1/favourites').expect(200)).body.items).toHaveLength(1);
    const dave = (
      await post(admin, '/api/v1/users', { username: 'dave', password: 'red-harbour-1618' }).expect(201)
    ).body.id as number;
    await sql(`INSERT INTO favourites (user_id, project_id, position) VALUES ($1, $2, 1)`, [dave, projectId]);
    await sql(`DELETE FROM users WHERE id = $1`, [dave]);
    expect(await sql(`SELECT id FROM favourites WHERE user_id = $1`, [dave])).toEqual([]);
  });
});

describe('recent combinations', () => {
  it('lists the newest distinct combinations, newest first, without archived projects', async () => {
    await manual(alice, '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z', { notes: 'a', tags: ['x'] });
    await manual(alice, '2026-12-02T08:00:00Z', '2026-12-02T09:00:00Z', { notes: 'b' });
    await manual(alice, '2026-12-03T08:00:00Z', '2026-12-03T09:00:00Z', { notes: 'a', tags: ['x'] });
    await post(alice, '/api/v1/time-entries', {
      projectId: otherProjectId,
      startTime: '2026-12-04T08:00:00Z',
      endTime: '2026-12-04T09:00:00Z',
    }).expect(201);
    await manual(bob, '2026-12-05T08:00:00Z', '2026-12-05T09:00:00Z', { notes: 'bob' });
    const res = await alice.agent.get('/api/v1/time-entries/recent-combinations').expect(200);
    expect(
      res.body.items.map((c: { projectId: number; notes: string | null; tags: string[] }) => [
        c.projectId,
        c.notes,
        c.tags,
      ]),
    ).toEqual([
      [otherProjectId, null, []],
      [projectId, 'a', ['x']],
      [projectId, 'b', []],
    ]);
    expect(res.body.items[1].lastStartTime).toBe('2026-12-03T08:00:00.000Z');
    const limited = await alice.agent.get('/api/v1/time-entries/recent-combinations?limit=1').expect(200);
    expect(limited.body.items).toHaveLength(1);
    await alice.agent.get('/api/v1/time-entries/recent-combinations?limit=0').expect(400);
    await http().get('/api/v1/time-entries/recent-combinations').expect(401);
    await sql(`UPDATE projects SET status = 'archived' WHERE id = $1`, [otherProjectId]);
    expect(
      (await alice.agent.get('/api/v1/time-entries/recent-combinations').expect(200)).body.items,
    ).toHaveLength(2);
  });
});

describe('tags named in a save that fails', () => {
  const tagNamed = async (name: string) => sql(`SELECT id FROM tags WHERE lower(name) = lower($1)`, [name]);

  it('a favourite edit with an archived tag creates none of the new ones', async () => {
    const fav = await post(alice, '/api/v1/favourites', { projectId, tags: ['kept'] }).expect(201);
    await sql(`INSERT INTO tags (name, archived) VALUES ('retired-fav', true) ON CONFLICT DO NOTHING`);
    await patch(alice, `/api/v1/favourites/${fav.body.id}`, { tags: ['fresh-fav', 'retired-fav'] }).expect(
      400,
    );
    expect(await tagNamed('fresh-fav')).toEqual([]);
    // A save that succeeds makes the new tag, in the same request.
    const ok = await patch(alice, `/api/v1/favourites/${fav.body.id}`, {
      tags: ['kept', 'fresh-fav'],
    }).expect(200);
    expect(ok.body.tags).toEqual(['kept', 'fresh-fav']);
    expect(await tagNamed('fresh-fav')).toHaveLength(1);
  });

  it('an entry refused for overlapping another leaves no new tag behind (create and edit)', async () => {
    await policy('refuse');
    await manual(alice, '2026-12-03T08:00:00Z', '2026-12-03T10:00:00Z').expect(201);
    await manual(alice, '2026-12-03T09:00:00Z', '2026-12-03T11:00:00Z', { tags: ['stray-create'] }).expect(
      409,
    );
    expect(await tagNamed('stray-create')).toEqual([]);
    const later = await manual(alice, '2026-12-03T12:00:00Z', '2026-12-03T13:00:00Z').expect(201);
    await patch(alice, `/api/v1/time-entries/${later.body.id}`, {
      startTime: '2026-12-03T09:30:00Z',
      tags: ['stray-edit'],
    }).expect(409);
    expect(await tagNamed('stray-edit')).toEqual([]);
  });
});
