import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import request from 'supertest';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiApp } from '../src/app';
import { ADMIN, createUser, signIn, signInNewUser, sqlOn, startApi, type Session } from './support';

/**
 * The printable timesheet (issue #20 §2): one user's week or month, entries by day with daily
 * and period totals, signature lines and the company's branding, read back as text; whose:
 * one's own, a team lead's members, an admin's anyone.
 */
let db: TestDatabase;
let app: ApiApp;
let admin: Session;
let member: Session;
let stranger: Session;
let lead: Session;
let web: number;
const sql = sqlOn(() => db.url);
const URL = '/api/v1/exports/timesheet.pdf';

function binaryParser(res: NodeJS.ReadableStream, done: (e: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

async function pdf(who: Session, query: string) {
  const res = await who.agent
    .get(`${URL}?${query}`)
    .buffer(true)
    .parse(binaryParser as unknown as Parameters<request.Test['parse']>[0])
    .expect(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  const body = res.body as Buffer;
  expect(body.subarray(0, 5).toString()).toBe('%PDF-');
  const { text, totalPages } = await extractText(await getDocumentProxy(new Uint8Array(body)), {
    mergePages: true,
  });
  return { res, text: text.replace(/\s+/g, ' '), pages: totalPages };
}

const entry = (userId: number, start: string, seconds: number, notes: string | null = null) =>
  sql(
    `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, notes, source)
     VALUES ($1, $2, $3::timestamptz, $3::timestamptz + make_interval(secs => $4::int), $4, $5, 'manual')`,
    [userId, web, start, seconds, notes],
  );

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
  const [client] = await sql<{ id: number }>(`INSERT INTO clients (name) VALUES ('Acme Ltd') RETURNING id`);
  web = (
    await sql<{ id: number }>(`INSERT INTO projects (name, client_id) VALUES ('Website', $1) RETURNING id`, [
      client!.id,
    ])
  )[0]!.id;
  await sql(`UPDATE users SET timezone = 'Europe/Rome', week_start = 'monday' WHERE id = $1`, [
    member.user.id,
  ]);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});
beforeEach(async () => {
  await sql(`UPDATE settings SET timezone = 'Europe/Rome', company_name = 'Northwind Studio',
    company_address = 'Via Roma 1, Milano'`);
  await sql(`DELETE FROM time_entries`);
});

describe('the timesheet PDF', () => {
  it('lists a week by day with daily and period totals, signature lines and the company', async () => {
    // Monday 2026-03-02 in Rome: 09:00–11:30 and 13:00–14:15; Wednesday 08:00–09:00.
    await entry(member.user.id, '2026-03-02T08:00:00Z', 9000, 'Homepage design');
    await entry(member.user.id, '2026-03-02T12:00:00Z', 4500, 'Review');
    await entry(member.user.id, '2026-03-04T07:00:00Z', 3600);
    // The week before and after: not on this sheet.
    await entry(member.user.id, '2026-03-01T20:00:00Z', 3600, 'Sunday before');
    await entry(member.user.id, '2026-03-09T08:00:00Z', 3600, 'Monday after');
    const { res, text } = await pdf(member, 'period=week&date=2026-03-04');
    expect(res.headers['content-disposition']).toBe('attachment; filename="timesheet-member-2026-03-02.pdf"');
    expect(text).toContain('Northwind Studio');
    expect(text).toContain('TIMESHEET');
    expect(text).toContain('Employee member');
    expect(text).toContain('2026-03-02 – 2026-03-08');
    expect(text).toContain('Mon 2026-03-02');
    expect(text).toContain('09:00–11:30');
    expect(text).toContain('13:00–14:15');
    expect(text).toContain('Acme Ltd / Website');
    expect(text).toContain('Homepage design');
    expect(text).toContain('Total 2026-03-02 3:45');
    expect(text).toContain('Total 2026-03-04 1:00');
    expect(text).toContain('Total for the week (3 entries) 4:45');
    expect(text).toContain('Employee signature');
    expect(text).toContain('Manager signature');
    expect(text).not.toContain('Sunday before');
    expect(text).not.toContain('Monday after');
  });

  it('prints a month, every day of it, with the month’s total', async () => {
    await entry(member.user.id, '2026-02-01T08:00:00Z', 1800);
    await entry(member.user.id, '2026-02-28T08:00:00Z', 5400);
    await entry(member.user.id, '2026-03-01T08:00:00Z', 3600, 'March');
    const { text } = await pdf(member, 'period=month&date=2026-02-15');
    expect(text).toContain('2026-02-01 – 2026-02-28');
    expect(text).toContain('Sun 2026-02-01');
    expect(text).toContain('Tue 2026-02-17');
    expect(text).toContain('Total for the month (2 entries) 2:00');
    expect(text).not.toContain('March');
  });

  it('is one’s own; a lead’s members’; an admin’s anyone’s', async () => {
    await entry(member.user.id, '2026-03-02T08:00:00Z', 3600);
    const q = `period=week&date=2026-03-02&userId=${member.user.id}`;
    expect((await pdf(lead, q)).text).toContain('Employee member');
    expect((await pdf(admin, q)).text).toContain('Total for the week (1 entries) 1:00');
    const refused = await stranger.agent.get(`${URL}?${q}`).expect(403);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    await member.agent.get(`${URL}?userId=${lead.user.id}`).expect(403);
    // The stranger's own sheet: their name, none of the member's time.
    const own = await pdf(stranger, 'period=week&date=2026-03-02');
    expect(own.text).toContain('Employee stranger');
    expect(own.text).toContain('Total for the week (0 entries) 0:00');
    await admin.agent.get(`${URL}?userId=999999`).expect(404);
    await request(app.getHttpServer()).get(URL).expect(401);
  });

  it('refuses bad parameters with problem+json', async () => {
    for (const q of ['period=year', 'date=2026-02-30', 'date=yesterday', 'userId=abc', 'extra=1']) {
      const res = await member.agent.get(`${URL}?${q}`).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });
});
