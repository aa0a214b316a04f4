import { IdleTimersRepository, IdleTimersService } from '@timetracker/core';
import { createPrismaClient } from '@timetracker/db';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiApp } from '../src/app';
import { ADMIN, createUser, signIn, signInNewUser, sqlOn, startApi, type Session } from './support';

// Issue #18 §4: every write path of a time entry, and role and activation changes of a user,
// leave exactly one audit event with the record before and after, in the change's transaction.

let db: TestDatabase;
let app: ApiApp;
let admin: Session;
let projectId: number;
const sql = sqlOn(() => db.url);

interface Event {
  id: number;
  action: string;
  actorId: number | null;
  actorUsername: string | null;
  via: string;
  entity: string;
  entityId: number | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

let serial = 0;
/** A new user of their own for each test (they run in any order on one database). */
async function newUser(): Promise<Session> {
  serial += 1;
  return signInNewUser(app, admin, {
    username: `audited-${serial}-${Date.now()}`,
    password: 'blue-orchid-2718',
  });
}

const post = (s: Session, url: string, body: object = {}) =>
  s.agent.post(url).set('X-CSRF-Token', s.csrf).send(body);

/** The events of one entry, oldest first, through the API. */
async function historyOf(entryId: number): Promise<Event[]> {
  return (await admin.agent.get(`/api/v1/time-entries/${entryId}/history`).expect(200)).body.items as Event[];
}

/** Every time-entry event made by `user`, oldest first. */
async function eventsBy(user: Session): Promise<Event[]> {
  const res = await admin.agent
    .get(`/api/v1/audit?entity=time_entry&actorId=${user.user.id}&pageSize=500`)
    .expect(200);
  return (res.body.items as Event[]).reverse();
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  admin = await signIn(app, ADMIN);
  projectId = (await sql<{ id: number }>(`SELECT id FROM projects WHERE name = 'General'`))[0]!.id;
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('time entries', () => {
  it('a create, an edit and a delete leave one event each, with the entry before and after', async () => {
    const bob = await newUser();
    const created = await post(bob, '/api/v1/time-entries', {
      projectId,
      startTime: '2026-03-02T08:00:00Z',
      endTime: '2026-03-02T10:00:00Z',
      notes: 'draft',
      tags: ['alpha'],
    }).expect(201);
    const id = created.body.id as number;
    await bob.agent
      .patch(`/api/v1/time-entries/${id}`)
      .set('X-CSRF-Token', bob.csrf)
      .send({ notes: 'final', tags: ['alpha', 'beta'], endTime: '2026-03-02T11:00:00Z' })
      .expect(200);
    // Nothing a person sees changes: no event.
    await bob.agent
      .patch(`/api/v1/time-entries/${id}`)
      .set('X-CSRF-Token', bob.csrf)
      .send({ notes: 'final' })
      .expect(200);
    await bob.agent.delete(`/api/v1/time-entries/${id}`).set('X-CSRF-Token', bob.csrf).expect(204);

    const events = await historyOf(id);
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
    const [create, update, remove] = events as [Event, Event, Event];
    expect(create).toMatchObject({
      actorId: bob.user.id,
      actorUsername: bob.user.username,
      via: 'session',
      entity: 'time_entry',
      entityId: id,
      before: null,
      after: {
        userId: bob.user.id,
        projectId,
        projectName: 'General',
        notes: 'draft',
        tags: ['alpha'],
        startTime: '2026-03-02T08:00:00.000Z',
        endTime: '2026-03-02T10:00:00.000Z',
        durationSeconds: 7200,
      },
    });
    expect(update.before).toEqual(create.after);
    expect(update.after).toMatchObject({
      notes: 'final',
      tags: ['alpha', 'beta'],
      endTime: '2026-03-02T11:00:00.000Z',
      durationSeconds: 10_800,
    });
    // updated_at is noise every write moves: not part of what is kept.
    expect(update.after).not.toHaveProperty('updatedAt');
    expect(remove).toMatchObject({ before: update.after, after: null });
  });

  it('bulk, duplicate and continue record one event per entry they write', async () => {
    const bob = await newUser();
    const bulk = await post(bob, '/api/v1/time-entries/bulk', {
      projectId,
      from: '2026-03-02',
      to: '2026-03-04',
      startTime: '09:00',
      endTime: '12:00',
      notes: 'bulk',
    }).expect(201);
    const ids = (bulk.body.items as { id: number }[]).map((e) => e.id);
    expect(ids).toHaveLength(3);
    const copy = await post(bob, `/api/v1/time-entries/${ids[0]}/duplicate`, { date: '2026-03-09' }).expect(
      201,
    );
    const continued = await post(bob, `/api/v1/time-entries/${ids[1]}/continue`).expect(201);

    const events = await eventsBy(bob);
    expect(events.map((e) => [e.action, e.entityId])).toEqual([
      ['create', ids[0]],
      ['create', ids[1]],
      ['create', ids[2]],
      ['create', copy.body.id],
      ['start', continued.body.id],
    ]);
    expect(events[3]!.after).toMatchObject({ notes: 'bulk', startTime: copy.body.startTime });
    expect(events[4]!.after).toMatchObject({ notes: 'bulk', endTime: null, source: 'auto' });
  });

  it('timer start, pause, resume, switch and stop: one event each, with an API token too', async () => {
    const bob = await newUser();
    const token = (await post(bob, '/api/v1/tokens', { name: 'cli' }).expect(201)).body.token as string;
    const api = (url: string, body: object = {}) =>
      bob.agent.post(url).set('Authorization', `Bearer ${token}`).send(body);
    const first = (await api('/api/v1/timer/start', { projectId, tags: ['timer'] }).expect(201)).body;
    await api('/api/v1/timer/pause').expect(200);
    await api('/api/v1/timer/resume').expect(200);
    // Single active timer: the start stops the running one at the same instant.
    const second = (await api('/api/v1/timer/start', { projectId, notes: 'next' }).expect(201)).body;
    await api('/api/v1/timer/stop').expect(200);

    const events = await eventsBy(bob);
    expect(events.map((e) => [e.action, e.entityId])).toEqual([
      ['start', first.id],
      ['pause', first.id],
      ['resume', first.id],
      ['stop', first.id],
      ['start', second.id],
      ['stop', second.id],
    ]);
    expect(events.every((e) => e.via === 'token' && e.actorId === bob.user.id)).toBe(true);
    const [start, pause, resume, stop] = events as [Event, Event, Event, Event];
    expect(start.after).toMatchObject({ tags: ['timer'], endTime: null, pausedAt: null });
    expect(pause.before).toEqual(start.after);
    expect(pause.after!.pausedAt).not.toBeNull();
    expect(resume.after).toMatchObject({ pausedAt: null });
    expect(stop.before).toMatchObject({ endTime: null });
    expect(stop.after!.endTime).toBe(second.startTime);
  });

  it('a timesheet cell records the entry it creates and the change it makes', async () => {
    const bob = await newUser();
    const cell = (seconds: number) =>
      bob.agent
        .put('/api/v1/timesheet/cells')
        .set('X-CSRF-Token', bob.csrf)
        .send({ date: '2026-03-03', projectId, seconds });
    await cell(3600).expect(200);
    await cell(5400).expect(200);
    const events = await eventsBy(bob);
    expect(events.map((e) => e.action)).toEqual(['create', 'update']);
    expect(events[1]!.entityId).toBe(events[0]!.entityId);
    expect(events[1]!.before!.durationSeconds).toBe(3600);
    expect(events[1]!.after!.durationSeconds).toBe(5400);
  });

  it("the worker's idle stop is recorded as the system's", async () => {
    const bob = await newUser();
    await sql(`UPDATE settings SET idle_timeout_minutes = 30`);
    const started = (await post(bob, '/api/v1/timer/start', { projectId }).expect(201)).body;
    await sql(`UPDATE time_entries SET start_time = now() - interval '3 hours' WHERE id = $1`, [started.id]);
    await sql(`UPDATE users SET last_activity_at = now() - interval '2 hours' WHERE id = $1`, [bob.user.id]);
    const prisma = createPrismaClient(db.url);
    try {
      await new IdleTimersService(new IdleTimersRepository(prisma)).stopIdleTimers(new Date());
    } finally {
      await prisma.$disconnect();
    }
    const events = await historyOf(started.id);
    expect(events.map((e) => e.action)).toEqual(['start', 'idle_stop']);
    expect(events[1]).toMatchObject({
      actorId: null,
      actorUsername: null,
      via: 'system',
      before: { endTime: null, stoppedReason: null },
      after: { stoppedReason: 'idle' },
    });
    expect(events[1]!.after!.endTime).not.toBeNull();
  });

  it('with overlap_policy refuse (writes under the timer lock), a create and an edit are recorded too', async () => {
    const bob = await newUser();
    await sql(`UPDATE settings SET overlap_policy = 'refuse'`);
    try {
      const id = (
        await post(bob, '/api/v1/time-entries', {
          projectId,
          startTime: '2026-03-06T08:00:00Z',
          endTime: '2026-03-06T09:00:00Z',
          tags: ['locked-path'],
        }).expect(201)
      ).body.id as number;
      await bob.agent
        .patch(`/api/v1/time-entries/${id}`)
        .set('X-CSRF-Token', bob.csrf)
        .send({ endTime: '2026-03-06T09:30:00Z', tags: [] })
        .expect(200);
      const events = await historyOf(id);
      expect(events.map((e) => e.action)).toEqual(['create', 'update']);
      expect(events[0]!.after).toMatchObject({ tags: ['locked-path'], endTime: '2026-03-06T09:00:00.000Z' });
      expect(events[1]!.before).toEqual(events[0]!.after);
      expect(events[1]!.after).toMatchObject({ tags: [], endTime: '2026-03-06T09:30:00.000Z' });
    } finally {
      await sql(`UPDATE settings SET overlap_policy = 'warn'`);
    }
  });

  it("an admin's change to someone's entry names the admin", async () => {
    const bob = await newUser();
    const id = (
      await post(admin, '/api/v1/time-entries', {
        userId: bob.user.id,
        projectId,
        startTime: '2026-03-05T08:00:00Z',
        endTime: '2026-03-05T09:00:00Z',
      }).expect(201)
    ).body.id as number;
    const [event] = await historyOf(id);
    expect(event).toMatchObject({ actorUsername: ADMIN.username, after: { userId: bob.user.id } });
  });
});

describe('users', () => {
  it('role and activation changes and a deletion leave an event each; the events outlive the user', async () => {
    const carol = await createUser(admin, { username: `carol-${Date.now()}`, password: 'blue-orchid-2718' });
    const patch = (body: object) =>
      admin.agent.patch(`/api/v1/users/${carol.id}`).set('X-CSRF-Token', admin.csrf).send(body).expect(200);
    await patch({ role: 'admin' });
    await patch({ role: 'admin' }); // no change: no event
    await patch({ isActive: false });
    await admin.agent.delete(`/api/v1/users/${carol.id}`).set('X-CSRF-Token', admin.csrf).expect(200);

    const res = await admin.agent.get(`/api/v1/audit?entity=user&entityId=${carol.id}`).expect(200);
    const events = (res.body.items as Event[]).reverse();
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'update', 'delete']);
    expect(events[1]).toMatchObject({ before: { role: 'user' }, after: { role: 'admin' } });
    expect(events[2]).toMatchObject({ before: { isActive: true }, after: { isActive: false } });
    expect(events[3]).toMatchObject({ before: { username: carol.username }, after: null });
    expect(JSON.stringify(events)).not.toMatch(/password|argon/i);
  });

  it('deleting a user who has time deactivates them, recorded as such', async () => {
    const dave = await newUser();
    await post(dave, '/api/v1/timer/start', { projectId }).expect(201);
    await admin.agent.delete(`/api/v1/users/${dave.user.id}`).set('X-CSRF-Token', admin.csrf).expect(200);
    const res = await admin.agent.get(`/api/v1/audit?entity=user&entityId=${dave.user.id}&action=deactivate`);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({ before: { isActive: true }, after: { isActive: false } });
  });
});

describe('the log itself', () => {
  it('refuses UPDATE, DELETE and TRUNCATE, whoever asks', async () => {
    const bob = await newUser();
    await post(bob, '/api/v1/timer/start', { projectId }).expect(201);
    const [event] = await sql<{ id: string }>(`SELECT id FROM audit_events WHERE actor_id = $1`, [
      bob.user.id,
    ]);
    await expect(sql(`UPDATE audit_events SET action = 'forged' WHERE id = $1`, [event!.id])).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(sql(`DELETE FROM audit_events WHERE id = $1`, [event!.id])).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(sql(`TRUNCATE audit_events`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await sql(`SELECT action FROM audit_events WHERE id = $1`, [event!.id])).toEqual([
      { action: 'start' },
    ]);
  });

  it('lists newest first, filtered by action and time, paged', async () => {
    const bob = await newUser();
    const from = new Date(Date.now() - 1000).toISOString();
    for (let i = 0; i < 3; i++) {
      await post(bob, '/api/v1/timer/start', { projectId, notes: `n${i}` }).expect(201);
    }
    const base = `/api/v1/audit?actorId=${bob.user.id}&from=${encodeURIComponent(from)}`;
    const starts = await admin.agent.get(`${base}&action=start&pageSize=2`).expect(200);
    expect(starts.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(starts.body.items.map((e: Event) => e.after!.notes)).toEqual(['n2', 'n1']);
    const page2 = await admin.agent.get(`${base}&action=start&pageSize=2&page=2`).expect(200);
    expect(page2.body.items.map((e: Event) => e.after!.notes)).toEqual(['n0']);
    const stops = await admin.agent.get(`${base}&action=stop`).expect(200);
    expect(stops.body.total).toBe(2);
    const future = new Date(Date.now() + 3600_000).toISOString();
    const none = await admin.agent
      .get(`/api/v1/audit?actorId=${bob.user.id}&from=${encodeURIComponent(future)}`)
      .expect(200);
    expect(none.body.total).toBe(0);
  });

  it('is for admins only, and refuses bad filters', async () => {
    const bob = await newUser();
    const id = (await post(bob, '/api/v1/timer/start', { projectId }).expect(201)).body.id as number;
    await bob.agent.get('/api/v1/audit').expect(403);
    await bob.agent.get(`/api/v1/time-entries/${id}/history`).expect(403);
    await request(app.getHttpServer()).get('/api/v1/audit').expect(401);
    await admin.agent.get('/api/v1/audit?entity=invoice').expect(400);
    await admin.agent.get('/api/v1/audit?from=yesterday').expect(400);
    await admin.agent.get('/api/v1/audit?entityId=99999999999').expect(400);
    await admin.agent.get('/api/v1/audit?unknown=1').expect(400);
    await admin.agent.get('/api/v1/time-entries/abc/history').expect(400);
  });
});
