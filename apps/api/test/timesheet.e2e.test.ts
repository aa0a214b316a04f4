import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, signIn, startApi, sqlOn, signInNewUser } from './support';
import type { ApiApp } from '../src/app';
import type { TimesheetResponse } from '@timetracker/contracts';

// The week timesheet (issue #17 §2, docs/timesheet.md): the week cut in the viewer's zone, the
// totals equal to the entries, and the cell rule (set, add, refuse) on a real database.

let db: TestDatabase;
let app: ApiApp;
let admin: Awaited<ReturnType<typeof signIn>>;
let alice: Awaited<ReturnType<typeof signIn>>;
let bob: Awaited<ReturnType<typeof signIn>>;
let projectId: number;
let otherProjectId: number;
let taskId: number;
const http = () => request(app.getHttpServer());

const sql = sqlOn(() => db.url);

type Who = typeof alice;
const post = (who: Who, url: string, body: object = {}) =>
  who.agent.post(url).set('X-CSRF-Token', who.csrf).send(body);
const put = (who: Who, body: object) =>
  who.agent.put('/api/v1/timesheet/cells').set('X-CSRF-Token', who.csrf).send(body);
const week = (who: Who, day: string) => who.agent.get(`/api/v1/timesheet?week=${day}`);
const manual = (who: Who, start: string, end: string, extra: object = {}) =>
  post(who, '/api/v1/time-entries', { projectId, startTime: start, endTime: end, ...extra }).expect(201);
/** An entry as stored (raw times, billed duration, source). */
const entry = async (id: number) =>
  (
    await sql<{ start: Date; end: Date | null; duration: number | null; source: string }>(
      `SELECT start_time AS start, end_time AS "end", duration_seconds AS duration, source FROM time_entries WHERE id = $1`,
      [id],
    )
  )[0];
/**
 * The day (in the company zone the tests set) an entry starts on, so a test of a timer started
 * "30 minutes ago" reads that day's week even when the week turned since: an entry counts on
 * the day it starts (docs/timesheet.md), and the week without `?week=` is the one holding now.
 */
const startDay = async (id: number) =>
  (
    await sql<{ day: string }>(
      `SELECT to_char(start_time AT TIME ZONE 'Europe/Rome', 'YYYY-MM-DD') AS day FROM time_entries WHERE id = $1`,
      [id],
    )
  )[0]!.day;
const rowOf = (body: TimesheetResponse, p: number, t: number | null) =>
  body.rows.find((r) => r.projectId === p && r.taskId === t);

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  admin = await signIn(app, ADMIN);
  alice = await signInNewUser(app, admin, { username: 'alice', password: 'blue-orchid-2718' });
  bob = await signInNewUser(app, admin, { username: 'bob', password: 'green-falcon-3141' });
  projectId = (await sql<{ id: number }>(`SELECT id FROM projects WHERE name = 'General'`))[0]!.id;
  otherProjectId = (await post(admin, '/api/v1/projects', { name: 'Website' }).expect(201)).body.id;
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
  await sql(`DELETE FROM invoice_items`);
  await sql(`DELETE FROM invoices`);
});

describe('GET /timesheet', () => {
  it('cuts a DST week at local midnights of the viewer’s zone (Rome, clocks forward on Sunday)', async () => {
    // Monday 2026-03-23 … Sunday 2026-03-29 (summer time from 02:00 on Sunday).
    const inside = [
      ['2026-03-22T23:30:00Z', '2026-03-23T00:30:00Z'], // Monday 00:30 CET
      ['2026-03-29T21:30:00Z', '2026-03-29T22:00:00Z'], // Sunday 23:30 CEST
    ];
    const outside = [
      ['2026-03-22T22:30:00Z', '2026-03-22T23:00:00Z'], // Sunday before, 23:30 CET
      ['2026-03-29T22:30:00Z', '2026-03-29T23:00:00Z'], // Monday after, 00:30 CEST
    ];
    for (const [s, e] of [...inside, ...outside]) await manual(alice, s!, e!);
    const res = await week(alice, '2026-03-26').expect(200);
    expect(res.body).toMatchObject({
      timeZone: 'Europe/Rome',
      firstDayOfWeek: 1,
      start: '2026-03-23',
      end: '2026-03-29',
      from: '2026-03-22T23:00:00.000Z',
      to: '2026-03-29T22:00:00.000Z',
    });
    expect(res.body.days.map((d: { date: string }) => d.date)).toEqual([
      '2026-03-23',
      '2026-03-24',
      '2026-03-25',
      '2026-03-26',
      '2026-03-27',
      '2026-03-28',
      '2026-03-29',
    ]);
    // Sunday's local midnight is still CET; the next Monday's is CEST.
    expect(res.body.days[6].from).toBe('2026-03-28T23:00:00.000Z');
    const row = rowOf(res.body, projectId, null)!;
    expect(row.cells.map((c) => c.seconds)).toEqual([3600, 0, 0, 0, 0, 0, 1800]);
    expect(res.body.totalSeconds).toBe(5400);
    // Any day of the week gives the same week; the Sunday itself too.
    expect((await week(alice, '2026-03-29').expect(200)).body.start).toBe('2026-03-23');
    expect((await week(alice, '2026-03-30').expect(200)).body.start).toBe('2026-03-30');
  });

  it('cuts the week in the settings zone when it changes (New York: the same instants, other days)', async () => {
    await sql(`UPDATE settings SET timezone = 'America/New_York'`);
    await manual(alice, '2026-03-23T02:00:00Z', '2026-03-23T03:00:00Z'); // Sunday 22:00 in New York
    const res = await week(alice, '2026-03-23').expect(200);
    expect(res.body.from).toBe('2026-03-23T04:00:00.000Z');
    expect(res.body.totalSeconds).toBe(0);
    const before = await week(alice, '2026-03-22').expect(200);
    expect(before.body.days[6]).toMatchObject({ date: '2026-03-22', totalSeconds: 3600 });
  });

  it('has totals equal to the entries: rows, days and week, billed durations, a running timer so far', async () => {
    await sql(`UPDATE settings SET rounding_minutes = 15, rounding_mode = 'up'`);
    await manual(alice, '2026-12-01T08:00:00Z', '2026-12-01T09:10:00Z'); // 70 min → 75
    await manual(alice, '2026-12-01T10:00:00Z', '2026-12-01T10:05:00Z', { taskId }); // 5 → 15
    await manual(alice, '2026-12-02T10:00:00Z', '2026-12-02T12:00:00Z', { projectId: otherProjectId });
    await manual(alice, '2026-12-03T10:00:00Z', '2026-12-03T10:20:00Z'); // → 30
    const res = await week(alice, '2026-12-02').expect(200);
    const stored = await sql<{ sum: number }>(
      `SELECT sum(duration_seconds)::int AS sum FROM time_entries WHERE start_time >= $1 AND start_time < $2`,
      [res.body.from, res.body.to],
    );
    expect(res.body.totalSeconds).toBe(stored[0]!.sum);
    expect(res.body.totalSeconds).toBe((75 + 15 + 120 + 30) * 60);
    const rowsSum = res.body.rows.reduce((s: number, r: { totalSeconds: number }) => s + r.totalSeconds, 0);
    const daysSum = res.body.days.reduce((s: number, d: { totalSeconds: number }) => s + d.totalSeconds, 0);
    expect(rowsSum).toBe(res.body.totalSeconds);
    expect(daysSum).toBe(res.body.totalSeconds);
    expect(
      res.body.rows.map((r: { projectName: string; taskName: string | null }) => [r.projectName, r.taskName]),
    ).toEqual([
      ['General', null],
      ['General', 'Design'],
      ['Website', null],
    ]);
    expect(rowOf(res.body, projectId, null)!.cells[1]).toMatchObject({
      seconds: 4500,
      entryCount: 1,
      mode: 'set',
    });
    expect(rowOf(res.body, projectId, null)!.colour).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('counts a running timer’s time so far, marks its cell, and never has it as settable', async () => {
    const started = await post(alice, '/api/v1/timer/start', { projectId }).expect(201);
    await sql(`UPDATE time_entries SET start_time = now() - interval '30 minutes' WHERE id = $1`, [
      started.body.id,
    ]);
    const res = await week(alice, await startDay(started.body.id)).expect(200);
    expect(res.body.hasRunningTimer).toBe(true);
    const cell = rowOf(res.body, projectId, null)!.cells.find((c) => c.running)!;
    expect(cell).toMatchObject({ entryCount: 1, entryIds: [started.body.id], mode: 'readOnly' });
    expect(cell.seconds).toBeGreaterThanOrEqual(1800);
    expect(cell.seconds).toBeLessThan(1900);
    expect(res.body.totalSeconds).toBe(cell.seconds);
  });

  it('counts a paused timer up to its pause less its breaks, as reports do, and says it is paused', async () => {
    const started = await post(alice, '/api/v1/timer/start', { projectId }).expect(201);
    // Started an hour ago, 20 min of breaks already, paused 10 min ago: 30 min so far, frozen.
    await sql(
      `UPDATE time_entries SET start_time = now() - interval '60 minutes', break_seconds = 1200,
              paused_at = now() - interval '10 minutes' WHERE id = $1`,
      [started.body.id],
    );
    const day = await startDay(started.body.id);
    const res = await week(alice, day).expect(200);
    const cell = rowOf(res.body, projectId, null)!.cells.find((c) => c.running)!;
    expect(cell.seconds).toBe(1800);
    expect(res.body).toMatchObject({ hasRunningTimer: true, runningTimerPaused: true, totalSeconds: 1800 });
    const from = encodeURIComponent(res.body.from);
    const to = encodeURIComponent(res.body.to);
    const report = await alice.agent
      .get(`/api/v1/reports/summary?from=${from}&to=${to}&includeRunning=true`)
      .expect(200);
    expect(report.body.totals.seconds).toBe(1800);
    await post(alice, '/api/v1/timer/resume').expect(200);
    const resumed = await week(alice, day).expect(200);
    expect(resumed.body.runningTimerPaused).toBe(false);
  });

  it('shows each user only their own time', async () => {
    await manual(alice, '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z');
    await manual(bob, '2026-12-01T10:00:00Z', '2026-12-01T10:30:00Z');
    const mine = await week(bob, '2026-12-01').expect(200);
    expect(mine.body.totalSeconds).toBe(1800);
    expect(mine.body.rows).toHaveLength(1);
    // Admins too see their own week here, not everyone's.
    expect((await week(admin, '2026-12-01').expect(200)).body.totalSeconds).toBe(0);
  });

  it('answers 400 to a week that is not a date and 401 without credentials', async () => {
    for (const bad of ['tomorrow', '2026-13-01', '2026-02-30', '1969-12-31', '2026-12-01T00:00:00Z'])
      expect((await week(alice, bad)).status, bad).toBe(400);
    expect((await alice.agent.get('/api/v1/timesheet?week=2026-12-01&extra=1')).status).toBe(400);
    await http().get('/api/v1/timesheet').expect(401);
    await http().get('/api/v1/timesheet/previous-rows').expect(401);
    await http()
      .put('/api/v1/timesheet/cells')
      .send({ date: '2026-12-01', projectId, seconds: 60 })
      .expect(401);
  });

  it('works with an API token', async () => {
    const token = (await post(alice, '/api/v1/tokens', { name: 'sheet' }).expect(201)).body.token as string;
    await http()
      .put('/api/v1/timesheet/cells')
      .set('Authorization', `Bearer ${token}`)
      .send({ date: '2026-12-01', projectId, duration: '2h' })
      .expect(200);
    const res = await http()
      .get('/api/v1/timesheet?week=2026-12-01')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(res.body.totalSeconds).toBe(7200);
  });
});

describe('PUT /timesheet/cells', () => {
  it('creates one entry in an empty cell at 09:00 local, the next one after the day’s last entry', async () => {
    const first = await put(alice, { date: '2026-12-01', projectId, duration: '1:30' }).expect(200);
    expect(first.body).toMatchObject({ action: 'created', warnings: [] });
    const e1 = await entry(first.body.entryId);
    expect(e1!.start.toISOString()).toBe('2026-12-01T08:00:00.000Z'); // 09:00 in Rome (CET)
    expect(e1!.end!.toISOString()).toBe('2026-12-01T09:30:00.000Z');
    expect(e1!.source).toBe('manual');
    const second = await put(alice, { date: '2026-12-01', projectId, taskId, duration: '90m' }).expect(200);
    const e2 = await entry(second.body.entryId);
    expect(e2!.start.toISOString()).toBe('2026-12-01T09:30:00.000Z');
    expect(second.body.week.totalSeconds).toBe(10_800);
    expect(rowOf(second.body.week, projectId, taskId)!.cells[1]).toMatchObject({
      seconds: 5400,
      mode: 'set',
    });
  });

  it('moves the end of the one manual entry, and deletes it at 0', async () => {
    const made = await manual(alice, '2026-12-01T13:00:00Z', '2026-12-01T14:00:00Z');
    const set = await put(alice, { date: '2026-12-01', projectId, duration: '2,5' }).expect(200);
    expect(set.body).toMatchObject({ action: 'updated', entryId: made.body.id });
    const e = await entry(made.body.id);
    expect(e!.start.toISOString()).toBe('2026-12-01T13:00:00.000Z');
    expect(e!.end!.toISOString()).toBe('2026-12-01T15:30:00.000Z');
    expect(e!.duration).toBe(9000);
    const same = await put(alice, { date: '2026-12-01', projectId, seconds: 9000 }).expect(200);
    expect(same.body).toMatchObject({ action: 'unchanged' });
    const zero = await put(alice, { date: '2026-12-01', projectId, duration: '' }).expect(200);
    expect(zero.body).toMatchObject({ action: 'deleted', entryId: made.body.id });
    expect(await entry(made.body.id)).toBeUndefined();
    expect(zero.body.week.rows).toEqual([]);
  });

  it('rounds as any entry write does (15 minutes up: 1:20 becomes 1:30)', async () => {
    await sql(`UPDATE settings SET rounding_minutes = 15, rounding_mode = 'up'`);
    const res = await put(alice, { date: '2026-12-01', projectId, duration: '1h20m' }).expect(200);
    expect(rowOf(res.body.week, projectId, null)!.cells[1]!.seconds).toBe(5400);
    expect((await entry(res.body.entryId))!.duration).toBe(5400);
  });

  it('adds to a cell of several entries as one new entry, and refuses to take time away', async () => {
    await manual(alice, '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z');
    await manual(alice, '2026-12-01T10:00:00Z', '2026-12-01T10:30:00Z');
    const more = await put(alice, { date: '2026-12-01', projectId, duration: '2h' }).expect(200);
    expect(more.body.action).toBe('created');
    const added = await entry(more.body.entryId);
    expect(added!.start.toISOString()).toBe('2026-12-01T10:30:00.000Z');
    expect(added!.duration).toBe(1800);
    const cell = rowOf(more.body.week, projectId, null)!.cells[1]!;
    expect(cell).toMatchObject({ seconds: 7200, entryCount: 3, mode: 'add' });
    const less = await put(alice, { date: '2026-12-01', projectId, duration: '1h' }).expect(409);
    expect(less.body.detail).toMatch(/3 entries/);
    const zero = await put(alice, { date: '2026-12-01', projectId, seconds: 0 }).expect(409);
    expect(zero.body.detail).toMatch(/in the list/);
    expect((await sql(`SELECT id FROM time_entries`)).length).toBe(3);
  });

  it('never shortens an entry a timer recorded; adding to it is a new entry', async () => {
    const timer = await post(alice, '/api/v1/timer/start', { projectId }).expect(201);
    await sql(`UPDATE time_entries SET start_time = '2026-12-01T08:00:00Z' WHERE id = $1`, [timer.body.id]);
    await post(alice, '/api/v1/timer/stop', { at: '2026-12-01T09:00:00Z' }).expect(200);
    const before = await entry(timer.body.id);
    const sheet = await week(alice, '2026-12-01').expect(200);
    expect(rowOf(sheet.body, projectId, null)!.cells[1]).toMatchObject({ entryCount: 1, mode: 'add' });
    const less = await put(alice, { date: '2026-12-01', projectId, duration: '0:30' }).expect(409);
    expect(less.body.detail).toMatch(/recorded by a timer/);
    const more = await put(alice, { date: '2026-12-01', projectId, duration: '1.5' }).expect(200);
    expect(more.body.action).toBe('created');
    expect(await entry(timer.body.id)).toEqual(before);
  });

  it('refuses a cell with a running timer and leaves the timer running as it was', async () => {
    const timer = await post(alice, '/api/v1/timer/start', { projectId }).expect(201);
    const before = await entry(timer.body.id);
    const today = (await week(alice, await startDay(timer.body.id)).expect(200)).body;
    const date = rowOf(today, projectId, null)!.cells.find((c) => c.running)!.date;
    for (const body of [{ duration: '8h' }, { seconds: 0 }]) {
      const res = await put(alice, { date, projectId, ...body }).expect(409);
      expect(res.body.detail).toMatch(/timer is running/);
    }
    expect(await entry(timer.body.id)).toEqual(before);
    expect(before!.end).toBeNull();
  });

  it('refuses a locked (invoiced) cell with the invoice, changing nothing', async () => {
    const made = await manual(alice, '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z');
    const [invoice] = await sql<{ id: number }>(
      `INSERT INTO invoices (invoice_number, project_id, client_name, issue_date, due_date, status)
       VALUES ('INV-12', $1, 'C', '2026-12-05', '2027-01-05', 'sent') RETURNING id`,
      [projectId],
    );
    const [item] = await sql<{ id: number }>(
      `INSERT INTO invoice_items (invoice_id, description, unit_price, total_amount) VALUES ($1, 'x', 1, 1) RETURNING id`,
      [invoice!.id],
    );
    await sql(`UPDATE time_entries SET invoice_item_id = $1 WHERE id = $2`, [item!.id, made.body.id]);
    const sheet = await week(alice, '2026-12-01').expect(200);
    expect(rowOf(sheet.body, projectId, null)!.cells[1]).toMatchObject({
      locked: true,
      lockedReason: 'Billed on invoice INV-12',
      mode: 'readOnly',
    });
    for (const body of [{ duration: '2h' }, { seconds: 0 }, { duration: '3h' }]) {
      const res = await put(alice, { date: '2026-12-01', projectId, ...body }).expect(409);
      expect(res.body.detail).toMatch(/INV-12/);
    }
    expect((await entry(made.body.id))!.duration).toBe(3600);
    expect((await sql(`SELECT id FROM time_entries`)).length).toBe(1);
  });

  it('goes through the entries’ rules: an archived project takes no new time, overlaps are refused when set so', async () => {
    await sql(`UPDATE projects SET status = 'archived' WHERE id = $1`, [otherProjectId]);
    const archived = await put(alice, { date: '2026-12-01', projectId: otherProjectId, duration: '1h' });
    expect(archived.status).toBe(409);
    expect(archived.body.detail).toMatch(/archived/);
    await sql(`UPDATE projects SET status = 'active'`);
    await sql(`UPDATE settings SET overlap_policy = 'refuse'`);
    // Another row's entry covers 09:00 (08:30 to 12:00 local): the new one starts at its end.
    await manual(alice, '2026-12-01T07:30:00Z', '2026-12-01T11:00:00Z', { taskId });
    const ok = await put(alice, { date: '2026-12-01', projectId, duration: '1h' }).expect(200);
    expect((await entry(ok.body.entryId))!.start.toISOString()).toBe('2026-12-01T11:00:00.000Z');
    // Growing it into the day's next entry is an overlap: refused, nothing changes.
    await manual(alice, '2026-12-01T12:30:00Z', '2026-12-01T13:00:00Z', { projectId: otherProjectId });
    const refused = await put(alice, { date: '2026-12-01', projectId, duration: '3h' }).expect(409);
    expect(refused.body.detail).toMatch(/overlaps entry #/);
    expect((await entry(ok.body.entryId))!.duration).toBe(3600);
  });

  it('writes only the caller’s own time: another user’s entries on the day stay as they were', async () => {
    const alices = await manual(alice, '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z');
    const res = await put(bob, { date: '2026-12-01', projectId, duration: '3h' }).expect(200);
    expect(res.body.action).toBe('created');
    expect(res.body.entryId).not.toBe(alices.body.id);
    expect((await entry(alices.body.id))!.duration).toBe(3600);
    const owner = await sql<{ user_id: number }>(`SELECT user_id FROM time_entries WHERE id = $1`, [
      res.body.entryId,
    ]);
    expect(owner[0]!.user_id).toBe(bob.user.id);
  });

  it('answers 400 to a bad duration, a bad date, both or neither of seconds and duration', async () => {
    const bad = [
      { date: '2026-12-01', projectId, duration: '1:75' },
      { date: '2026-12-01', projectId, duration: 'abc' },
      { date: '2026-12-01', projectId, duration: '25h' },
      { date: '2026-12-01', projectId, seconds: -1 },
      { date: '2026-12-01', projectId, seconds: 86_401 },
      { date: '2026-12-01', projectId, seconds: 1.5 },
      { date: '2026-12-01', projectId, seconds: 60, duration: '1m' },
      { date: '2026-12-01', projectId },
      { date: '2026-12-32', projectId, seconds: 60 },
      { date: 'monday', projectId, seconds: 60 },
      { date: '2026-12-01', projectId: 3_000_000_000, seconds: 60 },
      { date: '2026-12-01', projectId, seconds: 60, notes: 'x' },
    ];
    for (const body of bad) {
      const res = await put(alice, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const res = await put(alice, { date: '2026-12-01', projectId, duration: 'abc' }).expect(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'duration' });
    await put(alice, { date: '2026-12-01', projectId: 999_999, seconds: 60 }).expect(400);
    expect((await sql(`SELECT id FROM time_entries`)).length).toBe(0);
  });
});

describe('GET /timesheet/previous-rows', () => {
  it('gives last week’s rows on projects that still take time, without time', async () => {
    await manual(alice, '2026-11-24T08:00:00Z', '2026-11-24T09:00:00Z');
    await manual(alice, '2026-11-25T08:00:00Z', '2026-11-25T09:00:00Z', { taskId });
    await manual(alice, '2026-11-26T08:00:00Z', '2026-11-26T09:00:00Z', { projectId: otherProjectId });
    await manual(bob, '2026-11-26T08:00:00Z', '2026-11-26T09:00:00Z', { projectId: otherProjectId });
    await manual(alice, '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z'); // this week: not a row to copy
    await sql(`UPDATE projects SET status = 'archived' WHERE id = $1`, [otherProjectId]);
    const res = await alice.agent.get('/api/v1/timesheet/previous-rows?week=2026-12-03').expect(200);
    expect(res.body.items.map((r: { key: string; taskName: string | null }) => [r.key, r.taskName])).toEqual([
      [`${projectId}:`, null],
      [`${projectId}:${taskId}`, 'Design'],
    ]);
    const bobs = await bob.agent.get('/api/v1/timesheet/previous-rows?week=2026-12-03').expect(200);
    expect(bobs.body.items).toEqual([]);
  });
});
