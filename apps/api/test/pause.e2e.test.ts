import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { IdleTimersRepository, IdleTimersService } from '@timetracker/core';
import { createPrismaClient, type PrismaClient } from '@timetracker/db';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, signIn, startApi, sqlOn, signInNewUser } from './support';
import type { ApiApp } from '../src/app';

// Pause and breaks (issue #17 §5): a timer's pauses and a typed break are subtracted from the
// billed duration; raw (end − start) and the break travel beside it.

let db: TestDatabase;
let app: ApiApp;
let prisma: PrismaClient;
let alice: Awaited<ReturnType<typeof signIn>>;
let bob: Awaited<ReturnType<typeof signIn>>;
let projectId: number;
const http = () => request(app.getHttpServer());

const sql = sqlOn(() => db.url);

type Who = typeof alice;
const post = (who: Who, url: string, body: object = {}) =>
  who.agent.post(url).set('X-CSRF-Token', who.csrf).send(body);
const patch = (who: Who, url: string, body: object) =>
  who.agent.patch(url).set('X-CSRF-Token', who.csrf).send(body);
const iso = (d: Date) => d.toISOString();

/**
 * Starts a timer and moves its start to T0, a whole minute three hours ago, so that pauses and
 * the stop can be given exact times (`at`) between T0 and now. Returns the entry id and `t`:
 * T0 + minutes (and seconds).
 */
async function timerSince3HoursAgo(who: Who = alice) {
  const id = (await post(who, '/api/v1/timer/start', { projectId }).expect(201)).body.id as number;
  const t0 = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 3 * 3600_000);
  await sql(`UPDATE time_entries SET start_time = $1 WHERE id = $2`, [t0, id]);
  const t = (minutes: number, seconds = 0) => new Date(t0.getTime() + (minutes * 60 + seconds) * 1000);
  return { id, t0, t };
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  prisma = createPrismaClient(db.url);
  const admin = await signIn(app, ADMIN);
  alice = await signInNewUser(app, admin, { username: 'alice', password: 'blue-orchid-2718' });
  bob = await signInNewUser(app, admin, { username: 'bob', password: 'green-falcon-3141' });
  projectId = (await sql<{ id: number }>(`SELECT id FROM projects WHERE name = 'General'`))[0]!.id;
});
afterAll(async () => {
  await prisma?.$disconnect();
  await app?.close();
  await db?.drop();
});
beforeEach(async () => {
  await sql(
    `UPDATE settings SET rounding_minutes = 1, rounding_mode = 'nearest', single_active_timer = true,
            timezone = 'Europe/Rome', overlap_policy = 'allow', idle_timeout_minutes = 30`,
  );
  await sql(`DELETE FROM time_entries`);
});

describe('pause and resume', () => {
  it('subtracts every pause from the billed duration, then rounds; raw and breaks are shown', async () => {
    await sql(`UPDATE settings SET rounding_minutes = 15, rounding_mode = 'up'`);
    const { id, t } = await timerSince3HoursAgo();

    const paused = await post(alice, '/api/v1/timer/pause', { at: iso(t(60)) }).expect(200);
    expect(paused.body).toMatchObject({
      id,
      paused: true,
      pausedAt: iso(t(60)),
      breakSeconds: 0,
      running: true,
    });
    const active = await alice.agent.get('/api/v1/timer/active').expect(200);
    expect(active.body.items).toEqual([
      expect.objectContaining({ id, paused: true, pausedAt: iso(t(60)), breakSeconds: 0, rawSeconds: null }),
    ]);

    const resumed = await post(alice, '/api/v1/timer/resume', { at: iso(t(90)) }).expect(200);
    expect(resumed.body).toMatchObject({ paused: false, pausedAt: null, breakSeconds: 1800 });
    await post(alice, '/api/v1/timer/pause', { at: iso(t(120)) }).expect(200);
    await post(alice, '/api/v1/timer/resume', { at: iso(t(130)) }).expect(200);

    const stopped = await post(alice, '/api/v1/timer/stop', { at: iso(t(160, 5)) }).expect(200);
    // 2:40:05 from start to end, 0:40 of breaks: 2:00:05 worked, billed 2:15 (rounded up).
    expect(stopped.body).toMatchObject({
      id,
      running: false,
      paused: false,
      rawSeconds: 160 * 60 + 5,
      breakSeconds: 2400,
      durationSeconds: 8100,
    });
    const listed = await alice.agent.get('/api/v1/time-entries').expect(200);
    expect(listed.body.items[0]).toMatchObject({
      rawSeconds: 9605,
      breakSeconds: 2400,
      durationSeconds: 8100,
    });
  });

  it('works without explicit times (now) and through an API token', async () => {
    const token = (await post(alice, '/api/v1/tokens', { name: 'pause' }).expect(201)).body.token as string;
    const bearer = (url: string) => http().post(url).set('Authorization', `Bearer ${token}`).send({});
    await bearer('/api/v1/timer/start').send({ projectId }).expect(201);
    const paused = await bearer('/api/v1/timer/pause').expect(200);
    expect(paused.body.paused).toBe(true);
    expect(Math.abs(Date.parse(paused.body.pausedAt) - Date.now())).toBeLessThan(60_000);
    const resumed = await bearer('/api/v1/timer/resume').expect(200);
    expect(resumed.body).toMatchObject({ paused: false });
    expect(resumed.body.breakSeconds).toBeGreaterThanOrEqual(0);
  });

  it('answers 409 when no timer runs, it is already paused, or it is not paused', async () => {
    const none = await post(alice, '/api/v1/timer/pause').expect(409);
    expect(none.body).toMatchObject({ code: 'INVALID_STATE', detail: 'No timer is running' });
    await post(alice, '/api/v1/timer/resume').expect(409);

    const { t } = await timerSince3HoursAgo();
    const notPaused = await post(alice, '/api/v1/timer/resume').expect(409);
    expect(notPaused.body.detail).toBe('The timer is not paused');
    await post(alice, '/api/v1/timer/pause', { at: iso(t(10)) }).expect(200);
    const again = await post(alice, '/api/v1/timer/pause').expect(409);
    expect(again.body.detail).toMatch(/already paused/);

    // Another user's timer is not theirs to pause: bob has none.
    await post(bob, '/api/v1/timer/resume').expect(409);
    await post(alice, '/api/v1/timer/stop').expect(200);
    await post(alice, '/api/v1/timer/resume').expect(409);
    await post(alice, '/api/v1/timer/pause').expect(409);
  });

  it('refuses pauses that would overlap or lie outside the entry (400), and 401 without a session', async () => {
    const { t } = await timerSince3HoursAgo();
    const early = await post(alice, '/api/v1/timer/pause', { at: iso(t(-1)) }).expect(400);
    expect(early.body.errors).toEqual([expect.objectContaining({ path: 'at' })]);
    const future = await post(alice, '/api/v1/timer/pause', { at: iso(t(200)) }).expect(400);
    expect(future.body.errors[0].message).toBe('must not be in the future');

    await post(alice, '/api/v1/timer/pause', { at: iso(t(30)) }).expect(200);
    await post(alice, '/api/v1/timer/resume', { at: iso(t(29)) }).expect(400);
    await post(alice, '/api/v1/timer/resume', { at: iso(t(40)) }).expect(200);
    // A pause before the last resume would overlap the break just taken.
    await post(alice, '/api/v1/timer/pause', { at: iso(t(35)) }).expect(400);
    await post(alice, '/api/v1/timer/pause', { at: 'yesterday' }).expect(400);
    await post(alice, '/api/v1/timer/pause', { nope: 1 }).expect(400);

    await http().post('/api/v1/timer/pause').send({}).expect(401);
    await http().post('/api/v1/timer/resume').send({}).expect(401);
  });

  it('ends a timer stopped while paused where its pause began; the open pause is not counted', async () => {
    const { id, t } = await timerSince3HoursAgo();
    await post(alice, '/api/v1/timer/pause', { at: iso(t(20)) }).expect(200);
    await post(alice, '/api/v1/timer/resume', { at: iso(t(30)) }).expect(200);
    await post(alice, '/api/v1/timer/pause', { at: iso(t(100)) }).expect(200);

    const stopped = await post(alice, '/api/v1/timer/stop').expect(200);
    expect(stopped.body).toMatchObject({
      id,
      endTime: iso(t(100)),
      rawSeconds: 6000,
      breakSeconds: 600,
      durationSeconds: 5400,
      paused: false,
      pausedAt: null,
    });
  });

  it('stops a paused timer at an explicit time before the pause, but not before its breaks fit', async () => {
    const { t } = await timerSince3HoursAgo();
    await post(alice, '/api/v1/timer/pause', { at: iso(t(10)) }).expect(200);
    await post(alice, '/api/v1/timer/resume', { at: iso(t(40)) }).expect(200);
    await post(alice, '/api/v1/timer/pause', { at: iso(t(100)) }).expect(200);
    const tooEarly = await post(alice, '/api/v1/timer/stop', { at: iso(t(20)) }).expect(400);
    expect(tooEarly.body.errors).toEqual([expect.objectContaining({ path: 'at' })]);
    const stopped = await post(alice, '/api/v1/timer/stop', { at: iso(t(60)) }).expect(200);
    expect(stopped.body).toMatchObject({ endTime: iso(t(60)), breakSeconds: 1800, durationSeconds: 1800 });
  });

  it('starting another timer stops a paused one at its pause (single active timer)', async () => {
    const { id, t } = await timerSince3HoursAgo();
    await post(alice, '/api/v1/timer/pause', { at: iso(t(45)) }).expect(200);
    const next = await post(alice, '/api/v1/timer/start', { projectId }).expect(201);
    expect(next.body).toMatchObject({ running: true, paused: false, breakSeconds: 0 });
    const [old] = await sql<{ end_time: Date; duration_seconds: number; paused_at: Date | null }>(
      `SELECT end_time, duration_seconds, paused_at FROM time_entries WHERE id = $1`,
      [id],
    );
    expect(old).toEqual({ end_time: t(45), duration_seconds: 2700, paused_at: null });
  });

  it('a timer started at an earlier time stops a paused one at its pause, or is refused before its breaks', async () => {
    const { id, t } = await timerSince3HoursAgo();
    await post(alice, '/api/v1/timer/pause', { at: iso(t(10)) }).expect(200);
    await post(alice, '/api/v1/timer/resume', { at: iso(t(40)) }).expect(200);
    await post(alice, '/api/v1/timer/pause', { at: iso(t(60)) }).expect(200);
    // At t20 the running timer had only 20 minutes, less than its 30 of breaks.
    const early = await post(alice, '/api/v1/timer/start', { projectId, startTime: iso(t(20)) }).expect(409);
    expect(early.body.detail).toMatch(new RegExp(`entry #${id}\\) had breaks after`));
    await post(alice, '/api/v1/timer/start', { projectId, startTime: iso(t(100)) }).expect(201);
    const [old] = await sql<{ end_time: Date; break_seconds: number; duration_seconds: number }>(
      `SELECT end_time, break_seconds, duration_seconds FROM time_entries WHERE id = $1`,
      [id],
    );
    expect(old).toEqual({ end_time: t(60), break_seconds: 1800, duration_seconds: 1800 });
  });

  it('a running timer may move its start, but not past its pause; its break is not typed', async () => {
    const { id, t } = await timerSince3HoursAgo();
    await post(alice, '/api/v1/timer/pause', { at: iso(t(60)) }).expect(200);
    const past = await patch(alice, `/api/v1/time-entries/${id}`, { startTime: iso(t(61)) }).expect(400);
    expect(past.body.errors).toEqual([expect.objectContaining({ path: 'startTime' })]);
    const typed = await patch(alice, `/api/v1/time-entries/${id}`, { breakSeconds: 60 }).expect(400);
    expect(typed.body.errors).toEqual([expect.objectContaining({ path: 'breakSeconds' })]);
    await patch(alice, `/api/v1/time-entries/${id}`, { startTime: iso(t(30)) }).expect(200);
    // Ended by an edit while paused: the end is as typed, the open pause goes.
    const ended = await patch(alice, `/api/v1/time-entries/${id}`, { endTime: iso(t(90)) }).expect(200);
    expect(ended.body).toMatchObject({
      running: false,
      paused: false,
      rawSeconds: 3600,
      durationSeconds: 3600,
    });
  });
});

describe('manual entries with a break', () => {
  const manual = (body: object) =>
    post(alice, '/api/v1/time-entries', {
      projectId,
      startTime: '2026-11-02T08:00:00Z',
      endTime: '2026-11-02T16:30:00Z',
      ...body,
    });

  it('bills end − start − break, rounded; an edit of the break or the times recomputes it', async () => {
    await sql(`UPDATE settings SET rounding_minutes = 15, rounding_mode = 'nearest'`);
    const created = await manual({ breakSeconds: 1800 + 7 * 60 }).expect(201);
    // 8:30 less 0:37 of break = 7:53, billed 8:00 (nearest quarter hour).
    expect(created.body).toMatchObject({ rawSeconds: 30_600, breakSeconds: 2220, durationSeconds: 28_800 });
    const id = created.body.id as number;

    const edited = await patch(alice, `/api/v1/time-entries/${id}`, { breakSeconds: 3600 }).expect(200);
    expect(edited.body).toMatchObject({ breakSeconds: 3600, durationSeconds: 27_000 });
    const moved = await patch(alice, `/api/v1/time-entries/${id}`, {
      endTime: '2026-11-02T17:00:00Z',
    }).expect(200);
    expect(moved.body).toMatchObject({ rawSeconds: 32_400, breakSeconds: 3600, durationSeconds: 28_800 });
    // Notes alone leave the duration as it was.
    await sql(`UPDATE settings SET rounding_minutes = 60`);
    const noted = await patch(alice, `/api/v1/time-entries/${id}`, { notes: 'lunch' }).expect(200);
    expect(noted.body.durationSeconds).toBe(28_800);
  });

  it('refuses a break as long as the entry or longer (400), and a negative one', async () => {
    const tooLong = await manual({ breakSeconds: 30_600 }).expect(400);
    expect(tooLong.body.errors).toEqual([expect.objectContaining({ path: 'breakSeconds' })]);
    await manual({ breakSeconds: -1 }).expect(400);
    await manual({ breakSeconds: 1.5 }).expect(400);
    const id = (await manual({ breakSeconds: 3600 }).expect(201)).body.id as number;
    await patch(alice, `/api/v1/time-entries/${id}`, { breakSeconds: 40_000 }).expect(400);
    // Shortening the entry below its break names the end.
    const shorter = await patch(alice, `/api/v1/time-entries/${id}`, {
      endTime: '2026-11-02T08:30:00Z',
    }).expect(400);
    expect(shorter.body.errors).toEqual([expect.objectContaining({ path: 'endTime' })]);
    const [row] = await sql<{ break_seconds: number }>(
      `SELECT break_seconds FROM time_entries WHERE id = $1`,
      [id],
    );
    expect(row!.break_seconds).toBe(3600);
  });

  it('the database refuses a break longer than its entry whoever writes', async () => {
    const id = (await manual({}).expect(201)).body.id as number;
    await expect(sql(`UPDATE time_entries SET break_seconds = 40000 WHERE id = $1`, [id])).rejects.toThrow(
      /time_entries_break_seconds_check/,
    );
    await expect(sql(`UPDATE time_entries SET paused_at = start_time WHERE id = $1`, [id])).rejects.toThrow(
      /time_entries_paused_at_check/,
    );
  });

  it('a range of days carries the same break each day; a duplicate keeps it', async () => {
    const bulk = await post(alice, '/api/v1/time-entries/bulk', {
      projectId,
      from: '2026-11-02',
      to: '2026-11-03',
      startTime: '09:00',
      endTime: '17:00',
      breakSeconds: 1800,
    }).expect(201);
    expect(bulk.body.items.map((e: { durationSeconds: number }) => e.durationSeconds)).toEqual([
      27_000, 27_000,
    ]);
    const copy = await post(alice, `/api/v1/time-entries/${bulk.body.items[0].id}/duplicate`, {
      date: '2026-11-05',
    }).expect(201);
    expect(copy.body).toMatchObject({ breakSeconds: 1800, durationSeconds: 27_000 });
  });
});

describe('the idle sweep on a paused timer', () => {
  const sweep = (now: Date) => new IdleTimersService(new IdleTimersRepository(prisma)).stopIdleTimers(now);
  const activity = (at: Date | null) =>
    sql(`UPDATE users SET last_activity_at = $1 WHERE username = 'alice'`, [at]);

  it('stops it at the pause’s start and never counts the pause', async () => {
    const { id, t } = await timerSince3HoursAgo();
    await post(alice, '/api/v1/timer/pause', { at: iso(t(10)) }).expect(200);
    await post(alice, '/api/v1/timer/resume', { at: iso(t(25)) }).expect(200);
    await post(alice, '/api/v1/timer/pause', { at: iso(t(50)) }).expect(200);
    await activity(t(55));
    // Idle from t(55): not yet at t(85) − 1 ms, stopped at t(85).
    expect(await sweep(new Date(t(85).getTime() - 1))).toEqual({ stopped: 0 });
    expect(await sweep(t(85))).toEqual({ stopped: 1 });
    const entry = (await alice.agent.get(`/api/v1/time-entries/${id}`).expect(200)).body;
    expect(entry).toMatchObject({
      endTime: iso(t(50)),
      rawSeconds: 3000,
      breakSeconds: 900,
      durationSeconds: 2100,
      paused: false,
      stoppedReason: 'idle',
      autoStoppedAt: iso(t(85)),
    });
    const late = await post(alice, '/api/v1/timer/resume').expect(409);
    expect(late.body.detail).toMatch(/No timer is running/);
  });

  it('measures idleness from the last resume too, and keeps a paused timer whose user is active', async () => {
    const { id, t } = await timerSince3HoursAgo();
    await post(alice, '/api/v1/timer/pause', { at: iso(t(10)) }).expect(200);
    await post(alice, '/api/v1/timer/resume', { at: iso(t(40)) }).expect(200);
    await activity(t(5));
    // The resume at t(40) is activity: idle only from t(70).
    expect(await sweep(t(69))).toEqual({ stopped: 0 });
    await post(alice, '/api/v1/timer/pause', { at: iso(t(60)) }).expect(200);
    await activity(t(100));
    expect(await sweep(t(120))).toEqual({ stopped: 0 });
    expect(await sweep(t(130))).toEqual({ stopped: 1 });
    const [row] = await sql<{ end_time: Date; duration_seconds: number }>(
      `SELECT end_time, duration_seconds FROM time_entries WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({ end_time: t(60), duration_seconds: 3600 - 1800 });
  });

  it('races a pause, a resume and a stop without breaking a rule', async () => {
    await activity(null);
    for (let round = 0; round < 8; round++) {
      await sql(`DELETE FROM time_entries`);
      const { id, t } = await timerSince3HoursAgo();
      await post(alice, '/api/v1/timer/pause', { at: iso(t(60)) }).expect(200);
      // Everyone at once: resume, the sweep (idle since the start), a stop and a pause.
      const [resume, swept, stop, pause] = await Promise.all([
        post(alice, '/api/v1/timer/resume', { at: iso(t(90)) }),
        sweep(t(200)),
        post(alice, '/api/v1/timer/stop'),
        post(alice, '/api/v1/timer/pause', { at: iso(t(120)) }),
      ]);
      for (const res of [resume, stop, pause]) expect([200, 409]).toContain(res.status);
      const [row] = await sql<{
        end_time: Date | null;
        paused_at: Date | null;
        break_seconds: number;
        duration_seconds: number | null;
        stopped_reason: string | null;
      }>(
        `SELECT end_time, paused_at, break_seconds, duration_seconds, stopped_reason FROM time_entries WHERE id = $1`,
        [id],
      );
      // One stop won (a user's or the sweep's); the entry is whole and consistent.
      expect(row!.end_time).not.toBeNull();
      expect(row!.paused_at).toBeNull();
      expect(swept.stopped + (stop.status === 200 ? 1 : 0)).toBe(1);
      const raw = (row!.end_time!.getTime() - t(0).getTime()) / 1000;
      expect(row!.duration_seconds).toBe(Math.floor(raw) - row!.break_seconds);
      expect(row!.break_seconds).toBeLessThanOrEqual(raw);
    }
  });
});

describe('concurrent pause and stop', () => {
  it('one of them wins on the row; a stop after a pause ends at the pause', async () => {
    for (let round = 0; round < 10; round++) {
      await sql(`DELETE FROM time_entries`);
      const { id, t } = await timerSince3HoursAgo();
      const [pause, stop] = await Promise.all([
        post(alice, '/api/v1/timer/pause', { at: iso(t(30)) }),
        post(alice, '/api/v1/timer/stop', { at: iso(t(60)) }),
      ]);
      expect(stop.status).toBe(200);
      const [row] = await sql<{ end_time: Date; paused_at: Date | null; duration_seconds: number }>(
        `SELECT end_time, paused_at, duration_seconds FROM time_entries WHERE id = $1`,
        [id],
      );
      if (pause.status === 200) {
        expect(row).toEqual({ end_time: t(30), paused_at: null, duration_seconds: 1800 });
      } else {
        expect(pause.status).toBe(409);
        expect(row).toEqual({ end_time: t(60), paused_at: null, duration_seconds: 3600 });
      }
    }
  });
});

describe('reports and CSV show breaks', () => {
  it('has a Break column (h:mm) and break totals in the summary', async () => {
    for (const [day, brk] of [
      ['02', 1800],
      ['03', 2700 + 3600],
    ] as const) {
      await post(alice, '/api/v1/time-entries', {
        projectId,
        startTime: `2026-11-${day}T08:00:00Z`,
        endTime: `2026-11-${day}T17:00:00Z`,
        breakSeconds: brk,
      }).expect(201);
    }
    const range = 'from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z';
    const res = await alice.agent
      .get(`/api/v1/exports/time-entries.csv?${range}&columns=date,start,end,raw_hours,break,duration_hours`)
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (text += c));
        r.on('end', () => done(null, text));
      })
      .expect(200);
    expect((res.body as string).split('\r\n').slice(0, 3)).toEqual([
      'date,start,end,raw_hours,break,duration_hours',
      '2026-11-02,2026-11-02T09:00:00+01:00,2026-11-02T18:00:00+01:00,9.00,0:30,8.50',
      '2026-11-03,2026-11-03T09:00:00+01:00,2026-11-03T18:00:00+01:00,9.00,1:45,7.25',
    ]);
    const summary = await alice.agent.get(`/api/v1/reports/summary?${range}`).expect(200);
    expect(summary.body.totals).toMatchObject({ seconds: 8.5 * 3600 + 7.25 * 3600, breakSeconds: 8100 });
  });

  it('counts a running, paused timer up to its pause less its breaks', async () => {
    const { t } = await timerSince3HoursAgo();
    await post(alice, '/api/v1/timer/pause', { at: iso(t(10)) }).expect(200);
    await post(alice, '/api/v1/timer/resume', { at: iso(t(20)) }).expect(200);
    await post(alice, '/api/v1/timer/pause', { at: iso(t(70)) }).expect(200);
    const from = encodeURIComponent(iso(t(-60)));
    const summary = await alice.agent.get(`/api/v1/reports/summary?from=${from}&includeRunning=true`);
    expect(summary.status).toBe(200);
    expect(summary.body.totals).toMatchObject({ seconds: 3600, breakSeconds: 600 });
  });
});
