import { IdleTimersRepository, IdleTimersService } from '@timetracker/core';
import { createPrismaClient } from '@timetracker/db';
import { Client } from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reportWorld, type ReportWorld, type Session } from './report-fixtures';

// Budgets (issue #18 §3): progress, thresholds raised once each per period whichever path writes
// time (the trigger in prisma/sql/009_budgets.sql), and the refusal past 100 %.

let w: ReportWorld;
const post = (who: Session, url: string, body: object = {}) =>
  who.agent.post(url).set('X-CSRF-Token', who.csrf).send(body);
const patch = (who: Session, url: string, body: object) =>
  who.agent.patch(url).set('X-CSRF-Token', who.csrf).send(body);
const del = (who: Session, url: string) => who.agent.delete(url).set('X-CSRF-Token', who.csrf);

/** A manual entry of `hours` through the API, from `start`. */
const track = (who: Session, projectId: number, start: string, hours: number) =>
  post(who, '/api/v1/time-entries', {
    projectId,
    startTime: start,
    endTime: new Date(Date.parse(start) + hours * 3600_000).toISOString(),
  });

const raised = async (budgetId: number) =>
  (
    await w.sql<{ threshold: number; period_start: string }>(
      `SELECT threshold, period_start::text FROM budget_notifications WHERE budget_id = $1 ORDER BY period_start, threshold`,
      [budgetId],
    )
  ).map((r) => `${r.period_start}:${r.threshold}`);

const budget = async (body: object) => (await post(w.admin, '/api/v1/budgets', body).expect(201)).body;

beforeAll(async () => {
  w = await reportWorld();
});
afterAll(async () => {
  await w?.close();
});
beforeEach(async () => {
  await w.sql(
    `UPDATE settings SET timezone = 'UTC', overlap_policy = 'allow', budget_refuse_over = false,
            budget_thresholds = '{50,80,100}', rounding_minutes = 1`,
  );
  await w.sql(`DELETE FROM time_entries`);
  await w.sql(`DELETE FROM budgets`);
});

describe('budget thresholds', () => {
  it('raises 50, 80 and 100 % once each as time crosses them, whatever is edited after', async () => {
    const b = await budget({ projectId: w.projects.web, hours: '10', amount: '2000.00' });
    await track(w.alice, w.projects.web, '2026-03-02T08:00:00Z', 4).expect(201);
    expect(await raised(b.id)).toEqual([]);
    const second = (await track(w.alice, w.projects.web, '2026-03-03T08:00:00Z', 2).expect(201)).body;
    expect(await raised(b.id)).toEqual(['1970-01-01:50']);

    // Down below 50 % and over it again: still one notification.
    await del(w.alice, `/api/v1/time-entries/${second.id}`).expect(204);
    await track(w.alice, w.projects.web, '2026-03-04T08:00:00Z', 2).expect(201);
    expect(await raised(b.id)).toEqual(['1970-01-01:50']);

    // An edit that lengthens an entry crosses 80; the timesheet crosses 100.
    const third = (await track(w.alice, w.projects.web, '2026-03-05T08:00:00Z', 1).expect(201)).body;
    await patch(w.alice, `/api/v1/time-entries/${third.id}`, { endTime: '2026-03-05T10:30:00Z' }).expect(200);
    expect(await raised(b.id)).toEqual(['1970-01-01:50', '1970-01-01:80']);
    await track(w.bob, w.projects.web, '2026-03-06T08:00:00Z', 3).expect(201);
    expect(await raised(b.id)).toEqual(['1970-01-01:50', '1970-01-01:80', '1970-01-01:100']);

    const list = await w.admin.agent.get('/api/v1/budgets/notifications').expect(200);
    expect(list.body.unread).toBe(3);
    expect(list.body.items.map((n: { threshold: number }) => n.threshold).sort()).toEqual([100, 50, 80]);
    expect(list.body.items[0]).toMatchObject({ name: 'Web', projectId: w.projects.web, period: 'lifetime' });
  });

  it('counts money at the project rate and hours alike, and shows money only to who may see rates', async () => {
    // 85.00/h on Web: 6 h = 510.00 of 1000.00 (51 %), 6 of 20 h (30 %).
    const b = await budget({ projectId: w.projects.web, hours: '20', amount: '1000.00' });
    await track(w.alice, w.projects.web, '2026-03-02T08:00:00Z', 6).expect(201);
    expect(await raised(b.id)).toEqual(['1970-01-01:50']);

    const mine = (await w.alice.agent.get(`/api/v1/budgets?projectId=${w.projects.web}`).expect(200)).body;
    expect(mine.items).toEqual([
      expect.objectContaining({
        id: b.id,
        hours: { limit: '20.00', usedSeconds: 21600, percent: 30 },
        money: null,
      }),
    ]);
    const admins = (await w.admin.agent.get(`/api/v1/budgets?projectId=${w.projects.web}`).expect(200)).body;
    expect(admins.items[0].money).toEqual({ limit: '1000.00', used: '510.00', percent: 51 });

    await w.sql(`UPDATE users SET role = 'accountant' WHERE id = $1`, [w.bob.user.id]);
    try {
      const bobs = (await w.bob.agent.get(`/api/v1/budgets?projectId=${w.projects.web}`).expect(200)).body;
      expect(bobs.items[0].money).toEqual({ limit: '1000.00', used: '510.00', percent: 51 });
    } finally {
      await w.sql(`UPDATE users SET role = 'user' WHERE id = $1`, [w.bob.user.id]);
    }
  });

  it("prices money with the rate in force on each entry's day, as the summary report does", async () => {
    // Web's own rate becomes 100.00/h from 2026-03-03: 2 h on the 2nd at the old rate, 2 h on the
    // 3rd at 100.00, and a member's rate of 40.00 for bob that beats both.
    const b = await budget({ projectId: w.projects.web, amount: '100000.00' });
    await post(w.admin, '/api/v1/rates', {
      kind: 'billable',
      projectId: w.projects.web,
      effectiveFrom: '2026-03-03',
      amount: '100.00',
    }).expect(201);
    await post(w.admin, '/api/v1/rates', {
      kind: 'billable',
      projectId: w.projects.web,
      userId: w.bob.user.id,
      effectiveFrom: '2026-01-01',
      amount: '40.00',
    }).expect(201);
    try {
      await track(w.alice, w.projects.web, '2026-03-02T08:00:00Z', 2).expect(201);
      await track(w.alice, w.projects.web, '2026-03-03T08:00:00Z', 2).expect(201);
      await track(w.bob, w.projects.web, '2026-03-03T12:00:00Z', 1.5).expect(201);
      const report = await w.admin.agent
        .get(`/api/v1/reports/summary?projects=${w.projects.web}`)
        .expect(200);
      const progress = (await w.admin.agent.get(`/api/v1/budgets?projectId=${w.projects.web}`).expect(200))
        .body;
      const used = progress.items.find((i: { id: number }) => i.id === b.id).money.used as string;
      // 2 × 85.00 + 2 × 100.00 + 1.5 × 40.00
      expect(used).toBe('430.00');
      expect(report.body.totals.billableAmount).toBe(used);
    } finally {
      await w.sql(`DELETE FROM rates WHERE project_id = $1 AND effective_from > '1970-01-01'`, [
        w.projects.web,
      ]);
    }
  });

  it('counts a finished entry without a stored duration at its time less its breaks, as the report does', async () => {
    // A legacy or hand-written row: 3 h between start and end, 1 h of breaks, no duration.
    const b = await budget({ projectId: w.projects.web, hours: '4', amount: '1000.00' });
    await w.sql(
      `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, break_seconds, billable, source)
       VALUES ($1, $2, '2026-03-02T08:00:00Z', '2026-03-02T11:00:00Z', NULL, 3600, true, 'manual')`,
      [w.alice.user.id, w.projects.web],
    );
    const report = await w.admin.agent.get(`/api/v1/reports/summary?projects=${w.projects.web}`).expect(200);
    expect(report.body.totals).toMatchObject({ seconds: 7200, billableAmount: '170.00' });
    const progress = (await w.admin.agent.get(`/api/v1/budgets?projectId=${w.projects.web}`).expect(200))
      .body;
    expect(progress.items).toEqual([
      expect.objectContaining({
        id: b.id,
        hours: { limit: '4.00', usedSeconds: 7200, percent: 50 },
        money: { limit: '1000.00', used: '170.00', percent: 17 },
      }),
    ]);
    // The trigger counted it the same way: 2 of 4 h reached 50 %, not 75 % (3 h).
    expect(await raised(b.id)).toEqual(['1970-01-01:50']);
  });

  it("a client's budget covers all its projects; a monthly one starts again each month in the company's zone", async () => {
    await w.sql(`UPDATE settings SET timezone = 'Europe/Rome'`);
    const b = await budget({ clientId: w.clients.acme, hours: '4', period: 'monthly' });
    await track(w.alice, w.projects.web, '2026-03-10T08:00:00Z', 1).expect(201);
    await track(w.alice, w.projects.support, '2026-03-11T08:00:00Z', 1).expect(201);
    expect(await raised(b.id)).toEqual(['2026-03-01:50']);
    // 23:30 UTC on 31 March is 1 April in Rome: the April budget.
    await track(w.alice, w.projects.support, '2026-03-31T22:30:00Z', 2).expect(201);
    expect(await raised(b.id)).toEqual(['2026-03-01:50', '2026-04-01:50']);
  });

  it('concurrent writes that only together cross a threshold raise it exactly once', async () => {
    for (let round = 0; round < 3; round++) {
      await w.sql(`DELETE FROM time_entries`);
      await w.sql(`DELETE FROM budgets`);
      const b = await budget({ projectId: w.projects.internal, hours: '10' });
      await track(w.alice, w.projects.internal, '2026-03-02T08:00:00Z', 4.5).expect(201);
      // Each alone: 49.5 %; together 54.5 %, and 8 × 0.1 h = 53 % all crossing 50 at once.
      const writes = Array.from({ length: 8 }, (_, i) =>
        track(i % 2 ? w.bob : w.alice, w.projects.internal, `2026-03-0${3 + (i % 5)}T0${i}:00:00Z`, 0.1),
      );
      for (const res of await Promise.all(writes)) expect(res.status).toBe(201);
      expect(await raised(b.id)).toEqual(['1970-01-01:50']);
    }
  });

  it('two open transactions crossing a threshold together raise it once: the second waits for the first', async () => {
    const b = await budget({ projectId: w.projects.internal, hours: '10' });
    await track(w.alice, w.projects.internal, '2026-03-02T08:00:00Z', 4.5).expect(201);
    const [one, two] = [
      new Client({ connectionString: w.db.url }),
      new Client({ connectionString: w.db.url }),
    ];
    await Promise.all([one.connect(), two.connect()]);
    // 0.3 h each: 48 % with either alone, 51 % with both.
    const insert = (c: Client, start: string) =>
      c.query(
        `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds)
         VALUES ($1, $2, $3::timestamptz, $3::timestamptz + interval '18 minutes', 1080)`,
        [w.alice.user.id, w.projects.internal, start],
      );
    try {
      await one.query('BEGIN');
      await two.query('BEGIN');
      const [{ pid }] = (await two.query('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];
      await insert(one, '2026-03-03T08:00:00Z');
      // `two`'s trigger waits on the budget's lock until `one` commits, then reads its time too.
      // `one` commits only once `two` has written or is seen waiting: the interleaving that loses
      // the crossing when nothing serializes the two.
      let written = false;
      const second = insert(two, '2026-03-04T08:00:00Z').then(() => (written = true));
      await expect
        .poll(
          async () =>
            written ||
            (await w.sql(`SELECT 1 FROM pg_locks WHERE pid = $1 AND NOT granted`, [pid])).length > 0,
        )
        .toBe(true);
      await one.query('COMMIT');
      await second;
      await two.query('COMMIT');
    } finally {
      await Promise.all([one.end(), two.end()]);
    }
    expect(await raised(b.id)).toEqual(['1970-01-01:50']);
  });

  it('raises what a budget set below the time already spent has reached', async () => {
    await track(w.alice, w.projects.web, '2026-03-02T08:00:00Z', 9).expect(201);
    const b = await budget({ projectId: w.projects.web, hours: '10' });
    expect(await raised(b.id)).toEqual(['1970-01-01:50', '1970-01-01:80']);
    await patch(w.admin, `/api/v1/budgets/${b.id}`, { hours: '5' }).expect(200);
    expect(await raised(b.id)).toEqual(['1970-01-01:50', '1970-01-01:80', '1970-01-01:100']);
  });

  it('follows settings.budgetThresholds', async () => {
    await patch(w.admin, '/api/v1/settings', { budgetThresholds: [80, 50] }).expect(400);
    await patch(w.admin, '/api/v1/settings', { budgetThresholds: [0, 50] }).expect(400);
    await patch(w.admin, '/api/v1/settings', { budgetThresholds: [25, 150] }).expect(200);
    const b = await budget({ projectId: w.projects.web, hours: '4' });
    await track(w.alice, w.projects.web, '2026-03-02T08:00:00Z', 5).expect(201);
    expect(await raised(b.id)).toEqual(['1970-01-01:25']);
    await track(w.alice, w.projects.web, '2026-03-03T08:00:00Z', 1).expect(201);
    expect(await raised(b.id)).toEqual(['1970-01-01:25', '1970-01-01:150']);
  });
});

describe('refusing time past 100 %', () => {
  beforeEach(async () => {
    await patch(w.admin, '/api/v1/settings', { budgetRefuseOver: true }).expect(200);
  });

  it('refuses an entry, an edit and a timer start past the budget with BUDGET_EXCEEDED', async () => {
    await budget({ projectId: w.projects.web, hours: '2' });
    const first = (await track(w.alice, w.projects.web, '2026-03-02T08:00:00Z', 1.5).expect(201)).body;
    const refused = await track(w.alice, w.projects.web, '2026-03-03T08:00:00Z', 1).expect(409);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'BUDGET_EXCEEDED', status: 409 });
    expect(refused.body.detail).toContain('project “Web”');
    await patch(w.alice, `/api/v1/time-entries/${first.id}`, { endTime: '2026-03-02T10:30:00Z' }).expect(409);
    // Within the budget, and shortening: fine.
    await track(w.alice, w.projects.web, '2026-03-03T08:00:00Z', 0.5).expect(201);
    await patch(w.alice, `/api/v1/time-entries/${first.id}`, { endTime: '2026-03-02T09:00:00Z' }).expect(200);
    // The timesheet is refused alike.
    const cell = await w.alice.agent
      .put('/api/v1/timesheet/cells')
      .set('X-CSRF-Token', w.alice.csrf)
      .send({ projectId: w.projects.web, date: '2026-03-04', seconds: 7200 })
      .expect(409);
    expect(cell.body.code).toBe('BUDGET_EXCEEDED');
    expect(await w.sql(`SELECT 1 FROM time_entries WHERE start_time >= '2026-03-04'`)).toEqual([]);
  });

  it('never refuses a timer stop, but refuses a start once the budget is used up', async () => {
    await budget({ projectId: w.projects.web, hours: '1' });
    const start = new Date(Date.now() - 3 * 3600_000).toISOString();
    await post(w.alice, '/api/v1/timer/start', { projectId: w.projects.web, startTime: start }).expect(201);
    await post(w.alice, '/api/v1/timer/stop', {}).expect(200);
    const again = await post(w.alice, '/api/v1/timer/start', { projectId: w.projects.web }).expect(409);
    expect(again.body.code).toBe('BUDGET_EXCEEDED');
    // Other projects are not limited.
    await post(w.alice, '/api/v1/timer/start', { projectId: w.projects.internal }).expect(201);
    await post(w.alice, '/api/v1/timer/stop', {}).expect(200);
  });
});

describe('the worker', () => {
  it('raises thresholds when the idle sweep stops a timer, and is never refused', async () => {
    await patch(w.admin, '/api/v1/settings', { budgetRefuseOver: true, idleTimeoutMinutes: 30 }).expect(200);
    const b = await budget({ projectId: w.projects.web, hours: '1' });
    const start = new Date(Date.now() - 4 * 3600_000);
    await post(w.alice, '/api/v1/timer/start', {
      projectId: w.projects.web,
      startTime: start.toISOString(),
    }).expect(201);
    // Active for two hours, then gone: the sweep stops the timer at that last activity (200 %).
    await w.sql(`UPDATE users SET last_activity_at = $2 WHERE id = $1`, [
      w.alice.user.id,
      new Date(start.getTime() + 2 * 3600_000),
    ]);
    const prisma = createPrismaClient(w.db.url);
    try {
      const { stopped } = await new IdleTimersService(new IdleTimersRepository(prisma)).stopIdleTimers(
        new Date(),
      );
      expect(stopped).toBe(1);
    } finally {
      await prisma.$disconnect();
    }
    expect(await raised(b.id)).toEqual(['1970-01-01:50', '1970-01-01:80', '1970-01-01:100']);
  });
});

describe('budgets API', () => {
  it('validates, refuses duplicates, updates and deletes; only admins change budgets', async () => {
    await post(w.admin, '/api/v1/budgets', {
      projectId: w.projects.web,
      clientId: w.clients.acme,
      hours: '1',
    }).expect(400);
    await post(w.admin, '/api/v1/budgets', { projectId: w.projects.web }).expect(400);
    await post(w.admin, '/api/v1/budgets', { projectId: w.projects.web, hours: '0' }).expect(400);
    await post(w.admin, '/api/v1/budgets', { projectId: 999999, hours: '1' }).expect(400);
    await post(w.alice, '/api/v1/budgets', { projectId: w.projects.web, hours: '1' }).expect(403);
    const b = await budget({ projectId: w.projects.web, hours: '10', period: 'monthly' });
    await post(w.admin, '/api/v1/budgets', {
      projectId: w.projects.web,
      amount: '5.00',
      period: 'monthly',
    }).expect(409);
    await budget({ projectId: w.projects.web, amount: '5.00' });
    await patch(w.admin, `/api/v1/budgets/${b.id}`, { hours: null }).expect(400);
    const changed = (
      await patch(w.admin, `/api/v1/budgets/${b.id}`, { amount: '300.00', hours: null }).expect(200)
    ).body;
    expect(changed).toMatchObject({ hours: null, money: { limit: '300.00', used: '0.00', percent: 0 } });
    // A money-only budget is not shown to someone who may not see money.
    expect((await w.alice.agent.get('/api/v1/budgets').expect(200)).body.items).toEqual([]);
    await patch(w.alice, `/api/v1/budgets/${b.id}`, { hours: '1' }).expect(403);
    await del(w.alice, `/api/v1/budgets/${b.id}`).expect(403);
    await del(w.admin, `/api/v1/budgets/${b.id}`).expect(204);
    await del(w.admin, `/api/v1/budgets/${b.id}`).expect(404);
  });

  it('lists notifications for admins only and marks them read', async () => {
    await budget({ projectId: w.projects.web, hours: '1' });
    await track(w.alice, w.projects.web, '2026-03-02T08:00:00Z', 1).expect(201);
    await w.alice.agent.get('/api/v1/budgets/notifications').expect(403);
    await post(w.alice, '/api/v1/budgets/notifications/read', {}).expect(403);
    const all = (await w.admin.agent.get('/api/v1/budgets/notifications?unread=true').expect(200)).body;
    expect(all.items).toHaveLength(3);
    const first = all.items[0].id as number;
    expect(
      (await post(w.admin, '/api/v1/budgets/notifications/read', { id: first }).expect(200)).body,
    ).toEqual({
      marked: 1,
    });
    const after = (await w.admin.agent.get('/api/v1/budgets/notifications?unread=true').expect(200)).body;
    expect(after).toMatchObject({ total: 2, unread: 2 });
    expect((await post(w.admin, '/api/v1/budgets/notifications/read', {}).expect(200)).body).toEqual({
      marked: 2,
    });
    await post(w.admin, '/api/v1/budgets/notifications/read', { id: 999999 }).expect(404);
  });
});
