import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiApp } from '../src/app';
import { ADMIN, createUser, signIn, signInNewUser, sqlOn, startApi, type Session } from './support';

// Another user's timesheet (admins, and a team lead for the people they lead) and the week's
// locks shown on the grid (docs/timesheet.md, docs/approvals.md).

let db: TestDatabase;
let app: ApiApp;
let admin: Session;
let member: Session;
let stranger: Session;
let lead: Session;
let projectId: number;
const sql = sqlOn(() => db.url);

const put = (who: Session, body: object) =>
  who.agent.put('/api/v1/timesheet/cells').set('X-CSRF-Token', who.csrf).send(body);
const week = (who: Session, query: string) => who.agent.get(`/api/v1/timesheet?${query}`);

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  admin = await signIn(app, ADMIN);
  member = await signInNewUser(app, admin, { username: 'member', password: 'amber-heron-5261' });
  stranger = await signInNewUser(app, admin, { username: 'stranger', password: 'amber-heron-5261' });
  const creds = { username: 'lead', password: 'amber-heron-5261' };
  const { id } = await createUser(admin, creds);
  await sql(`UPDATE users SET role = 'manager' WHERE id = $1`, [id]);
  lead = await signIn(app, creds);
  const [team] = await sql<{ id: number }>(`INSERT INTO teams (name) VALUES ('crew') RETURNING id`);
  await sql(`INSERT INTO team_members (team_id, user_id, is_lead) VALUES ($1, $2, true), ($1, $3, false)`, [
    team!.id,
    lead.user.id,
    member.user.id,
  ]);
  projectId = (await sql<{ id: number }>(`SELECT id FROM projects WHERE name = 'General'`))[0]!.id;
  // The member's weeks are cut in their own zone and start on Sunday (their preferences).
  await sql(`UPDATE users SET timezone = 'America/New_York', week_start = 'sunday' WHERE id = $1`, [
    member.user.id,
  ]);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});
beforeEach(async () => {
  await sql(`UPDATE settings SET timezone = 'Europe/Rome', overlap_policy = 'allow', locked_before = NULL`);
  await sql(`DELETE FROM week_approvals`);
  await sql(`DELETE FROM time_entries`);
});

describe('another user’s timesheet', () => {
  it('an admin reads and fills a user’s week, cut in that user’s zone and first day', async () => {
    const set = await put(admin, {
      userId: member.user.id,
      date: '2026-11-04',
      projectId,
      duration: '1:30',
    }).expect(200);
    expect(set.body.action).toBe('created');
    expect(set.body.week).toMatchObject({ userId: member.user.id, timeZone: 'America/New_York' });
    const [row] = await sql<{ userId: number; start: Date }>(
      `SELECT user_id AS "userId", start_time AS start FROM time_entries WHERE id = $1`,
      [set.body.entryId],
    );
    // 09:00 in New York (EST), the member's entry, not the admin's.
    expect(row).toEqual({ userId: member.user.id, start: new Date('2026-11-04T14:00:00Z') });

    const res = await week(admin, `week=2026-11-04&userId=${member.user.id}`).expect(200);
    expect(res.body).toMatchObject({ userId: member.user.id, start: '2026-11-01', end: '2026-11-07' });
    expect(res.body.rows[0].cells[3]).toMatchObject({ date: '2026-11-04', seconds: 5400, mode: 'set' });
    // The member sees the same entry on their own timesheet; the admin's own week stays empty.
    const own = await week(member, 'week=2026-11-04').expect(200);
    expect(own.body.rows[0].cells[3].seconds).toBe(5400);
    expect((await week(admin, 'week=2026-11-04').expect(200)).body.rows).toEqual([]);
  });

  it('a team lead reads and writes the people they lead; others get 403, an unknown user 404', async () => {
    await put(lead, { userId: member.user.id, date: '2026-11-05', projectId, seconds: 3600 }).expect(200);
    const led = await week(lead, `week=2026-11-05&userId=${member.user.id}`).expect(200);
    expect(led.body.totalSeconds).toBe(3600);
    await lead.agent
      .get(`/api/v1/timesheet/previous-rows?week=2026-11-12&userId=${member.user.id}`)
      .expect(200);

    const refused = await week(lead, `week=2026-11-05&userId=${stranger.user.id}`).expect(403);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    await put(lead, { userId: stranger.user.id, date: '2026-11-05', projectId, seconds: 60 }).expect(403);
    await week(stranger, `week=2026-11-05&userId=${member.user.id}`).expect(403);
    await put(member, { userId: lead.user.id, date: '2026-11-05', projectId, seconds: 60 }).expect(403);
    const missing = await week(admin, 'week=2026-11-05&userId=999999').expect(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    await put(admin, { userId: 999999, date: '2026-11-05', projectId, seconds: 60 }).expect(404);
    // Nothing was written by the refusals.
    expect(await sql(`SELECT id FROM time_entries WHERE user_id <> $1`, [member.user.id])).toEqual([]);
  });

  it('lists whose timesheets one may open: admins everyone, a lead their people, a user themself', async () => {
    const names = async (who: Session) =>
      (await who.agent.get('/api/v1/timesheet/people').expect(200)).body.items.map(
        (p: { username: string }) => p.username,
      );
    expect(await names(member)).toEqual(['member']);
    expect(await names(lead)).toEqual(['lead', 'member']);
    const everyone = await names(admin);
    expect(everyone[0]).toBe(ADMIN.username);
    expect(everyone).toEqual(expect.arrayContaining(['lead', 'member', 'stranger']));
  });
});

describe('locked days on the grid', () => {
  it('marks days before the lockdown and of a submitted week read-only, for the user not an admin', async () => {
    await put(member, { date: '2026-11-10', projectId, seconds: 1800 }).expect(200);
    // The member's week of Sunday 2026-11-08 goes for approval; the lockdown locks before Nov 10
    // (Rome), which in New York is still the evening of Nov 9.
    await member.agent
      .post('/api/v1/approvals')
      .set('X-CSRF-Token', member.csrf)
      .send({ week: '2026-11-15' })
      .expect(201);
    await sql(`UPDATE settings SET locked_before = '2026-11-10'`);

    const res = await week(member, 'week=2026-11-10').expect(200);
    expect(res.body.days.map((d: { lockedBy: string | null }) => d.lockedBy)).toEqual([
      'lockdown',
      'lockdown',
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(res.body.days[0]).toMatchObject({
      locked: true,
      lockedReason: expect.stringMatching(/2026-11-10/),
    });
    // Monday 9 Nov starts (New York midnight) before Rome's midnight of the 10th: locked, its cell
    // read-only; Tuesday the 10th (the entry's) takes time.
    expect(res.body.rows[0].cells[1]).toMatchObject({ locked: true, lockedBy: 'lockdown', mode: 'readOnly' });
    expect(res.body.rows[0].cells[2]).toMatchObject({ locked: false, lockedBy: null, mode: 'set' });
    const next = await week(member, 'week=2026-11-15').expect(200);
    expect(next.body.days.every((d: { lockedBy: string | null }) => d.lockedBy === 'submitted')).toBe(true);
    expect(next.body.days[0].lockedReason).toMatch(/submitted/);

    // The grid says what the write would do: the user is refused, an admin's override goes through.
    const refused = await put(member, { date: '2026-11-16', projectId, seconds: 600 }).expect(409);
    expect(refused.body.code).toBe('TIME_LOCKED');
    const forAdmin = await week(admin, `week=2026-11-10&userId=${member.user.id}`).expect(200);
    expect(forAdmin.body.rows[0].cells[0]).toMatchObject({ locked: true, lockedBy: 'lockdown', mode: 'set' });
    const ownCell = (await week(member, 'week=2026-11-10').expect(200)).body.rows[0].cells[0];
    expect(ownCell).toMatchObject({ locked: true, lockedBy: 'lockdown', mode: 'readOnly' });
    await put(admin, { userId: member.user.id, date: '2026-11-16', projectId, seconds: 600 }).expect(200);
  });
});
