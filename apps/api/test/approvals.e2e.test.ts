import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiApp } from '../src/app';
import { ADMIN, createUser, signIn, signInNewUser, sqlOn, startApi, type Session } from './support';

// Week approvals and locks (issue #18 §4, docs/approvals.md).

let db: TestDatabase;
let app: ApiApp;
let admin: Session;
let projectId: number;
let seq = 0;
const sql = sqlOn(() => db.url);

const send = (who: Session, method: 'post' | 'patch' | 'put' | 'delete', url: string, body: object = {}) =>
  who.agent[method](url).set('X-CSRF-Token', who.csrf).send(body);

/** A new user, signed in, and (with `lead`) a new team they are in whose lead is `lead`. */
async function newUser(lead?: Session): Promise<Session> {
  seq += 1;
  const user = await signInNewUser(app, admin, { username: `worker${seq}`, password: 'amber-heron-5261' });
  if (lead) {
    const [team] = await sql<{ id: number }>(`INSERT INTO teams (name) VALUES ($1) RETURNING id`, [
      `team${seq}`,
    ]);
    await sql(`INSERT INTO team_members (team_id, user_id, is_lead) VALUES ($1, $2, true), ($1, $3, false)`, [
      team!.id,
      lead.user.id,
      user.user.id,
    ]);
  }
  return user;
}

async function newManager(): Promise<Session> {
  seq += 1;
  const creds = { username: `manager${seq}`, password: 'amber-heron-5261' };
  const { id } = await createUser(admin, creds);
  await sql(`UPDATE users SET role = 'manager' WHERE id = $1`, [id]);
  return signIn(app, creds);
}

const entry = async (who: Session, start: string, end: string) => {
  const res = await send(who, 'post', '/api/v1/time-entries', { projectId, startTime: start, endTime: end });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as number;
};

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  admin = await signIn(app, ADMIN);
  projectId = (await sql<{ id: number }>(`SELECT id FROM projects WHERE name = 'General'`))[0]!.id;
  await sql(`UPDATE settings SET timezone = 'UTC', overlap_policy = 'allow'`);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

// The week of Monday 2026-11-02 in UTC (the users' zone: settings.timezone, weeks from Monday).
const WEEK = '2026-11-04';
const MONDAY = '2026-11-02';

describe('submitting, deciding and withdrawing a week', () => {
  it("queues a submitted week for the user's team lead with its totals and entries; approval locks it", async () => {
    const manager = await newManager();
    const user = await newUser(manager);
    const outsider = await newManager();
    await entry(user, '2026-11-02T09:00:00Z', '2026-11-02T11:00:00Z');
    await entry(user, '2026-11-05T09:00:00Z', '2026-11-05T10:30:00Z');
    await entry(user, '2026-11-09T09:00:00Z', '2026-11-09T10:00:00Z'); // the next week

    const submitted = await send(user, 'post', '/api/v1/approvals', { week: WEEK }).expect(201);
    expect(submitted.body).toMatchObject({
      weekStart: MONDAY,
      status: 'submitted',
      totalSeconds: 12_600,
      entryCount: 2,
    });
    const id = submitted.body.id as number;
    await send(user, 'post', '/api/v1/approvals', { week: MONDAY }).expect(409);

    const queue = await manager.agent.get('/api/v1/approvals?status=submitted').expect(200);
    expect(queue.body.items).toEqual([
      expect.objectContaining({ id, username: user.user.username, totalSeconds: 12_600 }),
    ]);
    expect((await outsider.agent.get('/api/v1/approvals').expect(200)).body.items).toEqual([]);
    expect(
      (await admin.agent.get('/api/v1/approvals').expect(200)).body.items.map((w: { id: number }) => w.id),
    ).toContain(id);

    const detail = await manager.agent.get(`/api/v1/approvals/${id}`).expect(200);
    expect(detail.body.entries.map((e: { startTime: string }) => e.startTime)).toEqual([
      '2026-11-02T09:00:00.000Z',
      '2026-11-05T09:00:00.000Z',
    ]);
    await outsider.agent.get(`/api/v1/approvals/${id}`).expect(404);
    await send(outsider, 'post', `/api/v1/approvals/${id}/approve`).expect(404);
    // The user cannot approve their own week.
    await send(user, 'post', `/api/v1/approvals/${id}/approve`).expect(403);

    const approved = await send(manager, 'post', `/api/v1/approvals/${id}/approve`, { note: 'fine' }).expect(
      200,
    );
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: manager.user.id, note: 'fine' });
    const own = await user.agent.get(`/api/v1/approvals/own-week?week=${WEEK}`).expect(200);
    expect(own.body).toMatchObject({ weekStart: MONDAY, approval: { id, status: 'approved' } });
    // Decided: neither withdrawn nor decided again.
    expect((await send(user, 'post', `/api/v1/approvals/${id}/withdraw`).expect(409)).body.code).toBe(
      'INVALID_STATE',
    );
    await send(manager, 'post', `/api/v1/approvals/${id}/reject`, { note: 'no' }).expect(409);
    const events = await sql<{ status: string }>(
      `SELECT status FROM week_approval_events WHERE approval_id = $1 ORDER BY id`,
      [id],
    );
    expect(events.map((e) => e.status)).toEqual(['submitted', 'approved']);
  });

  it('a rejection needs a note and unlocks the week, which may be submitted again', async () => {
    const manager = await newManager();
    const user = await newUser(manager);
    const id = (await send(user, 'post', '/api/v1/approvals', { week: WEEK }).expect(201)).body.id;
    await send(manager, 'post', `/api/v1/approvals/${id}/reject`, {}).expect(400);
    const rejected = await send(manager, 'post', `/api/v1/approvals/${id}/reject`, {
      note: 'Tuesday is missing',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', note: 'Tuesday is missing' });
    await entry(user, '2026-11-03T09:00:00Z', '2026-11-03T17:00:00Z');
    const again = await send(user, 'post', '/api/v1/approvals', { week: WEEK }).expect(201);
    expect(again.body).toMatchObject({
      id,
      status: 'submitted',
      note: null,
      decidedAt: null,
      totalSeconds: 28_800,
    });
  });

  it('the user withdraws a submitted week; only the user may', async () => {
    const manager = await newManager();
    const user = await newUser(manager);
    const id = (await send(user, 'post', '/api/v1/approvals', { week: WEEK }).expect(201)).body.id;
    await send(manager, 'post', `/api/v1/approvals/${id}/withdraw`).expect(403);
    const res = await send(user, 'post', `/api/v1/approvals/${id}/withdraw`).expect(200);
    expect(res.body.status).toBe('withdrawn');
    await entry(user, '2026-11-03T09:00:00Z', '2026-11-03T10:00:00Z');
    await send(manager, 'post', `/api/v1/approvals/${id}/approve`).expect(409);
  });

  it('refuses to submit a week while a timer that started in it runs', async () => {
    const user = await newUser();
    await send(user, 'post', '/api/v1/timer/start', { projectId }).expect(201);
    const res = await send(user, 'post', '/api/v1/approvals', {}).expect(400);
    expect(res.body.code).toBe('VALIDATION');
    const today = new Date().toISOString().slice(0, 10);
    expect((await send(user, 'post', '/api/v1/approvals', { week: today }).expect(409)).body.code).toBe(
      'INVALID_STATE',
    );
  });

  it('of a concurrent approve and withdraw exactly one wins, and the other gets a 409', async () => {
    const manager = await newManager();
    for (const week of ['2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26']) {
      const user = await newUser(manager);
      const id = (await send(user, 'post', '/api/v1/approvals', { week }).expect(201)).body.id;
      const [approve, withdraw] = await Promise.all([
        send(manager, 'post', `/api/v1/approvals/${id}/approve`),
        send(user, 'post', `/api/v1/approvals/${id}/withdraw`),
      ]);
      expect([approve.status, withdraw.status].sort()).toEqual([200, 409]);
      const loser = approve.status === 409 ? approve : withdraw;
      expect(loser.body.code).toBe('INVALID_STATE');
      const [row] = await sql<{ status: string }>(`SELECT status FROM week_approvals WHERE id = $1`, [id]);
      expect(row!.status).toBe(approve.status === 200 ? 'approved' : 'withdrawn');
      const events = await sql(`SELECT 1 FROM week_approval_events WHERE approval_id = $1`, [id]);
      expect(events).toHaveLength(2);
    }
  });
});

describe('locked time refuses every write path but an admin’s', () => {
  it('a submitted week refuses the entry API, bulk, duplicate, timesheet and calendar moves', async () => {
    const user = await newUser();
    const inside = await entry(user, '2026-11-03T09:00:00Z', '2026-11-03T10:00:00Z');
    const outside = await entry(user, '2026-11-10T09:00:00Z', '2026-11-10T10:00:00Z');
    await send(user, 'post', '/api/v1/approvals', { week: WEEK }).expect(201);
    const before = await sql(
      `SELECT id, start_time, end_time FROM time_entries WHERE user_id = $1 ORDER BY id`,
      [user.user.id],
    );

    const refused = [
      send(user, 'post', '/api/v1/time-entries', {
        projectId,
        startTime: '2026-11-04T09:00:00Z',
        endTime: '2026-11-04T10:00:00Z',
      }),
      send(user, 'patch', `/api/v1/time-entries/${inside}`, { notes: 'changed' }),
      // A calendar move: the entry dragged out of the locked week, or another one into it.
      send(user, 'patch', `/api/v1/time-entries/${inside}`, {
        startTime: '2026-11-10T12:00:00Z',
        endTime: '2026-11-10T13:00:00Z',
      }),
      send(user, 'patch', `/api/v1/time-entries/${outside}`, {
        startTime: '2026-11-06T12:00:00Z',
        endTime: '2026-11-06T13:00:00Z',
      }),
      send(user, 'delete', `/api/v1/time-entries/${inside}`),
      send(user, 'post', '/api/v1/time-entries/bulk', {
        projectId,
        from: '2026-11-06',
        to: '2026-11-10',
        startTime: '09:00',
        endTime: '10:00',
        skipWeekends: false,
      }),
      send(user, 'post', `/api/v1/time-entries/${outside}/duplicate`, { date: '2026-11-05' }),
      send(user, 'put', '/api/v1/timesheet/cells', { date: '2026-11-05', projectId, seconds: 3600 }),
      send(user, 'put', '/api/v1/timesheet/cells', { date: '2026-11-03', projectId, seconds: 0 }),
    ];
    for (const res of await Promise.all(refused)) {
      expect(res.status, JSON.stringify(res.body)).toBe(409);
      expect(res.body.code).toBe('TIME_LOCKED');
    }
    expect(
      await sql(`SELECT id, start_time, end_time FROM time_entries WHERE user_id = $1 ORDER BY id`, [
        user.user.id,
      ]),
    ).toEqual(before);
    // Outside the week nothing is in the way.
    await send(user, 'patch', `/api/v1/time-entries/${outside}`, { notes: 'fine' }).expect(200);

    // An admin may, and the override is recorded.
    await send(admin, 'patch', `/api/v1/time-entries/${inside}`, { notes: 'corrected' }).expect(200);
    await send(admin, 'post', '/api/v1/time-entries', {
      userId: user.user.id,
      projectId,
      startTime: '2026-11-04T09:00:00Z',
      endTime: '2026-11-04T10:00:00Z',
    }).expect(201);
    const overrides = await sql<{
      action: string;
      reason: string;
      actor_id: number;
      entry_id: number | null;
    }>(`SELECT action, reason, actor_id, entry_id FROM lock_overrides WHERE user_id = $1 ORDER BY id`, [
      user.user.id,
    ]);
    expect(overrides).toEqual([
      { action: 'update', reason: 'submitted', actor_id: admin.user.id, entry_id: inside },
      { action: 'create', reason: 'submitted', actor_id: admin.user.id, entry_id: null },
    ]);
  });

  it('entry writes racing a submission land before it or are refused, never after it', async () => {
    // A submission and the user's writes of time take the same lock (docs/approvals.md): a write
    // checked before the submission commits also commits before it. The audit log's ids are
    // taken as each transaction writes, so no accepted entry's event may follow the submission's.
    for (const [round, day] of ['2026-10-06', '2026-10-13', '2026-10-20'].entries()) {
      const user = await newUser();
      const writes = Array.from({ length: 10 }, (_, i) => {
        const start = new Date(Date.parse(`${day}T08:00:00Z`) + i * 20 * 60_000);
        return send(user, 'post', '/api/v1/time-entries', {
          projectId,
          startTime: start.toISOString(),
          endTime: new Date(start.getTime() + 10 * 60_000).toISOString(),
        });
      });
      // The submission goes out in the middle of the writes.
      writes.splice(round * 4 + 1, 0, send(user, 'post', '/api/v1/approvals', { week: day }));
      const answers = await Promise.all(writes);
      const submitted = answers.splice(round * 4 + 1, 1)[0]!;
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
      const accepted = answers.filter((r) => r.status === 201).map((r) => r.body.id as number);
      for (const r of answers.filter((a) => a.status !== 201)) {
        expect(r.status, JSON.stringify(r.body)).toBe(409);
        expect(r.body.code).toBe('TIME_LOCKED');
      }
      const [order] = await sql<{ lastWrite: number | null; submit: number }>(
        `SELECT (SELECT max(id) FROM audit_events
                  WHERE entity = 'time_entry' AND action = 'create' AND entity_id = ANY($1::int[]))::int AS "lastWrite",
                (SELECT id FROM audit_events
                  WHERE entity = 'approval' AND action = 'submit' AND entity_id = $2)::int AS submit`,
        [accepted, submitted.body.id],
      );
      if (order!.lastWrite !== null) expect(order!.lastWrite).toBeLessThan(order!.submit);
      const week = await user.agent.get(`/api/v1/approvals/${submitted.body.id}`).expect(200);
      expect(week.body.entryCount).toBe(accepted.length);
    }
  });

  it("an admin's write to an entry without a user inside the lockdown is recorded as an override", async () => {
    // Adopted legacy rows may have no user: only admins edit them, and only the lockdown locks them.
    const [row] = await sql<{ id: number }>(
      `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, source)
       VALUES (NULL, $1, '2026-08-03T09:00:00Z', '2026-08-03T10:00:00Z', 3600, 'manual') RETURNING id`,
      [projectId],
    );
    const id = row!.id;
    const overrides = () =>
      sql<{ userId: number | null; action: string; reason: string }>(
        `SELECT user_id AS "userId", action, reason FROM lock_overrides WHERE entry_id = $1 ORDER BY id`,
        [id],
      );
    await send(admin, 'patch', `/api/v1/time-entries/${id}`, { notes: 'before the lockdown' }).expect(200);
    expect(await overrides()).toEqual([]);
    await send(admin, 'put', '/api/v1/approvals/lockdown', { lockedBefore: '2026-09-01' }).expect(200);
    try {
      await send(admin, 'patch', `/api/v1/time-entries/${id}`, { notes: 'inside it' }).expect(200);
      await send(admin, 'delete', `/api/v1/time-entries/${id}`).expect(204);
      expect(await overrides()).toEqual([
        { userId: null, action: 'update', reason: 'lockdown' },
        { userId: null, action: 'delete', reason: 'lockdown' },
      ]);
    } finally {
      await send(admin, 'put', '/api/v1/approvals/lockdown', { lockedBefore: null }).expect(200);
    }
  });

  it('a back-dated timer start into a submitted week is refused', async () => {
    const user = await newUser();
    const own = await user.agent.get('/api/v1/approvals/own-week').expect(200);
    await send(user, 'post', '/api/v1/approvals', { week: own.body.weekStart }).expect(201);
    const weekStart = Date.parse(`${own.body.weekStart}T00:00:00Z`);
    const back = new Date(Math.max(weekStart, Date.now() - 60_000)).toISOString();
    const res = await send(user, 'post', '/api/v1/timer/start', { projectId, startTime: back });
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body.code).toBe('TIME_LOCKED');
    expect(await sql(`SELECT 1 FROM time_entries WHERE user_id = $1`, [user.user.id])).toEqual([]);
  });

  it('the lockdown refuses time before its date, timers that started before it included', async () => {
    const user = await newUser();
    const old = await entry(user, '2026-09-01T09:00:00Z', '2026-09-01T10:00:00Z');
    await send(user, 'post', '/api/v1/timer/start', { projectId }).expect(201);
    await send(user, 'put', '/api/v1/approvals/lockdown', { lockedBefore: '2026-10-01' }).expect(403);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    try {
      expect(
        (await send(admin, 'put', '/api/v1/approvals/lockdown', { lockedBefore: tomorrow }).expect(200)).body,
      ).toEqual({ lockedBefore: tomorrow });
      expect((await user.agent.get('/api/v1/approvals/lockdown').expect(200)).body.lockedBefore).toBe(
        tomorrow,
      );
      for (const res of await Promise.all([
        send(user, 'patch', `/api/v1/time-entries/${old}`, { notes: 'x' }),
        send(user, 'post', '/api/v1/timer/pause'),
        send(user, 'post', '/api/v1/timer/stop'),
        // A start now would stop the running timer, which started inside the lockdown.
        send(user, 'post', '/api/v1/timer/start', { projectId }),
        send(user, 'post', '/api/v1/time-entries', {
          projectId,
          startTime: '2026-09-02T09:00:00Z',
          endTime: '2026-09-02T10:00:00Z',
        }),
      ])) {
        expect(res.status, JSON.stringify(res.body)).toBe(409);
        expect(res.body.code).toBe('TIME_LOCKED');
      }
      // The admin stops it (an override), and may write anything before the date.
      await send(admin, 'delete', `/api/v1/time-entries/${old}`).expect(204);
      const overrides = await sql<{ action: string; reason: string }>(
        `SELECT action, reason FROM lock_overrides WHERE user_id = $1`,
        [user.user.id],
      );
      expect(overrides).toEqual([{ action: 'delete', reason: 'lockdown' }]);
    } finally {
      await send(admin, 'put', '/api/v1/approvals/lockdown', { lockedBefore: null }).expect(200);
    }
    await send(user, 'post', '/api/v1/timer/stop').expect(200);
  });
});
