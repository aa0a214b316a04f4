import { zonedDate, zonedStartOfDay } from '@timetracker/contracts';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, signIn, startApi, sqlOn } from './support';
import type { ApiApp } from '../src/app';

// My account (issue #17 §1): preferences, the viewer's zone, own password, own sessions.

let db: TestDatabase;
let app: ApiApp;
let admin: Awaited<ReturnType<typeof signIn>>;
let projectId: number;
const http = () => request(app.getHttpServer());

type Who = Awaited<ReturnType<typeof signIn>>;
const post = (who: Who, url: string, body: object = {}) =>
  who.agent.post(url).set('X-CSRF-Token', who.csrf).send(body);
const patch = (who: Who, url: string, body: object) =>
  who.agent.patch(url).set('X-CSRF-Token', who.csrf).send(body);
const put = (who: Who, url: string, body: object) =>
  who.agent.put(url).set('X-CSRF-Token', who.csrf).send(body);
const del = (who: Who, url: string) => who.agent.delete(url).set('X-CSRF-Token', who.csrf);

const sql = sqlOn(() => db.url);

let users = 0;
/** A fresh user per test: tests run shuffled and change passwords and sessions. */
async function newUser(): Promise<{ username: string; password: string; id: number }> {
  const username = `person${++users}`;
  const password = `quiet-harbour-${users}-7781`;
  const res = await post(admin, '/api/v1/users', { username, password }).expect(201);
  // `id` is not enumerable so that the object can be sent to /auth/login as it is.
  return Object.defineProperty({ username, password }, 'id', { value: res.body.id as number }) as {
    username: string;
    password: string;
    id: number;
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  admin = await signIn(app, ADMIN);
  projectId = (await post(admin, '/api/v1/projects', { name: 'Zones', billable: true }).expect(201)).body.id;
  await sql(`UPDATE settings SET timezone = 'Europe/Berlin'`);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('preferences', () => {
  it('start at the defaults, change field by field, and come with /auth/me and the sign-in', async () => {
    const u = await newUser();
    const me = await signIn(app, u);
    const first = await me.agent.get('/api/v1/account/preferences').expect(200);
    expect(first.body).toEqual({
      timezone: null,
      effectiveTimezone: 'Europe/Berlin',
      language: null,
      weekStart: 'monday',
      clock: '24h',
      dateFormat: 'auto',
      weeklyTargetSeconds: 144000,
    });
    const changed = await patch(me, '/api/v1/account/preferences', {
      timezone: 'pacific/auckland',
      clock: '12h',
      language: 'de',
      weekStart: 'sunday',
      dateFormat: 'DD.MM.YYYY',
      weeklyTargetSeconds: 30 * 3600,
    }).expect(200);
    expect(changed.body).toMatchObject({
      timezone: 'Pacific/Auckland',
      effectiveTimezone: 'Pacific/Auckland',
      clock: '12h',
      language: 'de',
      weekStart: 'sunday',
      dateFormat: 'DD.MM.YYYY',
      weeklyTargetSeconds: 108000,
    });
    const session = await me.agent.get('/api/v1/auth/me').expect(200);
    expect(session.body.preferences).toEqual(changed.body);
    const again = await signIn(app, u);
    const login = await again.agent.get('/api/v1/auth/me').expect(200);
    expect(login.body.preferences.clock).toBe('12h');

    // null goes back to the default; a field not sent stays.
    const reset = await patch(me, '/api/v1/account/preferences', {
      timezone: null,
      weeklyTargetSeconds: null,
    }).expect(200);
    expect(reset.body).toMatchObject({
      timezone: null,
      effectiveTimezone: 'Europe/Berlin',
      weeklyTargetSeconds: null,
      clock: '12h',
    });
  });

  it('refuses what is not a preference', async () => {
    const me = await signIn(app, await newUser());
    for (const body of [
      { timezone: 'Mars/Olympus' },
      { timezone: '+01:00' },
      { language: 'xx' },
      { weekStart: 'friday' },
      { clock: '13h' },
      { dateFormat: 'YY/M/D' },
      { weeklyTargetSeconds: 169 * 3600 },
      { weeklyTargetSeconds: -1 },
      { role: 'admin' },
    ]) {
      const res = await patch(me, '/api/v1/account/preferences', body).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    await me.agent.patch('/api/v1/account/preferences').send({ clock: '12h' }).expect(403); // no CSRF
    await http().get('/api/v1/account/preferences').expect(401);
  });
});

describe("the viewer's zone", () => {
  it('cuts days in the user’s zone (Pacific/Auckland) while the company is in Europe/Berlin', async () => {
    const u = await newUser();
    const me = await signIn(app, u);
    await patch(me, '/api/v1/account/preferences', { timezone: 'Pacific/Auckland' }).expect(200);

    // Local times of a range are the user's: 09:00 on 2 March in Auckland (UTC+13) is 20:00 UTC
    // on 1 March (in Berlin it would be 08:00 UTC).
    const bulk = await post(me, '/api/v1/time-entries/bulk', {
      projectId,
      from: '2026-03-02',
      to: '2026-03-02',
      startTime: '09:00',
      endTime: '10:00',
      skipWeekends: false,
    }).expect(201);
    const entry = bulk.body.items[0] as { id: number; startTime: string };
    expect(entry.startTime).toBe('2026-03-01T20:00:00.000Z');

    // Duplicating keeps the local start on the chosen day, in the user's zone.
    const copy = await post(me, `/api/v1/time-entries/${entry.id}/duplicate`, { date: '2026-03-04' });
    expect(copy.status).toBe(201);
    expect(copy.body.startTime).toBe('2026-03-03T20:00:00.000Z');

    // The report groups the entry under its Auckland day and says which zone it used.
    const report = await me.agent
      .get('/api/v1/reports/summary?groupBy=day&from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z')
      .expect(200);
    expect(report.body.timezone).toBe('Pacific/Auckland');
    expect(report.body.rows.map((r: { groups: { key: string }[] }) => r.groups[0]!.key)).toEqual([
      '2026-03-02',
    ]);

    // The CSV writes times with the user's offset.
    const csv = await me.agent
      .get(
        '/api/v1/exports/time-entries.csv?columns=date,start&from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z',
      )
      .buffer(true)
      .parse((res, cb) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => cb(null, text));
      })
      .expect(200);
    expect(csv.body).toContain('2026-03-02,2026-03-02T09:00:00+13:00');

    // Dashboard: today is Auckland's today. One minute just after its midnight counts, one
    // just before does not (in Berlin both would fall on the same side of its midnight).
    const now = new Date();
    const start = zonedStartOfDay(zonedDate(now, 'Pacific/Auckland'), 'Pacific/Auckland');
    if (now.getTime() - start.getTime() > 120_000) {
      const at = (ms: number) => new Date(start.getTime() + ms).toISOString();
      await post(me, '/api/v1/time-entries', { projectId, startTime: at(0), endTime: at(60_000) }).expect(
        201,
      );
      await post(me, '/api/v1/time-entries', {
        projectId,
        startTime: at(-120_000),
        endTime: at(-60_000),
      }).expect(201);
      const dash = await me.agent.get('/api/v1/reports/dashboard').expect(200);
      expect(dash.body.timezone).toBe('Pacific/Auckland');
      expect(dash.body.today.seconds).toBe(60);
    }
  });

  it('uses the zone for API tokens too, and admin reports take a timezone to change it', async () => {
    const u = await newUser();
    const me = await signIn(app, u);
    await patch(me, '/api/v1/account/preferences', { timezone: 'Pacific/Auckland' }).expect(200);
    const token = (await post(me, '/api/v1/tokens', { name: 'cli' }).expect(201)).body.token as string;
    const viaToken = await http()
      .get('/api/v1/reports/summary?period=today')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(viaToken.body.timezone).toBe('Pacific/Auckland');

    // The admin has no preference: the company's zone, said in the answer; ?timezone= changes it.
    const mine = await admin.agent.get('/api/v1/reports/summary?period=today').expect(200);
    expect(mine.body.timezone).toBe('Europe/Berlin');
    await post(me, '/api/v1/time-entries', {
      projectId,
      startTime: '2026-03-02T20:00:00Z',
      endTime: '2026-03-02T21:00:00Z',
    }).expect(201);
    const q = `groupBy=day&users=${u.id}&from=2026-03-02T19:00:00Z&to=2026-03-02T22:00:00Z`;
    const berlin = await admin.agent.get(`/api/v1/reports/summary?${q}`).expect(200);
    expect(berlin.body.rows[0].groups[0].key).toBe('2026-03-02');
    const auckland = await admin.agent
      .get(`/api/v1/reports/summary?${q}&timezone=Pacific/Auckland`)
      .expect(200);
    expect(auckland.body.timezone).toBe('Pacific/Auckland');
    expect(auckland.body.rows[0].groups[0].key).toBe('2026-03-03');
    await admin.agent.get(`/api/v1/reports/summary?${q}&timezone=Nowhere/Else`).expect(400);
  });
});

describe("the user's week", () => {
  it('starts the dashboard week on the user’s first day of the week', async () => {
    const me = await signIn(app, await newUser());
    await patch(me, '/api/v1/account/preferences', { weekStart: 'sunday' }).expect(200);
    // An entry on a day that is in this week by one rule and not by the other (Berlin days).
    const zone = 'Europe/Berlin';
    const today = zonedDate(new Date(), zone);
    const weekday = new Date(`${today}T12:00:00Z`).getUTCDay(); // 0 = Sunday
    const daysBack = weekday === 0 ? 6 : weekday; // Sunday: last Monday; else: last Sunday
    const day = new Date(Date.parse(`${today}T12:00:00Z`) - daysBack * 86_400_000).toISOString().slice(0, 10);
    const start = zonedStartOfDay(day, zone);
    await post(me, '/api/v1/time-entries', {
      projectId,
      startTime: start.toISOString(),
      endTime: new Date(start.getTime() + 60_000).toISOString(),
    }).expect(201);
    const dash = await me.agent.get('/api/v1/reports/dashboard').expect(200);
    // Sunday weeks hold last Sunday (and not last Monday when today is Sunday).
    expect(dash.body.week.seconds).toBe(weekday === 0 ? 0 : 60);
    await patch(me, '/api/v1/account/preferences', { weekStart: 'monday' }).expect(200);
    const monday = await me.agent.get('/api/v1/reports/dashboard').expect(200);
    expect(monday.body.week.seconds).toBe(weekday === 0 ? 60 : 0);
  });
});

describe('the timesheet week', () => {
  it('starts on the user’s first day of the week', async () => {
    const me = await signIn(app, await newUser());
    // 2026-03-04 is a Wednesday: its Monday week starts 2 March, its Sunday week 1 March.
    const monday = await me.agent.get('/api/v1/timesheet?week=2026-03-04').expect(200);
    expect(monday.body).toMatchObject({ firstDayOfWeek: 1, start: '2026-03-02', end: '2026-03-08' });
    await patch(me, '/api/v1/account/preferences', { weekStart: 'sunday' }).expect(200);
    const sunday = await me.agent.get('/api/v1/timesheet?week=2026-03-04').expect(200);
    expect(sunday.body).toMatchObject({ firstDayOfWeek: 7, start: '2026-03-01', end: '2026-03-07' });
    await patch(me, '/api/v1/account/preferences', { weekStart: 'saturday' }).expect(200);
    const saturday = await me.agent.get('/api/v1/timesheet?week=2026-03-04').expect(200);
    expect(saturday.body).toMatchObject({ firstDayOfWeek: 6, start: '2026-02-28' });
  });
});

describe('own password', () => {
  it('needs the current password, then ends the other sessions and the API tokens', async () => {
    const u = await newUser();
    const here = await signIn(app, u);
    const elsewhere = await signIn(app, u);
    const token = (await post(here, '/api/v1/tokens', { name: 'cli' }).expect(201)).body.token as string;
    const newPassword = 'amber-lantern-5521';

    const wrong = await put(here, '/api/v1/account/password', {
      currentPassword: 'not-my-password',
      newPassword,
    }).expect(403);
    expect(wrong.body.detail).toBe('The current password is wrong');
    const weak = await put(here, '/api/v1/account/password', {
      currentPassword: u.password,
      newPassword: `${u.username}-long-enough`,
    }).expect(400);
    expect(weak.body.errors[0].path).toBe('newPassword');
    await here.agent
      .put('/api/v1/account/password')
      .send({ currentPassword: u.password, newPassword })
      .expect(403);
    // Nothing ended while the change was refused.
    await elsewhere.agent.get('/api/v1/auth/me').expect(200);

    const ok = await put(here, '/api/v1/account/password', {
      currentPassword: u.password,
      newPassword,
    }).expect(200);
    expect(ok.body).toEqual({ endedSessions: 1, revokedTokens: 1 });
    await here.agent.get('/api/v1/auth/me').expect(200);
    await elsewhere.agent.get('/api/v1/auth/me').expect(401);
    await http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
    await http().post('/api/v1/auth/login').send(u).expect(401);
    await signIn(app, { username: u.username, password: newPassword });
  });

  it('through an API token keeps that token and ends every browser session', async () => {
    const u = await newUser();
    const browser = await signIn(app, u);
    const token = (await post(browser, '/api/v1/tokens', { name: 'cli' }).expect(201)).body.token as string;
    const res = await http()
      .put('/api/v1/account/password')
      .set('Authorization', `Bearer ${token}`)
      .send({ currentPassword: u.password, newPassword: 'copper-meadow-9034' })
      .expect(200);
    expect(res.body).toEqual({ endedSessions: 1, revokedTokens: 0 });
    await browser.agent.get('/api/v1/auth/me').expect(401);
    await http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
  });
});

describe('wrong current passwords', () => {
  const attempt = (who: Who, currentPassword: string, newPassword = 'amber-lantern-5521') =>
    put(who, '/api/v1/account/password', { currentPassword, newPassword });

  it('are limited to 5 per account, parallel requests included, then 429 with Retry-After', async () => {
    const u = await newUser();
    const me = await signIn(app, u);
    const other = await newUser();
    const them = await signIn(app, other);
    const results = await Promise.all(Array.from({ length: 9 }, (_, i) => attempt(me, `guess-${i}-xxxxxx`)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([403, 403, 403, 403, 403, 429, 429, 429, 429]);
    const refused = results.find((r) => r.status === 429)!;
    expect(refused.body.code).toBe('RATE_LIMITED');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Now even the right password is not checked, and nothing changed.
    await attempt(me, u.password).expect(429);
    await http().post('/api/v1/auth/login').send(u).expect(200);
    // Another account has its own count.
    await attempt(them, other.password).expect(200);
  });

  it('are not forgiven by a right one in between', async () => {
    const u = await newUser();
    const me = await signIn(app, u);
    for (let i = 0; i < 3; i++) await attempt(me, `guess-${i}-xxxxxx`).expect(403);
    // The right current password (a weak new one, so nothing changes): gives back its own hit only.
    await attempt(me, u.password, `${u.username}-long-enough`).expect(400);
    await attempt(me, 'guess-3-xxxxxx').expect(403);
    await attempt(me, 'guess-4-xxxxxx').expect(403);
    await attempt(me, 'guess-5-xxxxxx').expect(429);
  });
});

describe('own sessions', () => {
  it('lists them, ends one or all others, and never another user’s', async () => {
    const u = await newUser();
    const here = await signIn(app, u);
    const phone = await signIn(app, u);
    const laptop = await signIn(app, u);
    const list = await here.agent.get('/api/v1/account/sessions').set('User-Agent', 'Firefox').expect(200);
    expect(list.body.items).toHaveLength(3);
    const current = list.body.items.filter((s: { current: boolean }) => s.current);
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({ ip: expect.any(String) });

    // Another user's session reads as absent.
    const other = await signIn(app, await newUser());
    const otherId = (await other.agent.get('/api/v1/account/sessions').expect(200)).body.items[0]
      .id as string;
    await del(here, `/api/v1/account/sessions/${otherId}`).expect(404);
    await other.agent.get('/api/v1/auth/me').expect(200);
    await del(here, '/api/v1/account/sessions/not-a-session').expect(400);
    await here.agent.delete(`/api/v1/account/sessions/${otherId}`).expect(403); // no CSRF

    const phoneId = (await phone.agent.get('/api/v1/account/sessions').expect(200)).body.items.find(
      (s: { current: boolean }) => s.current,
    ).id as string;
    await del(here, `/api/v1/account/sessions/${phoneId}`).expect(204);
    await phone.agent.get('/api/v1/auth/me').expect(401);
    await del(here, `/api/v1/account/sessions/${phoneId}`).expect(404);

    const ended = await post(here, '/api/v1/account/sessions/end-others').expect(200);
    expect(ended.body).toEqual({ endedSessions: 1 });
    await laptop.agent.get('/api/v1/auth/me').expect(401);
    await here.agent.get('/api/v1/auth/me').expect(200);
    const after = await here.agent.get('/api/v1/account/sessions').expect(200);
    expect(after.body.items).toHaveLength(1);
    await http().get('/api/v1/account/sessions').expect(401);
  });
});
