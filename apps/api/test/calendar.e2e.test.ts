import { instantToZonedTime } from '@timetracker/contracts';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, signIn, startApi, sqlOn, signInNewUser } from './support';
import type { ApiApp } from '../src/app';

// The calendar's days in one request (issue #17 §3): GET /api/v1/calendar.

let db: TestDatabase;
let app: ApiApp;
let admin: Awaited<ReturnType<typeof signIn>>;
let alice: Awaited<ReturnType<typeof signIn>>;
let bob: Awaited<ReturnType<typeof signIn>>;
let aliceId: number;
let projectId: number;
const http = () => request(app.getHttpServer());

const sql = sqlOn(() => db.url);

type Who = typeof alice;
const post = (who: Who, url: string, body: object = {}) =>
  who.agent.post(url).set('X-CSRF-Token', who.csrf).send(body);
/** An entry of the user straight into the table (no rounding, no overlap rules in the way). */
const entry = async (userId: number, start: string, end: string | null) =>
  (
    await sql<{ id: number }>(
      `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, source)
       VALUES ($1, $2, $3, $4, CASE WHEN $4::timestamptz IS NULL THEN NULL
               ELSE extract(epoch FROM $4::timestamptz - $3::timestamptz)::int END, 'manual') RETURNING id`,
      [userId, projectId, start, end],
    )
  )[0]!.id;
const ids = (body: { items: { id: number }[] }) => body.items.map((e) => e.id);

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  admin = await signIn(app, ADMIN);
  alice = await signInNewUser(app, admin, { username: 'alice', password: 'blue-orchid-2718' });
  bob = await signInNewUser(app, admin, { username: 'bob', password: 'green-falcon-3141' });
  aliceId = (await sql<{ id: number }>(`SELECT id FROM users WHERE username = 'alice'`))[0]!.id;
  projectId = (await sql<{ id: number }>(`SELECT id FROM projects WHERE name = 'General'`))[0]!.id;
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});
beforeEach(async () => {
  await sql(`UPDATE settings SET timezone = 'America/New_York', max_entry_duration_seconds = 86400`);
  await sql(`DELETE FROM time_entries`);
});

describe('GET /api/v1/calendar', () => {
  it("cuts the days in the viewer's zone and returns every entry overlapping them", async () => {
    // The week of 2026-03-02 (Monday) to 2026-03-08 in New York: 05:00Z to 04:00Z (DST starts on the 8th).
    const before = await entry(aliceId, '2026-03-02T03:00:00Z', '2026-03-02T04:30:00Z'); // Sunday 23:30 local
    const acrossStart = await entry(aliceId, '2026-03-02T04:00:00Z', '2026-03-02T06:00:00Z'); // 23:00–01:00
    const first = await entry(aliceId, '2026-03-02T14:00:00Z', '2026-03-02T15:30:00Z');
    const last = await entry(aliceId, '2026-03-09T03:30:00Z', '2026-03-09T03:45:00Z'); // Sunday 23:30 EDT
    const after = await entry(aliceId, '2026-03-09T04:00:00Z', '2026-03-09T05:00:00Z'); // Monday 00:00 EDT
    await entry(
      (await sql<{ id: number }>(`SELECT id FROM users WHERE username = 'bob'`))[0]!.id,
      '2026-03-03T14:00:00Z',
      '2026-03-03T15:00:00Z',
    );

    const res = await alice.agent.get('/api/v1/calendar?from=2026-03-02&to=2026-03-08').expect(200);
    expect(res.body).toMatchObject({
      userId: aliceId,
      timeZone: 'America/New_York',
      from: '2026-03-02T05:00:00.000Z',
      to: '2026-03-09T04:00:00.000Z',
    });
    expect(ids(res.body)).toEqual([acrossStart, first, last]);
    expect(ids(res.body)).not.toContain(before);
    expect(ids(res.body)).not.toContain(after);
    expect(res.body.items[1]).toMatchObject({
      projectName: 'General',
      startTime: '2026-03-02T14:00:00.000Z',
      endTime: '2026-03-02T15:30:00.000Z',
      running: false,
      locked: false,
      lockedReason: null,
    });
  });

  it('includes a running timer started before the range, and one day alone', async () => {
    const running = await entry(aliceId, '2026-03-01T12:00:00Z', null);
    const res = await alice.agent.get('/api/v1/calendar?from=2026-03-04&to=2026-03-04').expect(200);
    expect(res.body.from).toBe('2026-03-04T05:00:00.000Z');
    expect(res.body.to).toBe('2026-03-05T05:00:00.000Z');
    expect(ids(res.body)).toEqual([running]);
    expect(res.body.items[0]).toMatchObject({ running: true, endTime: null });
    // On the day it started it shows once too (it matches both the range and the running timers).
    const started = await alice.agent.get('/api/v1/calendar?from=2026-03-01&to=2026-03-01').expect(200);
    expect(ids(started.body)).toEqual([running]);
  });

  it('says why an invoiced entry is locked', async () => {
    const id = await entry(aliceId, '2026-03-03T14:00:00Z', '2026-03-03T15:00:00Z');
    const [invoice] = await sql<{ id: number }>(
      `INSERT INTO invoices (invoice_number, project_id, client_name, issue_date, due_date, status)
       VALUES ('CAL-7', $1, 'C', '2026-03-10', '2026-04-10', 'sent') RETURNING id`,
      [projectId],
    );
    const [item] = await sql<{ id: number }>(
      `INSERT INTO invoice_items (invoice_id, description, unit_price, total_amount) VALUES ($1, 'x', 1, 1) RETURNING id`,
      [invoice!.id],
    );
    await sql(`UPDATE time_entries SET invoice_item_id = $1 WHERE id = $2`, [item!.id, id]);
    const res = await alice.agent.get('/api/v1/calendar?from=2026-03-02&to=2026-03-08').expect(200);
    expect(res.body.items[0]).toMatchObject({ id, locked: true });
    expect(res.body.items[0].lockedReason).toMatch(/invoice CAL-7/);
  });

  it("refuses another user's calendar to a user, and lets an admin see it", async () => {
    const id = await entry(aliceId, '2026-03-03T14:00:00Z', '2026-03-03T15:00:00Z');
    const refused = await bob.agent.get(`/api/v1/calendar?from=2026-03-02&to=2026-03-08&userId=${aliceId}`);
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    // Bob's own calendar does not show Alice's entry.
    expect(
      ids((await bob.agent.get('/api/v1/calendar?from=2026-03-02&to=2026-03-08').expect(200)).body),
    ).toEqual([]);

    const seen = await admin.agent
      .get(`/api/v1/calendar?from=2026-03-02&to=2026-03-08&userId=${aliceId}`)
      .expect(200);
    expect(seen.body.userId).toBe(aliceId);
    expect(ids(seen.body)).toEqual([id]);
    await admin.agent.get('/api/v1/calendar?from=2026-03-02&to=2026-03-08&userId=999999').expect(404);
  });

  it('answers an API token too', async () => {
    const id = await entry(aliceId, '2026-03-03T14:00:00Z', '2026-03-03T15:00:00Z');
    const token = (await post(alice, '/api/v1/tokens', { name: 'cal' }).expect(201)).body.token as string;
    const res = await http()
      .get('/api/v1/calendar?from=2026-03-02&to=2026-03-08')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(ids(res.body)).toEqual([id]);
  });

  it.each([
    ['to before from', 'from=2026-03-08&to=2026-03-02', 'to'],
    ['more than 42 days', 'from=2026-03-01&to=2026-04-12', 'to'],
    ['only a last day before this week', 'to=2020-01-01', 'to'],
    ['a time instead of a day', 'from=2026-03-02T00:00:00Z&to=2026-03-08', 'from'],
    ['a day that does not exist', 'from=2026-02-30&to=2026-03-08', 'from'],
    ['a user id beyond int4', 'from=2026-03-02&to=2026-03-08&userId=2147483648', 'userId'],
    ['an unknown parameter', 'from=2026-03-02&to=2026-03-08&page=2', ''],
  ])('400 for %s', async (_what, query, path) => {
    const res = await alice.agent.get(`/api/v1/calendar?${query}`).expect(400);
    if (path) expect(JSON.stringify(res.body.errors)).toContain(path);
  });

  it("defaults to this week in the viewer's zone, and to a week from the first day", async () => {
    const thisWeek = await alice.agent.get('/api/v1/calendar').expect(200);
    const from = new Date(thisWeek.body.from);
    // Monday 00:00 in New York, at most a week ago.
    const local = instantToZonedTime(from, 'America/New_York');
    expect(local.time).toBe('00:00:00');
    expect(new Date(`${local.date}T00:00:00Z`).getUTCDay()).toBe(1);
    expect(Date.now() - from.getTime()).toBeLessThan(7 * 86_400_000 + 3_600_000);
    expect(Date.now()).toBeGreaterThanOrEqual(from.getTime());
    const week = await alice.agent.get('/api/v1/calendar?from=2026-03-02').expect(200);
    expect(week.body).toMatchObject({ from: '2026-03-02T05:00:00.000Z', to: '2026-03-09T04:00:00.000Z' });
  });

  it('answers 42 days, the longest range', async () => {
    await alice.agent.get('/api/v1/calendar?from=2026-03-01&to=2026-04-11').expect(200);
  });

  it('401 without a session', async () => {
    await http().get('/api/v1/calendar?from=2026-03-02&to=2026-03-08').expect(401);
  });
});
