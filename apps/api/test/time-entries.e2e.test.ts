import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { Client } from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IdleTimersRepository, IdleTimersService } from '@timetracker/core';
import { createPrismaClient } from '@timetracker/db';
import { ADMIN, type Session, signIn, signInNewUser, sqlOn, startApi } from './support';
import type { ApiApp } from '../src/app';

let db: TestDatabase;
let app: ApiApp;
let admin: Session;
let alice: Session;
let bob: Session;
let projectId: number;
const http = () => request(app.getHttpServer());

const sql = sqlOn(() => db.url);

const post = (who: typeof alice, url: string, body: object) =>
  who.agent.post(url).set('X-CSRF-Token', who.csrf).send(body);
const patch = (who: typeof alice, url: string, body: object) =>
  who.agent.patch(url).set('X-CSRF-Token', who.csrf).send(body);
const manual = (who: typeof alice, start: string, end: string, extra: object = {}) =>
  post(who, '/api/v1/time-entries', { projectId, startTime: start, endTime: end, ...extra });

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  admin = await signIn(app, ADMIN);
  alice = await signInNewUser(app, admin, { username: 'alice', password: 'blue-orchid-2718' });
  bob = await signInNewUser(app, admin, { username: 'bob', password: 'green-falcon-3141' });
  projectId = (await sql<{ id: number }>(`SELECT id FROM projects WHERE name = 'General'`))[0]!.id;
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});
beforeEach(async () => {
  await sql(
    `UPDATE settings SET rounding_minutes = 1, rounding_mode = 'nearest', single_active_timer = true, timezone = 'Europe/Rome',
            max_entry_duration_seconds = 86400`,
  );
  await sql(`DELETE FROM time_entries`);
});

/**
 * Holds a row lock on the entry, so that writers of it queue up in a known order: each one
 * is sent only once the previous waits (waitForLockWaiters), and they proceed first come,
 * first served when `release` commits.
 */
async function holdEntry(id: number) {
  const c = new Client({ connectionString: db.url });
  await c.connect();
  await c.query('BEGIN');
  await c.query('SELECT 1 FROM time_entries WHERE id = $1 FOR UPDATE', [id]);
  return {
    async waitForLockWaiters(n: number) {
      for (let tries = 0; ; tries++) {
        // Not on `c`: inside its transaction pg_stat_activity would be read once and kept.
        const [row] = await sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%time_entries%'`,
        );
        if (row!.n >= n) return;
        if (tries > 1000) throw new Error(`${row!.n} of ${n} writers waiting on the entry`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async release() {
      await c.query('COMMIT');
      await c.end();
    },
  };
}

/** A timer of alice's that the idle sweep will stop: started 3 h ago, last activity 2 h ago. */
async function idleTimer(): Promise<number> {
  await sql(`UPDATE settings SET idle_timeout_minutes = 30`);
  const started = await post(alice, '/api/v1/timer/start', { projectId }).expect(201);
  await sql(`UPDATE time_entries SET start_time = now() - interval '3 hours' WHERE id = $1`, [
    started.body.id,
  ]);
  await sql(`UPDATE users SET last_activity_at = now() - interval '2 hours' WHERE username = 'alice'`);
  return started.body.id as number;
}

async function withSweep<T>(work: (sweep: IdleTimersService) => Promise<T>): Promise<T> {
  const prisma = createPrismaClient(db.url);
  try {
    return await work(new IdleTimersService(new IdleTimersRepository(prisma)));
  } finally {
    await prisma.$disconnect();
  }
}

/** The stop's own activity stamp would make the user active: the sweep runs as if 3 h later. */
const sweepLater = () => new Date(Date.now() + 3 * 3600_000);

describe('timer stop against the idle sweep', () => {
  it('the sweep first: the stop after it is a 409 and the idle end stays', async () => {
    const id = await idleTimer();
    const [before] = await sql<{ last: Date }>(
      `SELECT last_activity_at AS last FROM users WHERE username = 'alice'`,
    );
    const hold = await holdEntry(id);
    let swept: Promise<{ stopped: number }> | undefined;
    let stop: Promise<request.Response> | undefined;
    try {
      swept = withSweep((s) => s.stopIdleTimers(new Date()));
      await hold.waitForLockWaiters(1);
      // Reads the timer as running (the sweep has not committed), then queues behind the sweep.
      stop = post(alice, '/api/v1/timer/stop', {}).then((r) => r);
      await hold.waitForLockWaiters(2);
    } finally {
      await hold.release();
    }
    expect(await swept!).toEqual({ stopped: 1 });
    const res = await stop!;
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'CONFLICT' });
    expect(res.body.detail).toMatch(/already stopped for being idle/);
    const after = await alice.agent.get(`/api/v1/time-entries/${id}`).expect(200);
    expect(after.body).toMatchObject({ stoppedReason: 'idle', endTime: before!.last.toISOString() });
  });

  it('the stop first: the sweep that chose the timer meanwhile skips it', async () => {
    const id = await idleTimer();
    const hold = await holdEntry(id);
    let swept: Promise<{ stopped: number }> | undefined;
    let stop: Promise<request.Response> | undefined;
    try {
      stop = post(alice, '/api/v1/timer/stop', {}).then((r) => r);
      await hold.waitForLockWaiters(1);
      swept = withSweep((s) => s.stopIdleTimers(sweepLater()));
      await hold.waitForLockWaiters(2);
    } finally {
      await hold.release();
    }
    const res = await stop!;
    expect(res.status).toBe(200);
    expect(await swept!).toEqual({ stopped: 0 });
    const after = await alice.agent.get(`/api/v1/time-entries/${id}`).expect(200);
    expect(after.body).toMatchObject({ stoppedReason: null, endTime: res.body.endTime });
  });

  it('at once: exactly one of them stops the timer, and its end stands', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await idleTimer();
      const [res, swept] = await Promise.all([
        post(alice, '/api/v1/timer/stop', {}).then((r) => r),
        withSweep((s) => s.stopIdleTimers(sweepLater())),
      ]);
      const after = (await alice.agent.get(`/api/v1/time-entries/${id}`).expect(200)).body;
      if (res.status === 200) {
        expect(swept).toEqual({ stopped: 0 });
        expect(after).toMatchObject({ stoppedReason: null, endTime: res.body.endTime });
      } else {
        // Stopped by the sweep before the stop read the timer (no timer) or after (conflict).
        expect(res.status).toBe(409);
        expect(swept).toEqual({ stopped: 1 });
        expect(after).toMatchObject({ stoppedReason: 'idle' });
      }
      expect(after.running).toBe(false);
    }
  });
});

describe('timer', () => {
  it('starts, shows as active, and stops with the duration computed', async () => {
    const started = await post(alice, '/api/v1/timer/start', {
      projectId,
      notes: 'focus',
      tags: ['deep', 'work'],
    }).expect(201);
    expect(started.body).toMatchObject({
      running: true,
      source: 'auto',
      endTime: null,
      durationSeconds: null,
      tags: ['deep', 'work'],
      billable: true,
      projectName: 'General',
      clientName: 'Default Client',
    });
    // The answer is the entry as every read shows it (the write reads it back in its statement).
    const read = (id: number) => alice.agent.get(`/api/v1/time-entries/${id}`).expect(200);
    expect(started.body).toEqual((await read(started.body.id)).body);
    const active = await alice.agent.get('/api/v1/timer/active').expect(200);
    expect(active.body.items.map((e: { id: number }) => e.id)).toEqual([started.body.id]);
    await sql(`UPDATE time_entries SET start_time = now() - interval '90 minutes' WHERE id = $1`, [
      started.body.id,
    ]);
    const stopped = await post(alice, '/api/v1/timer/stop', {}).expect(200);
    expect(stopped.body).toEqual((await read(started.body.id)).body);
    expect(stopped.body.running).toBe(false);
    expect(stopped.body.durationSeconds).toBeGreaterThanOrEqual(5400);
    expect(stopped.body.durationSeconds).toBeLessThan(5410);
    const none = await post(alice, '/api/v1/timer/stop', {}).expect(409);
    expect(none.body.detail).toBe('No timer is running');
  });

  it('stops at an explicit time, never before the start or in the future', async () => {
    const started = await post(alice, '/api/v1/timer/start', { projectId }).expect(201);
    await sql(`UPDATE time_entries SET start_time = '2026-01-05T08:00:00Z' WHERE id = $1`, [started.body.id]);
    await post(alice, '/api/v1/timer/stop', { at: '2026-01-05T07:59:00Z' }).expect(400);
    await post(alice, '/api/v1/timer/stop', { at: '2999-01-01T00:00:00Z' }).expect(400);
    await post(alice, '/api/v1/timer/stop', { at: '2026-01-05T09:00:00' }).expect(400); // naive: rejected
    const stopped = await post(alice, '/api/v1/timer/stop', { at: '2026-01-05T10:30:00+01:00' }).expect(200);
    expect(stopped.body).toMatchObject({ endTime: '2026-01-05T09:30:00.000Z', durationSeconds: 5400 });
  });

  it('with single_active_timer, a new start stops the running timer at the same instant', async () => {
    const first = await post(alice, '/api/v1/timer/start', { projectId }).expect(201);
    const second = await post(alice, '/api/v1/timer/start', { projectId, notes: 'second' }).expect(201);
    const before = await alice.agent.get(`/api/v1/time-entries/${first.body.id}`).expect(200);
    expect(before.body.endTime).toBe(second.body.startTime);
    expect((await alice.agent.get('/api/v1/timer/active').expect(200)).body.items).toHaveLength(1);
  });

  it('100 parallel starts by one user leave exactly one running timer', async () => {
    const token = (await post(alice, '/api/v1/tokens', { name: 'load' }).expect(201)).body.token as string;
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        http().post('/api/v1/timer/start').set('Authorization', `Bearer ${token}`).send({ projectId }),
      ),
    );
    expect(results.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.body.detail}`)).toEqual([]);
    const rows = await sql<{ running: number; total: number; tracked: number }>(
      `SELECT count(*) FILTER (WHERE end_time IS NULL)::int AS running, count(*)::int AS total,
              (SELECT count(*)::int FROM running_timers WHERE user_id = e.user_id) AS tracked
         FROM time_entries e WHERE user_id = (SELECT id FROM users WHERE username = 'alice') GROUP BY user_id`,
    );
    // running_timers, where timers are looked up, agrees (prisma/sql/003).
    expect(rows[0]).toEqual({ running: 1, total: 100, tracked: 1 });
  });

  it('a timer the idle sweep stopped runs nowhere, though its lookup row waits for housekeeping', async () => {
    await sql(`UPDATE settings SET idle_timeout_minutes = 30`);
    const started = await post(alice, '/api/v1/timer/start', { projectId }).expect(201);
    await sql(`UPDATE time_entries SET start_time = now() - interval '3 hours' WHERE id = $1`, [
      started.body.id,
    ]);
    await sql(`UPDATE users SET last_activity_at = now() - interval '2 hours' WHERE username = 'alice'`);
    const prisma = createPrismaClient(db.url);
    try {
      const sweep = new IdleTimersService(new IdleTimersRepository(prisma));
      expect(await sweep.stopIdleTimers(new Date())).toMatchObject({ stopped: 1 });
    } finally {
      await prisma.$disconnect();
    }
    // The sweep leaves running_timers' row (prisma/sql/003): every reader must still see no timer.
    expect(await sql(`SELECT entry_id FROM running_timers`)).toEqual([{ entry_id: started.body.id }]);
    expect((await alice.agent.get('/api/v1/timer/active').expect(200)).body.items).toEqual([]);
    expect((await alice.agent.get('/api/v1/time-entries?running=true').expect(200)).body.total).toBe(0);
    expect((await admin.agent.get('/api/v1/time-entries?running=true').expect(200)).body.total).toBe(0);
    expect((await alice.agent.get('/api/v1/reports/dashboard').expect(200)).body.running).toBeNull();
    await post(alice, '/api/v1/timer/stop', {}).expect(409);
    // A new start stops nothing: the swept entry keeps the end the sweep gave it.
    const swept = await alice.agent.get(`/api/v1/time-entries/${started.body.id}`).expect(200);
    await post(alice, '/api/v1/timer/start', { projectId }).expect(201);
    const after = await alice.agent.get(`/api/v1/time-entries/${started.body.id}`).expect(200);
    expect(after.body).toMatchObject({ endTime: swept.body.endTime, stoppedReason: 'idle' });
  });

  it('lets several run when single_active_timer is off; stopping then needs entryId', async () => {
    await sql(`UPDATE settings SET single_active_timer = false`);
    const a = await post(alice, '/api/v1/timer/start', { projectId }).expect(201);
    await post(alice, '/api/v1/timer/start', { projectId }).expect(201);
    expect((await alice.agent.get('/api/v1/timer/active').expect(200)).body.items).toHaveLength(2);
    expect((await post(alice, '/api/v1/timer/stop', {}).expect(409)).body.detail).toContain('entryId');
    await post(alice, '/api/v1/timer/stop', { entryId: a.body.id }).expect(200);
    expect((await alice.agent.get('/api/v1/timer/active').expect(200)).body.items).toHaveLength(1);
  });

  it('rejects a task of another project and an archived project', async () => {
    const [other] = await sql<{ id: number }>(
      `INSERT INTO projects (name, status) VALUES ('Old', 'archived') RETURNING id`,
    );
    const [task] = await sql<{ id: number }>(
      `INSERT INTO tasks (project_id, name, created_by) VALUES ($1, 'T', 1) RETURNING id`,
      [other!.id],
    );
    const wrongTask = await post(alice, '/api/v1/timer/start', { projectId, taskId: task!.id }).expect(400);
    expect(wrongTask.body.errors).toEqual([{ path: 'taskId', message: 'not a task of this project' }]);
    const archived = await post(alice, '/api/v1/timer/start', { projectId: other!.id }).expect(409);
    expect(archived.body.detail).toContain('archived');
  });

  it('refuses new time on an active project whose client is inactive, by timer and by hand', async () => {
    const [project] = await sql<{ id: number }>(
      `WITH c AS (INSERT INTO clients (name, status) VALUES ('Gone Ltd', 'inactive') RETURNING id)
       INSERT INTO projects (name, client_id) SELECT 'Gone work', id FROM c RETURNING id`,
    );
    const timer = await post(alice, '/api/v1/timer/start', { projectId: project!.id }).expect(409);
    expect(timer.body.detail).toBe(
      'Project "Gone work" belongs to the inactive client "Gone Ltd" and accepts no new time',
    );
    await post(alice, '/api/v1/time-entries', {
      projectId: project!.id,
      startTime: '2025-01-06T09:00:00Z',
      endTime: '2025-01-06T10:00:00Z',
    }).expect(409);
  });

  it('records heartbeats as activity', async () => {
    await sql(`UPDATE users SET last_activity_at = NULL WHERE username = 'alice'`);
    const res = await post(alice, '/api/v1/timer/heartbeat', {}).expect(200);
    expect(res.body.idleTimeoutMinutes).toBe(30);
    const [row] = await sql<{ at: Date }>(
      `SELECT last_activity_at AS at FROM users WHERE username = 'alice'`,
    );
    expect(row!.at).toBeInstanceOf(Date);
  });
});

// Issue #16: 2000 to 2100 overflowed duration_seconds (a 500) and 1970 to 2030 billed 525,960 h.
describe('the longest entry (settings.maxEntryDurationSeconds, default 24 h)', () => {
  it('refuses longer entries when created, edited or range-created, with a 400 on the end', async () => {
    const overflow = await manual(alice, '2000-01-01T00:00:00Z', '2099-12-31T00:00:00Z').expect(400);
    expect(overflow.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(overflow.body).toMatchObject({ code: 'VALIDATION', errors: [{ path: 'endTime' }] });
    await manual(alice, '1970-01-01T00:00:00Z', '2030-01-01T00:00:00Z').expect(400);
    await manual(alice, '2026-03-02T08:00:00Z', '2026-03-03T08:00:01Z').expect(400);
    const day = await manual(alice, '2026-03-02T08:00:00Z', '2026-03-03T08:00:00Z').expect(201);
    expect(day.body.durationSeconds).toBe(86_400);

    await patch(alice, `/api/v1/time-entries/${day.body.id}`, { endTime: '2026-03-04T08:00:00Z' }).expect(
      400,
    );
    await patch(alice, `/api/v1/time-entries/${day.body.id}`, { startTime: '2026-03-01T08:00:00Z' }).expect(
      400,
    );
    // Another field of an entry already too long (adopted data) still changes.
    await sql(`UPDATE time_entries SET end_time = start_time + interval '30 hours' WHERE id = $1`, [
      day.body.id,
    ]);
    await patch(alice, `/api/v1/time-entries/${day.body.id}`, { notes: 'kept' }).expect(200);

    await patch(admin, '/api/v1/settings', { maxEntryDurationSeconds: 8 * 3600 }).expect(200);
    const range = await post(alice, '/api/v1/time-entries/bulk', {
      projectId,
      from: '2026-03-02',
      to: '2026-03-03',
      startTime: '08:00',
      endTime: '17:00',
    }).expect(400);
    expect(range.body.errors).toEqual([expect.objectContaining({ path: 'endTime' })]);
    await manual(alice, '2026-03-05T08:00:00Z', '2026-03-05T16:00:01Z').expect(400);
    await manual(alice, '2026-03-05T08:00:00Z', '2026-03-05T16:00:00Z').expect(201);
    expect(await sql(`SELECT count(*)::int AS n FROM time_entries`)).toEqual([{ n: 2 }]);
  });

  it('is an admin setting between 1 minute and 31 days', async () => {
    const read = await alice.agent.get('/api/v1/settings').expect(200);
    expect(read.body.maxEntryDurationSeconds).toBe(86_400);
    await patch(alice, '/api/v1/settings', { maxEntryDurationSeconds: 3600 }).expect(403);
    await patch(admin, '/api/v1/settings', { maxEntryDurationSeconds: 59 }).expect(400);
    await patch(admin, '/api/v1/settings', { maxEntryDurationSeconds: 31 * 86_400 + 1 }).expect(400);
    const ok = await patch(admin, '/api/v1/settings', { maxEntryDurationSeconds: 31 * 86_400 }).expect(200);
    expect(ok.body.maxEntryDurationSeconds).toBe(31 * 86_400);
  });

  it('refuses to stop a timer that ran longer: stop it earlier with `at`; switching timers still stops it', async () => {
    const timer = await post(alice, '/api/v1/timer/start', { projectId }).expect(201);
    await sql(`UPDATE time_entries SET start_time = now() - interval '30 hours' WHERE id = $1`, [
      timer.body.id,
    ]);
    const refused = await post(alice, '/api/v1/timer/stop', {}).expect(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION', errors: [{ path: 'at' }] });
    expect(refused.body.detail).toMatch(/at most 24 h/);
    const [started] = await sql<{ start: Date }>(
      `SELECT start_time AS start FROM time_entries WHERE id = $1`,
      [timer.body.id],
    );
    const at = new Date(started!.start.getTime() + 8 * 3600_000).toISOString();
    const stopped = await post(alice, '/api/v1/timer/stop', { at }).expect(200);
    expect(stopped.body).toMatchObject({ running: false, durationSeconds: 8 * 3600 });

    // With single_active_timer, a new start stops the old timer as it is (nothing to ask anyone).
    const old = await post(alice, '/api/v1/timer/start', { projectId }).expect(201);
    await sql(`UPDATE time_entries SET start_time = now() - interval '30 hours' WHERE id = $1`, [
      old.body.id,
    ]);
    await post(alice, '/api/v1/timer/start', { projectId }).expect(201);
    const [row] = await sql<{ end_time: Date | null }>(`SELECT end_time FROM time_entries WHERE id = $1`, [
      old.body.id,
    ]);
    expect(row!.end_time).not.toBeNull();
  });
});

describe('rounding', () => {
  const cases: [string, number, number][] = [
    ['nearest', 7 * 60 + 29, 0],
    ['nearest', 7 * 60 + 30, 15 * 60], // an exact tie goes up
    ['up', 15 * 60 + 1, 30 * 60],
    ['down', 29 * 60 + 59, 15 * 60],
    ['up', 45 * 60, 45 * 60], // already aligned stays
  ];
  for (const [mode, seconds, expected] of cases) {
    it(`${mode}: ${seconds} s → ${expected} s with 15-minute steps`, async () => {
      await sql(`UPDATE settings SET rounding_minutes = 15, rounding_mode = $1`, [mode]);
      const end = new Date(Date.parse('2026-02-02T09:00:00Z') + seconds * 1000).toISOString();
      const res = await manual(alice, '2026-02-02T09:00:00Z', end).expect(201);
      expect(res.body.durationSeconds).toBe(expected);
    });
  }

  it('counts real time across a DST change', async () => {
    // Rome falls back at 03:00 on 2025-10-26: 01:30 → 03:30 local is three hours.
    const res = await manual(alice, '2025-10-26T01:30:00+02:00', '2025-10-26T03:30:00+01:00').expect(201);
    expect(res.body.durationSeconds).toBe(3 * 3600);
  });

  it('recomputes on edits of start or end, and never rewrites history on a settings change', async () => {
    const created = await manual(alice, '2026-02-02T09:00:00Z', '2026-02-02T10:00:00Z').expect(201);
    await sql(`UPDATE settings SET rounding_minutes = 60, rounding_mode = 'up'`);
    const notes = await patch(alice, `/api/v1/time-entries/${created.body.id}`, {
      notes: 'only notes',
    }).expect(200);
    expect(notes.body.durationSeconds).toBe(3600);
    const edited = await patch(alice, `/api/v1/time-entries/${created.body.id}`, {
      endTime: '2026-02-02T10:05:00Z',
    }).expect(200);
    expect(edited.body.durationSeconds).toBe(7200);
    const moved = await patch(alice, `/api/v1/time-entries/${created.body.id}`, {
      startTime: '2026-02-02T09:05:00Z',
    }).expect(200);
    expect(moved.body.durationSeconds).toBe(3600);
    await patch(alice, `/api/v1/time-entries/${created.body.id}`, { endTime: '2026-02-02T08:00:00Z' }).expect(
      400,
    );
  });
});

describe('entries', () => {
  it('creates manual entries with validation', async () => {
    const ok = await manual(alice, '2026-03-02T09:00:00+01:00', '2026-03-02T11:00:00+01:00', {
      tags: ['a', 'b'],
      billable: false,
    }).expect(201);
    expect(ok.body).toMatchObject({
      source: 'manual',
      durationSeconds: 7200,
      billable: false,
      tags: ['a', 'b'],
      username: 'alice',
    });
    expect(
      (await sql<{ tags: string }>(`SELECT tags FROM time_entries WHERE id = $1`, [ok.body.id]))[0]!.tags,
    ).toBe('a,b');
    const cases: object[] = [
      { startTime: '2026-03-02T09:00:00', endTime: '2026-03-02T10:00:00Z' },
      { startTime: '2026-03-02T11:00:00Z', endTime: '2026-03-02T10:00:00Z' },
      { startTime: '2026-03-02T09:00:00Z', endTime: '2026-03-02T10:00:00Z', tags: ['a,b'] },
      { startTime: '2026-03-02T09:00:00Z', endTime: '2026-03-02T10:00:00Z', colour: 'red' },
    ];
    for (const body of cases) {
      const res = await post(alice, '/api/v1/time-entries', { projectId, ...body }).expect(400);
      expect(res.body.code).toBe('VALIDATION');
    }
    await http().post('/api/v1/time-entries').send({ projectId }).expect(401);
  });

  it('keeps users to their own entries; admins see and record anyone\u2019s', async () => {
    const mine = await manual(alice, '2026-03-03T09:00:00Z', '2026-03-03T10:00:00Z').expect(201);
    await manual(bob, '2026-03-03T09:00:00Z', '2026-03-03T10:00:00Z').expect(201);
    await bob.agent.get(`/api/v1/time-entries/${mine.body.id}`).expect(404);
    await patch(bob, `/api/v1/time-entries/${mine.body.id}`, { notes: 'mine now' }).expect(404);
    await bob.agent.delete(`/api/v1/time-entries/${mine.body.id}`).set('X-CSRF-Token', bob.csrf).expect(404);
    const bobsList = await bob.agent.get('/api/v1/time-entries').expect(200);
    expect(bobsList.body.items.every((e: { username: string }) => e.username === 'bob')).toBe(true);
    await bob.agent.get(`/api/v1/time-entries?userId=${mine.body.userId}`).expect(403);
    await manual(bob, '2026-03-03T09:00:00Z', '2026-03-03T10:00:00Z', { userId: mine.body.userId }).expect(
      403,
    );

    const all = await admin.agent.get('/api/v1/time-entries').expect(200);
    expect(all.body.total).toBe(2);
    const forAlice = await manual(admin, '2026-03-04T09:00:00Z', '2026-03-04T10:00:00Z', {
      userId: mine.body.userId,
    }).expect(201);
    expect(forAlice.body.username).toBe('alice');
    const onlyAlice = await admin.agent.get(`/api/v1/time-entries?userId=${mine.body.userId}`).expect(200);
    expect(onlyAlice.body.total).toBe(2);
  });

  it('filters by tag (whole tags), billable, running and period; sorts and pages', async () => {
    await manual(alice, '2026-04-01T09:00:00Z', '2026-04-01T10:00:00Z', { tags: ['design'] }).expect(201);
    await manual(alice, '2026-04-02T09:00:00Z', '2026-04-02T11:00:00Z', {
      tags: ['designer', 'ux'],
      billable: false,
    }).expect(201);
    await manual(alice, '2026-04-03T09:00:00Z', '2026-04-03T09:30:00Z', { tags: ['ux', 'design'] }).expect(
      201,
    );
    await post(alice, '/api/v1/timer/start', { projectId }).expect(201);
    const get = async (q: string) => (await alice.agent.get(`/api/v1/time-entries?${q}`).expect(200)).body;
    expect((await get('tag=design')).total).toBe(2);
    expect((await get('billable=false')).total).toBe(1);
    expect((await get('running=true')).total).toBe(1);
    expect((await get('from=2026-04-02T00:00:00Z&to=2026-04-03T00:00:00Z')).total).toBe(1);
    const sorted = await get('sort=-durationSeconds&running=false&pageSize=2');
    expect(sorted).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(sorted.items.map((e: { durationSeconds: number }) => e.durationSeconds)).toEqual([7200, 3600]);
    const beyond = await get('running=false&page=9&pageSize=2');
    expect(beyond).toMatchObject({ items: [], total: 3, page: 9 });
    const noneAtAll = await get('tag=nothing-has-this&page=2');
    expect(noneAtAll).toMatchObject({ items: [], total: 0 });
    await alice.agent.get('/api/v1/time-entries?pageSize=501').expect(400);
    await alice.agent.get('/api/v1/time-entries?sort=notes').expect(400);
  });

  it('pages are slices of the whole sorted list, each entry with its names as one read shows it', async () => {
    const [client] = await sql<{ id: number }>(
      `INSERT INTO clients (name) VALUES ('Paging Co') RETURNING id`,
    );
    const [project] = await sql<{ id: number }>(
      `INSERT INTO projects (name, client_id, billable) VALUES ('Paging', $1, true) RETURNING id`,
      [client!.id],
    );
    const [task] = await sql<{ id: number }>(
      `INSERT INTO tasks (project_id, name, created_by) SELECT $1, 'Paging task', id FROM users LIMIT 1 RETURNING id`,
      [project!.id],
    );
    const [invoice] = await sql<{ id: number }>(
      `INSERT INTO invoices (invoice_number, client_name, issue_date, due_date, status)
       VALUES ('PAGE-1', 'Paging Co', '2026-05-01', '2026-05-31', 'sent') RETURNING id`,
    );
    const [item] = await sql<{ id: number }>(
      `INSERT INTO invoice_items (invoice_id, description, unit_price, total_amount)
       VALUES ($1, 'hours', 10, 10) RETURNING id`,
      [invoice!.id],
    );
    const aliceId = (await sql<{ id: number }>(`SELECT id FROM users WHERE username = 'alice'`))[0]!.id;
    const bobId = (await sql<{ id: number }>(`SELECT id FROM users WHERE username = 'bob'`))[0]!.id;
    // Two users, two projects (one of them the filter's client), tasks, a billed entry, and
    // durations with ties, so that the id decides between equals.
    for (let i = 0; i < 14; i++) {
      await sql(
        `INSERT INTO time_entries (user_id, project_id, task_id, start_time, end_time, duration_seconds, source, invoice_item_id)
         VALUES ($1, $2, $3, $4, $4::timestamptz + make_interval(secs => $5), $5, 'manual', $6)`,
        [
          i % 3 === 0 ? bobId : aliceId,
          i % 2 === 0 ? project!.id : projectId,
          i % 4 === 0 ? task!.id : null,
          new Date(Date.UTC(2026, 4, 1 + (i % 5), 9, i)),
          600 * (i % 4),
          i === 6 ? item!.id : null,
        ],
      );
    }
    const expected = async (where: string, order: string) =>
      (
        await sql<{ id: number }>(
          `SELECT te.id FROM time_entries te JOIN projects p ON p.id = te.project_id WHERE ${where} ORDER BY ${order}`,
        )
      ).map((r) => r.id);
    const cases = [
      { q: 'sort=-durationSeconds', where: 'TRUE', order: 'te.duration_seconds DESC, te.id DESC' },
      { q: 'sort=startTime', where: 'TRUE', order: 'te.start_time, te.id' },
      {
        q: `clientId=${client!.id}&sort=-startTime`,
        where: `p.client_id = ${client!.id}`,
        order: 'te.start_time DESC, te.id DESC',
      },
      {
        q: `userId=${aliceId}&sort=durationSeconds`,
        where: `te.user_id = ${aliceId}`,
        order: 'te.duration_seconds, te.id',
      },
    ];
    for (const { q, where, order } of cases) {
      const want = await expected(where, order);
      const got: { id: number }[] = [];
      for (let page = 1; page <= 4; page++) {
        const body = (await admin.agent.get(`/api/v1/time-entries?${q}&pageSize=4&page=${page}`).expect(200))
          .body;
        expect(body.total).toBe(want.length);
        got.push(...body.items);
      }
      expect(got.map((e) => e.id)).toEqual(want);
      for (const entry of got)
        expect(entry).toEqual((await admin.agent.get(`/api/v1/time-entries/${entry.id}`).expect(200)).body);
    }
    const all = (
      await admin.agent.get(`/api/v1/time-entries?clientId=${client!.id}&pageSize=500`).expect(200)
    ).body.items;
    expect(all).toHaveLength(7);
    for (const e of all)
      expect(e).toMatchObject({ projectName: 'Paging', clientId: client!.id, clientName: 'Paging Co' });
    const withTask = all.filter((e: { taskId: number | null }) => e.taskId !== null);
    expect(withTask.map((e: { taskName: string }) => e.taskName)).toEqual([
      'Paging task',
      'Paging task',
      'Paging task',
      'Paging task',
    ]);
    expect(
      all.filter((e: { locked: boolean }) => e.locked).map((e: { username: string }) => e.username),
    ).toEqual(['bob']);
  });

  it('bulk-creates one entry per weekday at local times in the settings time zone', async () => {
    // 2026-06-01 is a Monday; Rome is UTC+2 in June.
    const res = await post(alice, '/api/v1/time-entries/bulk', {
      projectId,
      from: '2026-06-01',
      to: '2026-06-07',
      startTime: '09:00',
      endTime: '17:30',
      skipWeekends: true,
    }).expect(201);
    expect(res.body.items).toHaveLength(5);
    expect(res.body.items[0]).toMatchObject({
      startTime: '2026-06-01T07:00:00.000Z',
      endTime: '2026-06-01T15:30:00.000Z',
      durationSeconds: 30600,
    });
    const all = await post(alice, '/api/v1/time-entries/bulk', {
      projectId,
      from: '2026-06-06',
      to: '2026-06-07',
      startTime: '10:00',
      endTime: '11:00',
      skipWeekends: false,
    }).expect(201);
    expect(all.body.items).toHaveLength(2);
    await post(alice, '/api/v1/time-entries/bulk', {
      projectId,
      from: '2026-06-06',
      to: '2026-06-07',
      startTime: '10:00',
      endTime: '11:00',
    }).expect(400);
  });

  it('refuses to change or delete an entry billed on a sent invoice', async () => {
    const entry = await manual(alice, '2026-05-04T09:00:00Z', '2026-05-04T10:00:00Z').expect(201);
    const [inv] = await sql<{ id: number }>(
      `INSERT INTO invoices (invoice_number, project_id, client_name, issue_date, due_date, status) VALUES ('INV-1', $1, 'C', '2026-05-05', '2026-06-05', 'sent') RETURNING id`,
      [projectId],
    );
    const [item] = await sql<{ id: number }>(
      `INSERT INTO invoice_items (invoice_id, description, unit_price, total_amount) VALUES ($1, 'x', 1, 1) RETURNING id`,
      [inv!.id],
    );
    await sql(`UPDATE time_entries SET invoice_item_id = $1 WHERE id = $2`, [item!.id, entry.body.id]);
    const got = await alice.agent.get(`/api/v1/time-entries/${entry.body.id}`).expect(200);
    expect(got.body.locked).toBe(true);
    expect(
      (await patch(alice, `/api/v1/time-entries/${entry.body.id}`, { notes: 'x' }).expect(409)).body.detail,
    ).toContain('INV-1');
    await alice.agent
      .delete(`/api/v1/time-entries/${entry.body.id}`)
      .set('X-CSRF-Token', alice.csrf)
      .expect(409);
  });

  it('edits a running entry and deletes entries', async () => {
    const running = await post(alice, '/api/v1/timer/start', { projectId }).expect(201);
    const start = new Date(Date.now() - 3600_000).toISOString();
    const edited = await patch(alice, `/api/v1/time-entries/${running.body.id}`, {
      startTime: start,
      notes: 'earlier',
      tags: ['x'],
    }).expect(200);
    expect(edited.body).toMatchObject({
      running: true,
      notes: 'earlier',
      tags: ['x'],
      durationSeconds: null,
    });
    await patch(alice, `/api/v1/time-entries/${running.body.id}`, {
      startTime: '2999-01-01T00:00:00Z',
    }).expect(400);
    await alice.agent
      .delete(`/api/v1/time-entries/${running.body.id}`)
      .set('X-CSRF-Token', alice.csrf)
      .expect(204);
    await alice.agent.get(`/api/v1/time-entries/${running.body.id}`).expect(404);
  });
});
