import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signIn, type Session } from './support';
import { reportWorld, type ReportWorld } from './report-fixtures';

/**
 * Rates with dates (issue #18 §2): the level order project member → project → user → client,
 * the rate in force on an entry's start day in the company's zone, invoiced entries never
 * re-priced, cost and margin for admins and accountants. Figures are read through the report,
 * the invoice and the export, which share one resolution (core/src/rates/rate-sql.ts).
 */
let w: ReportWorld;
let accountant: Session;
let n = 0;

const post = (who: Session, url: string, body: object) =>
  who.agent.post(url).set('X-CSRF-Token', who.csrf).send(body);

/** A client and a project of its own, so each test prices only its entries. */
async function catalog() {
  n += 1;
  const [c] = await w.sql<{ id: number }>(`INSERT INTO clients (name) VALUES ($1) RETURNING id`, [
    `Rates C${n}`,
  ]);
  const [p] = await w.sql<{ id: number }>(
    `INSERT INTO projects (name, client_id) VALUES ($1, $2) RETURNING id`,
    [`Rates P${n}`, c!.id],
  );
  return { client: c!.id, project: p!.id };
}

const rate = async (body: object, who: Session = w.admin) =>
  (await post(who, '/api/v1/rates', body).expect(201)).body;

/** billableAmount per user id of the project's entries (report grouped by user). */
async function byUser(project: number, who: Session = w.admin) {
  const res = await who.agent.get(`/api/v1/reports/summary?projects=${project}&groupBy=user`).expect(200);
  return Object.fromEntries(
    (res.body.rows as { groups: { key: string }[]; billableAmount: string }[]).map((r) => [
      Number(r.groups[0]!.key),
      r.billableAmount,
    ]),
  );
}

/** billableAmount per local day (settings.timezone) of the project's entries. */
async function byDay(project: number) {
  const res = await w.admin.agent.get(`/api/v1/reports/summary?projects=${project}&groupBy=day`).expect(200);
  return Object.fromEntries(
    (res.body.rows as { groups: { key: string }[]; billableAmount: string }[]).map((r) => [
      r.groups[0]!.key,
      r.billableAmount,
    ]),
  );
}

beforeAll(async () => {
  w = await reportWorld();
  await post(w.admin, '/api/v1/users', {
    username: 'carol',
    password: 'amber-heron-1618',
    role: 'accountant',
  }).expect(201);
  accountant = await signIn(w.app, { username: 'carol', password: 'amber-heron-1618' });
});
afterAll(async () => {
  await w?.close();
});
beforeEach(async () => {
  await w.sql(`UPDATE settings SET timezone = 'Europe/Rome', currency = 'EUR'`);
});

describe('resolution: project member → project → user → client → none', () => {
  it('uses each level when it is the most specific one that has a rate', async () => {
    const { client, project } = await catalog();
    const alice = w.alice.user.id;
    const bob = w.bob.user.id;
    await w.entry(w.alice, project, '2026-04-01T08:00:00Z', 3600);
    await w.entry(w.bob, project, '2026-04-01T08:00:00Z', 3600);
    const from = '2026-01-01';

    expect(await byUser(project)).toEqual({ [alice]: '0.00', [bob]: '0.00' }); // none
    await rate({ kind: 'billable', clientId: client, effectiveFrom: from, amount: '10' });
    expect(await byUser(project)).toEqual({ [alice]: '10.00', [bob]: '10.00' }); // client
    await rate({ kind: 'billable', userId: alice, effectiveFrom: from, amount: '20' });
    expect(await byUser(project)).toEqual({ [alice]: '20.00', [bob]: '10.00' }); // user over client
    await rate({ kind: 'billable', projectId: project, effectiveFrom: from, amount: '30' });
    expect(await byUser(project)).toEqual({ [alice]: '30.00', [bob]: '30.00' }); // project over user
    await rate({ kind: 'billable', projectId: project, userId: bob, effectiveFrom: from, amount: '40' });
    expect(await byUser(project)).toEqual({ [alice]: '30.00', [bob]: '40.00' }); // member over project

    // A more specific level wins even when its rate is older than a less specific one's.
    await rate({ kind: 'billable', clientId: client, effectiveFrom: '2026-03-01', amount: '99' });
    expect(await byUser(project)).toEqual({ [alice]: '30.00', [bob]: '40.00' });
    // Remove the user-level rate of a user's own: deleted rates stop applying.
    await w.sql(`DELETE FROM rates WHERE user_id = $1 AND project_id IS NULL`, [alice]);
  });

  it('takes the rate in force on the start day in the company zone: the day before, on and after a change', async () => {
    const { project } = await catalog();
    await rate({ kind: 'billable', projectId: project, effectiveFrom: '1970-01-01', amount: '50' });
    await rate({ kind: 'billable', projectId: project, effectiveFrom: '2026-03-10', amount: '80' });
    // 23:30 in Rome on the 9th (22:30Z), 00:30 on the 10th (23:30Z on the 9th), and the 11th.
    await w.entry(w.alice, project, '2026-03-09T22:30:00Z', 3600);
    await w.entry(w.alice, project, '2026-03-09T23:30:00Z', 3600);
    await w.entry(w.alice, project, '2026-03-11T09:00:00Z', 3600);
    expect(await byDay(project)).toEqual({
      '2026-03-09': '50.00',
      '2026-03-10': '80.00',
      '2026-03-11': '80.00',
    });

    // The company's zone decides the day, whoever views: in UTC both first entries are on the 9th.
    await w.sql(`UPDATE settings SET timezone = 'UTC'`);
    expect(await byDay(project)).toEqual({ '2026-03-09': '100.00', '2026-03-11': '80.00' });
  });

  it('never re-prices an entry on an invoice; the others follow a change from its date', async () => {
    const { project } = await catalog();
    await rate({ kind: 'billable', projectId: project, effectiveFrom: '1970-01-01', amount: '80' });
    const billed = await w.entry(w.alice, project, '2026-03-12T09:00:00Z', 3600);
    const before = await w.entry(w.alice, project, '2026-03-13T09:00:00Z', 3600);
    const after = await w.entry(w.alice, project, '2026-03-20T09:00:00Z', 3600);
    const inv = await post(w.admin, '/api/v1/invoices', {
      projectId: project,
      generate: { entryIds: [billed], groupBy: 'entry' },
    }).expect(201);
    expect(inv.body.items[0]).toMatchObject({ unitPrice: '80.00', totalAmount: '80.00' });

    // A change from the 1st of March would re-price the billed entry too if it were not billed.
    await rate({ kind: 'billable', projectId: project, effectiveFrom: '2026-03-01', amount: '100' });
    await rate({ kind: 'billable', projectId: project, effectiveFrom: '2026-03-15', amount: '120' });
    expect(await byDay(project)).toEqual({
      '2026-03-12': '80.00',
      '2026-03-13': '100.00',
      '2026-03-20': '120.00',
    });
    const csv = await w.admin.agent
      .get(`/api/v1/exports/time-entries.csv?projects=${project}&columns=id,rate,amount`)
      .expect(200);
    expect(csv.text).toContain(`${billed},80.00,80.00`);
    expect(csv.text).toContain(`${before},100.00,100.00`);
    expect(csv.text).toContain(`${after},120.00,120.00`);
  });

  it('makes one invoice line per rate where the entries of a group differ', async () => {
    const { project } = await catalog();
    await rate({ kind: 'billable', projectId: project, effectiveFrom: '1970-01-01', amount: '50' });
    await rate({
      kind: 'billable',
      projectId: project,
      userId: w.bob.user.id,
      effectiveFrom: '1970-01-01',
      amount: '70',
    });
    await w.entry(w.alice, project, '2026-05-04T09:00:00Z', 7200);
    await w.entry(w.bob, project, '2026-05-05T09:00:00Z', 3600);
    const inv = await post(w.admin, '/api/v1/invoices', {
      projectId: project,
      generate: { from: '2026-05-01', to: '2026-05-31', groupBy: 'project' },
    }).expect(201);
    const lines = (inv.body.items as { unitPrice: string; quantity: string; totalAmount: string }[])
      .map((l) => [l.unitPrice, l.quantity, l.totalAmount])
      .sort();
    expect(lines).toEqual([
      ['50.00', '2.00', '100.00'],
      ['70.00', '1.00', '70.00'],
    ]);
    expect(inv.body.subtotal).toBe('170.00');
  });
});

describe('cost and margin', () => {
  it('shows cost and margin to admins and accountants, never to users', async () => {
    const { project } = await catalog();
    await rate({ kind: 'billable', projectId: project, effectiveFrom: '1970-01-01', amount: '90' });
    await rate({ kind: 'cost', userId: w.alice.user.id, effectiveFrom: '1970-01-01', amount: '35.5' });
    await w.entry(w.alice, project, '2026-06-01T09:00:00Z', 7200);
    await w.entry(w.alice, project, '2026-06-02T09:00:00Z', 3600, { billable: false });
    const res = await w.admin.agent
      .get(`/api/v1/reports/summary?projects=${project}&groupBy=billable`)
      .expect(200);
    // Non-billable time costs too: 3 h × 35.50.
    expect(res.body.totals).toMatchObject({
      billableAmount: '180.00',
      costAmount: '106.50',
      margin: '73.50',
    });
    expect(
      res.body.rows.map((r: { costAmount: string; margin: string }) => [r.costAmount, r.margin]),
    ).toEqual([
      ['71.00', '109.00'],
      ['35.50', '-35.50'],
    ]);
    // Accountants get the figures too (whose time their reports cover is the reports policy's).
    const theirs = await accountant.agent.get(`/api/v1/reports/summary?projects=${project}`).expect(200);
    expect(theirs.body.totals).toHaveProperty('costAmount');
    expect(theirs.body.totals).toHaveProperty('margin');
    // A user sees no money at all (docs/roles.md); with settings.ratesVisibleToAll the billable
    // amount, never cost or margin.
    const own = await w.alice.agent.get(`/api/v1/reports/summary?projects=${project}`).expect(200);
    expect(own.body.totals).not.toHaveProperty('billableAmount');
    expect(own.body.totals).not.toHaveProperty('costAmount');
    expect(own.body.totals).not.toHaveProperty('margin');
    await w.sql(`UPDATE settings SET rates_visible_to_all = true`);
    try {
      const shown = await w.alice.agent.get(`/api/v1/reports/summary?projects=${project}`).expect(200);
      expect(shown.body.totals.billableAmount).toBe('180.00');
      expect(shown.body.totals).not.toHaveProperty('costAmount');
      expect(shown.body.totals).not.toHaveProperty('margin');
    } finally {
      await w.sql(`UPDATE settings SET rates_visible_to_all = false`);
    }
  });
});

describe('/api/v1/rates', () => {
  it('lists by level and kind, for admins and accountants only', async () => {
    const { client, project } = await catalog();
    const c = await rate({ kind: 'billable', clientId: client, effectiveFrom: '2026-01-01', amount: '10' });
    const m = await rate({ kind: 'cost', projectId: project, userId: w.bob.user.id, amount: '5' });
    expect(c).toMatchObject({
      level: 'client',
      clientId: client,
      effectiveFrom: '2026-01-01',
      amount: '10.00',
    });
    // No date: today in the company's zone.
    const [today] = await w.sql<{ d: string }>(
      `SELECT to_char(now() AT TIME ZONE 'Europe/Rome', 'YYYY-MM-DD') AS d`,
    );
    expect(m).toMatchObject({ level: 'member', kind: 'cost', effectiveFrom: today!.d });

    const members = await accountant.agent.get(`/api/v1/rates?level=member&projectId=${project}`).expect(200);
    expect(members.body).toMatchObject({ total: 1, items: [{ id: m.id }] });
    const clients = await w.admin.agent
      .get(`/api/v1/rates?level=client&clientId=${client}&kind=billable`)
      .expect(200);
    expect(clients.body.items.map((r: { id: number }) => r.id)).toEqual([c.id]);
    await w.alice.agent.get('/api/v1/rates').expect(403);
    await post(accountant, '/api/v1/rates', { kind: 'billable', clientId: client, amount: '1' }).expect(403);
    await w.app.inject({ method: 'GET', url: '/api/v1/rates' }).then((r) => expect(r.statusCode).toBe(401));
  });

  it('refuses a mix of levels (400), an unknown record (400), a second rate of a level on one day (409); deletes', async () => {
    const { client, project } = await catalog();
    await post(w.admin, '/api/v1/rates', {
      kind: 'billable',
      clientId: client,
      projectId: project,
      amount: '1',
    }).expect(400);
    await post(w.admin, '/api/v1/rates', { kind: 'billable', amount: '1' }).expect(400);
    await post(w.admin, '/api/v1/rates', { kind: 'billable', projectId: 2_000_000, amount: '1' }).expect(400);
    await post(w.admin, '/api/v1/rates', { kind: 'tips', projectId: project, amount: '1' }).expect(400);
    await post(w.admin, '/api/v1/rates', { kind: 'billable', projectId: project, amount: '1.234' }).expect(
      400,
    );
    const r = await rate({ kind: 'billable', projectId: project, effectiveFrom: '2026-02-01', amount: '1' });
    await post(w.admin, '/api/v1/rates', {
      kind: 'billable',
      projectId: project,
      effectiveFrom: '2026-02-01',
      amount: '2',
    }).expect(409);
    await rate({ kind: 'cost', projectId: project, effectiveFrom: '2026-02-01', amount: '2' }); // another kind
    await w.alice.agent.delete(`/api/v1/rates/${r.id}`).set('X-CSRF-Token', w.alice.csrf).expect(403);
    await w.admin.agent.delete(`/api/v1/rates/${r.id}`).set('X-CSRF-Token', w.admin.csrf).expect(204);
    await w.admin.agent.delete(`/api/v1/rates/${r.id}`).set('X-CSRF-Token', w.admin.csrf).expect(404);
  });

  it("keeps a project's and a client's hourlyRate working: today's rate, set from a date", async () => {
    const { client, project } = await catalog();
    const patch = (url: string, body: object) =>
      w.admin.agent.patch(url).set('X-CSRF-Token', w.admin.csrf).send(body).expect(200);
    expect((await patch(`/api/v1/projects/${project}`, { hourlyRate: '40' })).body.hourlyRate).toBe('40.00');
    // From a future day: today's rate stays, the list holds both.
    const later = await patch(`/api/v1/projects/${project}`, {
      hourlyRate: '55',
      hourlyRateFrom: '2099-01-01',
    });
    expect(later.body.hourlyRate).toBe('40.00');
    const listed = await w.admin.agent.get(`/api/v1/rates?level=project&projectId=${project}`).expect(200);
    expect(listed.body.items.map((r: { amount: string }) => r.amount)).toEqual(['55.00', '40.00']);
    expect(
      (await patch(`/api/v1/clients/${client}`, { defaultHourlyRate: '12.5' })).body.defaultHourlyRate,
    ).toBe('12.50');
    expect((await patch(`/api/v1/projects/${project}`, { hourlyRate: null })).body.hourlyRate).toBeNull();
  });
});
