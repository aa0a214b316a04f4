import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createUser, signIn, sql, startApi, type Session } from './support';
import type { ApiApp } from '../src/app';

// Issue #18: private projects (members directly or through a team), team leads acting on their
// members' time, accountants reading reports, and rates hidden unless the setting shows them.

let db: TestDatabase;
let app: ApiApp;
let admin: Session;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  admin = await signIn(app, ADMIN);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

let seq = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;
const send = (s: Session, method: 'post' | 'patch' | 'put', path: string, body: unknown) =>
  s.agent[method](path)
    .set('X-CSRF-Token', s.csrf)
    .send(body as object);

type Role = 'admin' | 'manager' | 'accountant' | 'user';
async function person(role: Role = 'user') {
  const creds = { username: unique(role), password: 'amber-harbor-31', role };
  const { id } = await createUser(admin, creds);
  const session = await signIn(app, { username: creds.username, password: creds.password });
  return { id, session };
}

/** A client with one private project (member: `member`; team: `team`) and a task on it. */
async function world() {
  const [member, viaTeam, lead, outsider, otherLead, accountant] = await Promise.all([
    person(),
    person(),
    person('manager'),
    person(),
    person('manager'),
    person('accountant'),
  ]);
  const team = (
    await send(admin, 'post', '/api/v1/teams', {
      name: unique('team'),
      members: [{ userId: viaTeam.id }, { userId: lead.id, isLead: true }],
    }).expect(201)
  ).body.id as number;
  await send(admin, 'post', '/api/v1/teams', {
    name: unique('team'),
    members: [{ userId: outsider.id }, { userId: otherLead.id, isLead: true }],
  }).expect(201);
  const client = (
    await send(admin, 'post', '/api/v1/clients', {
      name: unique('client'),
      defaultHourlyRate: '80.00',
    }).expect(201)
  ).body.id as number;
  const project = await send(admin, 'post', '/api/v1/projects', {
    name: unique('secret'),
    clientId: client,
    hourlyRate: '95.00',
    visibility: 'private',
    memberIds: [member.id],
    teamIds: [team],
  }).expect(201);
  expect(project.body).toMatchObject({ visibility: 'private', memberIds: [member.id], teamIds: [team] });
  const projectId = project.body.id as number;
  const task = (await send(admin, 'post', '/api/v1/tasks', { projectId, name: unique('task') }).expect(201))
    .body.id as number;
  return { member, viaTeam, lead, outsider, otherLead, accountant, team, client, projectId, task };
}

let slot = 0;
function hour() {
  slot += 1;
  const day = String(1 + (slot % 28)).padStart(2, '0');
  const h = String(6 + Math.floor(slot / 28)).padStart(2, '0');
  return { startTime: `2025-03-${day}T${h}:00:00Z`, endTime: `2025-03-${day}T${h}:30:00Z` };
}

describe('private projects', () => {
  it('are seen and tracked on by members, directly or through a team, and by nobody else', async () => {
    const w = await world();
    for (const s of [w.member, w.viaTeam, w.lead, w.accountant]) {
      const list = await s.session.agent.get('/api/v1/projects?pageSize=500').expect(200);
      expect(list.body.items.map((p: { id: number }) => p.id)).toContain(w.projectId);
      await s.session.agent.get(`/api/v1/clients/${w.client}`).expect(200);
      await s.session.agent.get(`/api/v1/tasks/${w.task}`).expect(200);
    }
    await send(w.member.session, 'post', '/api/v1/time-entries', {
      projectId: w.projectId,
      ...hour(),
    }).expect(201);
    await send(w.viaTeam.session, 'post', '/api/v1/timer/start', { projectId: w.projectId }).expect(201);

    const out = w.outsider.session;
    const projects = await out.agent.get('/api/v1/projects?pageSize=500').expect(200);
    expect(projects.body.items.map((p: { id: number }) => p.id)).not.toContain(w.projectId);
    const clients = await out.agent.get('/api/v1/clients?pageSize=500').expect(200);
    expect(clients.body.items.map((c: { id: number }) => c.id)).not.toContain(w.client);
    const tasks = await out.agent.get(`/api/v1/tasks?pageSize=500`).expect(200);
    expect(tasks.body.items.map((t: { id: number }) => t.id)).not.toContain(w.task);
    await out.agent.get(`/api/v1/projects/${w.projectId}`).expect(404);
    await out.agent.get(`/api/v1/clients/${w.client}`).expect(404);
    await out.agent.get(`/api/v1/tasks/${w.task}`).expect(404);

    // Writes on it are the 400 of an unknown project: its existence is not the outsider's business.
    const refused = [
      await send(out, 'post', '/api/v1/time-entries', { projectId: w.projectId, ...hour() }),
      await send(out, 'post', '/api/v1/timer/start', { projectId: w.projectId }),
      await send(out, 'post', '/api/v1/favourites', { projectId: w.projectId }),
      await send(out, 'put', '/api/v1/timesheet/cells', {
        date: '2025-04-01',
        projectId: w.projectId,
        seconds: 600,
      }),
      await send(out, 'post', '/api/v1/tasks', { projectId: w.projectId, name: 'sneaky' }),
    ];
    expect(refused.map((r) => r.status)).toEqual([400, 400, 400, 400, 400]);
    const [counted] = await sql<{ n: number }>(
      db.url,
      'SELECT count(*)::int AS n FROM time_entries WHERE user_id = $1',
      [w.outsider.id],
    );
    expect(counted!.n).toBe(0);

    // Made public, it opens to everyone.
    await send(admin, 'patch', `/api/v1/projects/${w.projectId}`, { visibility: 'public' }).expect(200);
    await out.agent.get(`/api/v1/projects/${w.projectId}`).expect(200);
  });

  it('refuses an unknown member or team with 400', async () => {
    const bad = await send(admin, 'post', '/api/v1/projects', {
      name: unique('p'),
      visibility: 'private',
      memberIds: [2_000_000_000],
      teamIds: [2_000_000_000],
    }).expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['memberIds.0', 'teamIds.0']);
  });
});

describe('team leads and accountants', () => {
  it('a lead lists, edits and records the time of the users they lead, not of others', async () => {
    const w = await world();
    const entry = (
      await send(w.viaTeam.session, 'post', '/api/v1/time-entries', {
        projectId: w.projectId,
        notes: 'team work',
        ...hour(),
      }).expect(201)
    ).body.id as number;
    const outsiderEntry = (
      await send(w.outsider.session, 'post', '/api/v1/time-entries', {
        projectId: await publicProject(),
        ...hour(),
      }).expect(201)
    ).body.id as number;
    const lead = w.lead.session;

    const listed = await lead.agent.get(`/api/v1/time-entries?userId=${w.viaTeam.id}`).expect(200);
    expect(listed.body.items.map((e: { id: number }) => e.id)).toEqual([entry]);
    await send(lead, 'patch', `/api/v1/time-entries/${entry}`, { notes: 'checked by lead' }).expect(200);
    await send(lead, 'post', '/api/v1/time-entries', {
      userId: w.viaTeam.id,
      projectId: w.projectId,
      ...hour(),
    }).expect(201);
    await lead.agent.get(`/api/v1/calendar?userId=${w.viaTeam.id}`).expect(200);

    await lead.agent.get(`/api/v1/time-entries?userId=${w.outsider.id}`).expect(403);
    await lead.agent.get(`/api/v1/time-entries/${outsiderEntry}`).expect(404);
    await send(lead, 'post', '/api/v1/time-entries', {
      userId: w.outsider.id,
      projectId: w.projectId,
      ...hour(),
    }).expect(403);
    // The other team's lead does not lead this member.
    await w.otherLead.session.agent.get(`/api/v1/time-entries/${entry}`).expect(404);
    await w.otherLead.session.agent.get(`/api/v1/reports/summary?users=${w.viaTeam.id}`).expect(403);

    const report = await lead.agent
      .get(`/api/v1/reports/summary?users=${w.viaTeam.id}&from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z`)
      .expect(200);
    expect(report.body.totals.entries).toBeGreaterThan(0);
    await lead.agent.get(`/api/v1/reports/summary?users=${w.outsider.id}`).expect(403);
  });

  it('an accountant reads everyone’s reports and invoices but touches no one’s time', async () => {
    const w = await world();
    const entry = (
      await send(w.member.session, 'post', '/api/v1/time-entries', {
        projectId: w.projectId,
        ...hour(),
      }).expect(201)
    ).body.id as number;
    const acc = w.accountant.session;
    await acc.agent.get(`/api/v1/reports/summary?users=${w.member.id}`).expect(200);
    await acc.agent.get('/api/v1/invoices').expect(200);
    await send(acc, 'post', '/api/v1/invoices', { projectId: w.projectId }).expect(201);
    await acc.agent.get(`/api/v1/time-entries?userId=${w.member.id}`).expect(403);
    await acc.agent.get(`/api/v1/time-entries/${entry}`).expect(404);
    await send(acc, 'patch', `/api/v1/time-entries/${entry}`, { notes: 'no' }).expect(404);
    await acc.agent.get('/api/v1/users').expect(403);
  });
});

describe('rates', () => {
  it('are hidden from users and managers unless settings.ratesVisibleToAll; accountants see them', async () => {
    const w = await world();
    const read = async (s: Session) =>
      (await s.agent.get(`/api/v1/projects/${w.projectId}`).expect(200)).body;
    expect(await read(w.member.session)).not.toHaveProperty('hourlyRate');
    expect(await read(w.lead.session)).not.toHaveProperty('hourlyRate');
    expect((await read(w.accountant.session)).hourlyRate).toBe('95.00');
    const client = await w.member.session.agent.get(`/api/v1/clients/${w.client}`).expect(200);
    expect(client.body).not.toHaveProperty('defaultHourlyRate');

    // Report money and the export's money columns: the same rule.
    await send(w.member.session, 'post', '/api/v1/time-entries', {
      projectId: w.projectId,
      ...hour(),
    }).expect(201);
    const mine = await w.member.session.agent.get('/api/v1/reports/summary?groupBy=project').expect(200);
    expect(mine.text).not.toContain('billableAmount');
    const dashboard = await w.lead.session.agent.get('/api/v1/reports/dashboard').expect(200);
    expect(dashboard.text).not.toContain('billableAmount');
    await w.member.session.agent.get('/api/v1/exports/time-entries.csv?columns=date,amount').expect(403);
    await w.member.session.agent.get('/api/v1/exports/time-entries.csv?columns=date,project').expect(200);
    const books = await w.accountant.session.agent.get('/api/v1/reports/summary').expect(200);
    expect(books.body.totals).toHaveProperty('billableAmount');

    await send(admin, 'patch', '/api/v1/settings', { ratesVisibleToAll: true }).expect(200);
    try {
      expect((await read(w.member.session)).hourlyRate).toBe('95.00');
      const priced = await w.member.session.agent.get('/api/v1/reports/summary').expect(200);
      expect(priced.body.totals).toHaveProperty('billableAmount');
    } finally {
      await send(admin, 'patch', '/api/v1/settings', { ratesVisibleToAll: false }).expect(200);
    }
    await send(w.lead.session, 'patch', '/api/v1/settings', { ratesVisibleToAll: true }).expect(403);
  });
});

async function publicProject(): Promise<number> {
  return (await send(admin, 'post', '/api/v1/projects', { name: unique('open') }).expect(201)).body
    .id as number;
}
