import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiApp } from '../src/app';
import { ADMIN, signIn, signInNewUser, sqlOn, startApi, type Session } from './support';

// Issue #18 §4: rates, budgets, week approvals, lock overrides and the lockdown date are audited,
// one event per change in the change's own transaction; a refused write leaves none.

let db: TestDatabase;
let app: ApiApp;
let admin: Session;
let generalId: number;
const sql = sqlOn(() => db.url);

interface Event {
  id: number;
  action: string;
  actorId: number | null;
  entity: string;
  entityId: number | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

let serial = 0;
const unique = (what: string) => `${what}-${++serial}-${Date.now()}`;

const send = (who: Session, method: 'post' | 'patch' | 'put' | 'delete', url: string, body: object = {}) =>
  who.agent[method](url).set('X-CSRF-Token', who.csrf).send(body);

/** The events of `entity` (optionally of one record), oldest first. */
async function events(entity: string, entityId?: number): Promise<Event[]> {
  const one = entityId === undefined ? '' : `&entityId=${entityId}`;
  const res = await admin.agent.get(`/api/v1/audit?entity=${entity}${one}&pageSize=500`).expect(200);
  return (res.body.items as Event[]).reverse();
}

/** The rate events of one project's or client's own level. */
async function rateEventsOf(key: 'projectId' | 'clientId', id: number): Promise<Event[]> {
  return (await events('rate')).filter((e) => (e.before ?? e.after)?.[key] === id);
}

const newProject = async () =>
  (await send(admin, 'post', '/api/v1/projects', { name: unique('audited') }).expect(201)).body.id as number;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  admin = await signIn(app, ADMIN);
  generalId = (await sql<{ id: number }>(`SELECT id FROM projects WHERE name = 'General'`))[0]!.id;
  await sql(`UPDATE settings SET timezone = 'UTC', overlap_policy = 'allow'`);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('rates', () => {
  it('a create and a delete leave one event each; a refused duplicate leaves none', async () => {
    const projectId = await newProject();
    const body = { kind: 'cost', projectId, effectiveFrom: '2026-01-01', amount: '40' };
    const rate = (await send(admin, 'post', '/api/v1/rates', body).expect(201)).body;
    await send(admin, 'post', '/api/v1/rates', { ...body, amount: '41' }).expect(409);
    await send(admin, 'post', '/api/v1/rates', { kind: 'cost', clientId: 99999999, amount: '1' }).expect(400);
    await send(admin, 'delete', `/api/v1/rates/${rate.id}`).expect(204);
    await send(admin, 'delete', `/api/v1/rates/${rate.id}`).expect(404);

    const snapshot = {
      kind: 'cost',
      clientId: null,
      projectId,
      userId: null,
      effectiveFrom: '2026-01-01',
      amount: '40.00',
    };
    const log = await events('rate', rate.id);
    expect(log.map((e) => [e.action, e.actorId, e.before, e.after])).toEqual([
      ['create', admin.user.id, null, snapshot],
      ['delete', admin.user.id, snapshot, null],
    ]);
    expect(await rateEventsOf('projectId', projectId)).toHaveLength(2);
  });

  it("a project's hourlyRate records a create, an update, nothing for the same amount, and a delete", async () => {
    const projectId = await newProject();
    const rate = (amount: string | null) =>
      send(admin, 'patch', `/api/v1/projects/${projectId}`, {
        hourlyRate: amount,
        hourlyRateFrom: '2026-02-01',
      });
    await rate('90').expect(200);
    await rate('95').expect(200);
    await rate('95').expect(200);
    await rate(null).expect(200);
    const at = (amount: string) => ({
      kind: 'billable',
      clientId: null,
      projectId,
      userId: null,
      effectiveFrom: '2026-02-01',
      amount,
    });
    expect((await rateEventsOf('projectId', projectId)).map((e) => [e.action, e.before, e.after])).toEqual([
      ['create', null, at('90.00')],
      ['update', at('90.00'), at('95.00')],
      ['delete', at('95.00'), null],
    ]);
  });

  it("a client's defaultHourlyRate is recorded, from its creation on", async () => {
    const client = (
      await send(admin, 'post', '/api/v1/clients', {
        name: unique('client'),
        defaultHourlyRate: '70',
      }).expect(201)
    ).body;
    await send(admin, 'patch', `/api/v1/clients/${client.id}`, { defaultHourlyRate: null }).expect(200);
    const log = await rateEventsOf('clientId', client.id);
    expect(log.map((e) => e.action)).toEqual(['create', 'delete']);
    expect(log[0]!.after).toMatchObject({ kind: 'billable', clientId: client.id, amount: '70.00' });
  });
});

describe('budgets', () => {
  it('a create, an update and a delete leave one event each; a duplicate, a bad or an idle update none', async () => {
    const projectId = await newProject();
    const budget = (await send(admin, 'post', '/api/v1/budgets', { projectId, hours: '10' }).expect(201))
      .body;
    await send(admin, 'post', '/api/v1/budgets', { projectId, hours: '12' }).expect(409);
    await send(admin, 'patch', `/api/v1/budgets/${budget.id}`, { hours: null }).expect(400);
    await send(admin, 'patch', `/api/v1/budgets/${budget.id}`, { hours: '20', amount: '500' }).expect(200);
    await send(admin, 'patch', `/api/v1/budgets/${budget.id}`, { hours: '20.0' }).expect(200);
    await send(admin, 'delete', `/api/v1/budgets/${budget.id}`).expect(204);
    await send(admin, 'delete', `/api/v1/budgets/${budget.id}`).expect(404);

    const first = { projectId, clientId: null, period: 'lifetime', hours: '10.00', amount: null };
    const second = { ...first, hours: '20.00', amount: '500.00' };
    expect((await events('budget', budget.id)).map((e) => [e.action, e.before, e.after])).toEqual([
      ['create', null, first],
      ['update', first, second],
      ['delete', second, null],
    ]);
  });
});

describe('week approvals', () => {
  it('submit, reject with a note, resubmit, withdraw, resubmit, approve: one event each', async () => {
    const user = await signInNewUser(app, admin, {
      username: unique('weekly'),
      password: 'amber-heron-5261',
    });
    const id = (await send(user, 'post', '/api/v1/approvals', { week: '2026-06-03' }).expect(201)).body.id;
    await send(user, 'post', '/api/v1/approvals', { week: '2026-06-03' }).expect(409);
    await send(admin, 'post', `/api/v1/approvals/${id}/reject`, { note: 'the Tuesday is missing' }).expect(
      200,
    );
    await send(admin, 'post', `/api/v1/approvals/${id}/approve`).expect(409);
    await send(user, 'post', '/api/v1/approvals', { week: '2026-06-03' }).expect(201);
    await send(user, 'post', `/api/v1/approvals/${id}/withdraw`).expect(200);
    await send(user, 'post', '/api/v1/approvals', { week: '2026-06-03' }).expect(201);
    await send(admin, 'post', `/api/v1/approvals/${id}/approve`).expect(200);

    const log = await events('approval', id);
    expect(log.map((e) => [e.action, e.actorId, e.before, e.after])).toEqual([
      ['submit', user.user.id, null, { status: 'submitted', note: null }],
      [
        'reject',
        admin.user.id,
        { status: 'submitted' },
        { status: 'rejected', note: 'the Tuesday is missing' },
      ],
      ['submit', user.user.id, { status: 'rejected' }, { status: 'submitted', note: null }],
      ['withdraw', user.user.id, { status: 'submitted' }, { status: 'withdrawn', note: null }],
      ['submit', user.user.id, { status: 'withdrawn' }, { status: 'submitted', note: null }],
      ['approve', admin.user.id, { status: 'submitted' }, { status: 'approved', note: null }],
    ]);
  });
});

describe('locks', () => {
  it("an admin's write to an approved week is recorded as an override; the user's refused write is not", async () => {
    const user = await signInNewUser(app, admin, {
      username: unique('locked'),
      password: 'amber-heron-5261',
    });
    const entry = (
      await send(user, 'post', '/api/v1/time-entries', {
        projectId: generalId,
        startTime: '2026-07-07T09:00:00Z',
        endTime: '2026-07-07T10:00:00Z',
      }).expect(201)
    ).body.id as number;
    const week = (await send(user, 'post', '/api/v1/approvals', { week: '2026-07-07' }).expect(201)).body.id;
    await send(admin, 'post', `/api/v1/approvals/${week}/approve`).expect(200);
    const before = (await events('lock')).length;

    await send(user, 'patch', `/api/v1/time-entries/${entry}`, { notes: 'late' }).expect(409);
    expect(await events('lock')).toHaveLength(before);
    await send(admin, 'patch', `/api/v1/time-entries/${entry}`, { notes: 'fixed by admin' }).expect(200);

    const [override] = await sql<{ id: number }>(`SELECT id FROM lock_overrides WHERE entry_id = $1`, [
      entry,
    ]);
    const log = (await events('lock')).slice(before);
    expect(log.map((e) => [e.action, e.entityId, e.actorId, e.before, e.after])).toEqual([
      [
        'override',
        override!.id,
        admin.user.id,
        null,
        { userId: user.user.id, write: 'update', entryId: entry, reason: 'approved' },
      ],
    ]);
  });

  it('a change of the lockdown date is recorded; the same date again and a refused change are not', async () => {
    const user = await signInNewUser(app, admin, {
      username: unique('nolock'),
      password: 'amber-heron-5261',
    });
    const was = (await admin.agent.get('/api/v1/approvals/lockdown').expect(200)).body.lockedBefore;
    const before = (await events('lock')).length;
    await send(user, 'put', '/api/v1/approvals/lockdown', { lockedBefore: '2001-01-01' }).expect(403);
    await send(admin, 'put', '/api/v1/approvals/lockdown', { lockedBefore: '2001-01-01' }).expect(200);
    await send(admin, 'put', '/api/v1/approvals/lockdown', { lockedBefore: '2001-01-01' }).expect(200);
    await send(admin, 'put', '/api/v1/approvals/lockdown', { lockedBefore: was }).expect(200);

    const log = (await events('lock')).slice(before);
    expect(log.map((e) => [e.action, e.entityId, e.actorId, e.before, e.after])).toEqual([
      ['lockdown', null, admin.user.id, { lockedBefore: was }, { lockedBefore: '2001-01-01' }],
      ['lockdown', null, admin.user.id, { lockedBefore: '2001-01-01' }, { lockedBefore: was }],
    ]);
  });
});
