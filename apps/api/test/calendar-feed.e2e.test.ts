import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import ICAL from 'ical.js';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, signIn, signInNewUser, sqlOn, startApi, type Session } from './support';
import type { ApiApp } from '../src/app';

// Private calendar feeds (issue #20 §4, docs/calendar-feed.md): a secret URL per user, read by
// calendar apps without signing in; revocable, regenerated, and switched off by admins.

let db: TestDatabase;
let app: ApiApp;
let admin: Session;
let alice: Session;
let bob: Session;
let projectId: number;
let taskId: number;
const sql = sqlOn(() => db.url);
const http = () => request(app.getHttpServer());

const post = (who: Session, url: string, body: object = {}) =>
  who.agent.post(url).set('X-CSRF-Token', who.csrf).send(body);
const del = (who: Session, url: string) => who.agent.delete(url).set('X-CSRF-Token', who.csrf);
const turnOn = async (who: Session) =>
  (await post(who, '/api/v1/account/calendar-feed').expect(201)).body as { path: string; active: boolean };

const DAY = 86_400_000;
const ago = (days: number, hours = 0) => new Date(Date.now() - days * DAY + hours * 3_600_000);

async function entry(
  userId: number,
  start: Date,
  end: Date | null,
  extra: { notes?: string; task?: number | null; project?: number | null } = {},
) {
  const [row] = await sql<{ id: number }>(
    `INSERT INTO time_entries (user_id, project_id, task_id, start_time, end_time, duration_seconds, notes)
     VALUES ($1, $2, $3, $4, $5, CASE WHEN $5::timestamptz IS NULL THEN NULL
             ELSE extract(epoch FROM $5::timestamptz - $4::timestamptz)::int END, $6) RETURNING id`,
    [
      userId,
      extra.project === undefined ? projectId : extra.project,
      extra.task ?? null,
      start,
      end,
      extra.notes ?? null,
    ],
  );
  return row!.id;
}

/** The feed parsed by a real iCalendar parser (Mozilla's ical.js): its events by UID. */
function events(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  expect(calendar.name).toBe('vcalendar');
  return calendar.getAllSubcomponents('vevent').map((c) => {
    const event = new ICAL.Event(c);
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      utc: event.startDate.zone?.tzid === 'UTC' && event.endDate.zone?.tzid === 'UTC',
    };
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  admin = await signIn(app, ADMIN);
  alice = await signInNewUser(app, admin, { username: 'alice', password: 'blue-orchid-2718' });
  bob = await signInNewUser(app, admin, { username: 'bob', password: 'green-falcon-3141' });
  const [client] = await sql<{ id: number }>(`INSERT INTO clients (name) VALUES ('Acme') RETURNING id`);
  const [project] = await sql<{ id: number }>(
    `INSERT INTO projects (name, client_id) VALUES ('Website', $1) RETURNING id`,
    [client!.id],
  );
  projectId = project!.id;
  const [task] = await sql<{ id: number }>(
    `INSERT INTO tasks (project_id, name, created_by) VALUES ($1, 'Design', $2) RETURNING id`,
    [projectId, alice.user.id],
  );
  taskId = task!.id;
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});
beforeEach(async () => {
  await sql(`UPDATE settings SET calendar_feeds = true`);
  await sql(`DELETE FROM calendar_feeds`);
  await sql(`DELETE FROM time_entries`);
  await sql(`DELETE FROM rate_limits WHERE key LIKE 'calendar-feed:%'`);
  await sql(`UPDATE users SET is_active = true`);
});

describe('calendar feed', () => {
  it('is off until the user turns it on, and then serves their finished entries as iCalendar', async () => {
    expect((await alice.agent.get('/api/v1/account/calendar-feed').expect(200)).body).toEqual({
      available: true,
      active: false,
      createdAt: null,
      lastUsedAt: null,
    });
    const designed = await entry(alice.user.id, ago(3), ago(3, 2), {
      notes: 'Wireframes, v2; "home" page\nsecond line',
      task: taskId,
    });
    const plain = await entry(alice.user.id, ago(1), ago(1, 1), { project: null, notes: 'Phone call' });
    await entry(alice.user.id, ago(0, -1), null); // running: left out
    await entry(alice.user.id, ago(200), ago(200, 1)); // older than 6 months: left out
    await entry(bob.user.id, ago(2), ago(2, 1)); // someone else's

    const created = await turnOn(alice);
    expect(created.active).toBe(true);
    expect(created.path).toMatch(/^\/api\/v1\/calendar-feed\/[\w-]{16}\.[\w-]{43}\.ics$/);

    const res = await http().get(created.path).expect(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    const list = events(res.text);
    expect(list.map((e) => e.uid).sort()).toEqual(
      [designed, plain].map((id) => expect.stringMatching(new RegExp(`^entry-${id}@`))).sort(),
    );
    const design = list.find((e) => e.uid.startsWith(`entry-${designed}@`))!;
    expect(design).toMatchObject({
      summary: 'Website › Design (Acme)',
      description: 'Wireframes, v2; "home" page\nsecond line',
      utc: true,
    });
    const [row] = await sql<{ start: Date; end: Date }>(
      `SELECT start_time AS start, end_time AS end FROM time_entries WHERE id = $1`,
      [designed],
    );
    // Whole seconds in iCalendar: the instants match the database's to the second.
    expect(design.start).toBe(new Date(Math.floor(row!.start.getTime() / 1000) * 1000).toISOString());
    expect(design.end).toBe(new Date(Math.floor(row!.end.getTime() / 1000) * 1000).toISOString());
    expect(list.find((e) => e.uid.startsWith(`entry-${plain}@`))?.summary).toBe('Phone call');

    // The same entry keeps its UID on the next fetch (apps update it in place).
    const again = events((await http().get(created.path).expect(200)).text);
    expect(again.map((e) => e.uid).sort()).toEqual(list.map((e) => e.uid).sort());
    const status = (await alice.agent.get('/api/v1/account/calendar-feed').expect(200)).body;
    expect(status).toMatchObject({ available: true, active: true });
    expect(status.lastUsedAt).not.toBeNull();
    // Only the hash of the secret is stored.
    const [stored] = await sql<{ secret_hash: string; lookup_key: string }>(
      `SELECT * FROM calendar_feeds WHERE user_id = $1`,
      [alice.user.id],
    );
    const secret = created.path.split('.')[1]!;
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it('regenerating replaces the URL and turning it off ends it', async () => {
    await entry(alice.user.id, ago(1), ago(1, 1));
    const first = await turnOn(alice);
    await http().get(first.path).expect(200);
    const second = await turnOn(alice);
    expect(second.path).not.toBe(first.path);
    await http().get(first.path).expect(404);
    await http().get(second.path).expect(200);

    const off = await del(alice, '/api/v1/account/calendar-feed').expect(200);
    expect(off.body).toMatchObject({ available: true, active: false });
    await http().get(second.path).expect(404);
    await del(alice, '/api/v1/account/calendar-feed').expect(200);
  });

  it("another user's URL shows only that user's entries; a forged secret is a 404", async () => {
    const mine = await entry(alice.user.id, ago(1), ago(1, 1));
    const theirs = await entry(bob.user.id, ago(1), ago(1, 1));
    const alicePath = (await turnOn(alice)).path;
    const bobPath = (await turnOn(bob)).path;
    expect(events((await http().get(bobPath).expect(200)).text).map((e) => e.uid)).toEqual([
      expect.stringMatching(new RegExp(`^entry-${theirs}@`)),
    ]);
    expect(events((await http().get(alicePath).expect(200)).text).map((e) => e.uid)).toEqual([
      expect.stringMatching(new RegExp(`^entry-${mine}@`)),
    ]);
    // Alice's key with Bob's secret, a changed secret, garbage, nothing: all the same 404.
    const [aliceKey] = alicePath.split('/').pop()!.split('.');
    const bobSecret = bobPath.split('/').pop()!.split('.')[1];
    for (const token of [
      `${aliceKey}.${bobSecret}.ics`,
      `${aliceKey}.${'A'.repeat(43)}.ics`,
      'not-a-token',
      `${aliceKey}`,
    ]) {
      const res = await http().get(`/api/v1/calendar-feed/${token}`);
      expect(res.status, token).toBe(404);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
    // A NUL is malformed input like anywhere else: 400.
    await http().get('/api/v1/calendar-feed/%00').expect(400);
    // Signing in does not help: the token is the only credential.
    await alice.agent.get(`/api/v1/calendar-feed/${aliceKey}.${bobSecret}.ics`).expect(404);
    // A deactivated user's feed stops.
    await sql(`UPDATE users SET is_active = false WHERE id = $1`, [bob.user.id]);
    await http().get(bobPath).expect(404);
  });

  it('an admin can switch feeds off: URLs answer 404, none can be made, the status says so', async () => {
    const path = (await turnOn(alice)).path;
    await admin.agent
      .patch('/api/v1/settings')
      .set('X-CSRF-Token', admin.csrf)
      .send({ calendarFeeds: false })
      .expect(200);
    await http().get(path).expect(404);
    expect((await alice.agent.get('/api/v1/account/calendar-feed').expect(200)).body).toMatchObject({
      available: false,
      active: false,
    });
    const refused = await post(alice, '/api/v1/account/calendar-feed').expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    // A user cannot switch it back; an admin can, and the URL works again.
    await alice.agent
      .patch('/api/v1/settings')
      .set('X-CSRF-Token', alice.csrf)
      .send({ calendarFeeds: true })
      .expect(403);
    await admin.agent
      .patch('/api/v1/settings')
      .set('X-CSRF-Token', admin.csrf)
      .send({ calendarFeeds: true })
      .expect(200);
    await http().get(path).expect(200);
  });

  it('is limited to 60 fetches per feed per hour, then 429 with Retry-After', async () => {
    const path = (await turnOn(alice)).path;
    await http().get(path).expect(200);
    await sql(`UPDATE rate_limits SET hits = 60 WHERE key = $1`, [`calendar-feed:user:${alice.user.id}`]);
    const limited = await http().get(path).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(3600);
  });

  it('holds at most the newest 5000 entries', async () => {
    await sql(
      `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds)
       SELECT $1, $2, now() - make_interval(mins => 30 * g), now() - make_interval(mins => 30 * g - 20), 1200
         FROM generate_series(1, 5003) g`,
      [alice.user.id, projectId],
    );
    const res = await http()
      .get((await turnOn(alice)).path)
      .expect(200);
    const list = events(res.text);
    expect(list).toHaveLength(5000);
    const oldest = list.map((e) => e.start).sort()[0]!;
    expect(Date.now() - Date.parse(oldest)).toBeLessThan(5001 * 30 * 60_000);
  });

  it('needs a sign-in to manage, and answers 401 without one', async () => {
    await http().get('/api/v1/account/calendar-feed').expect(401);
    await http().post('/api/v1/account/calendar-feed').expect(401);
    await http().delete('/api/v1/account/calendar-feed').expect(401);
  });
});
