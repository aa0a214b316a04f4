import type request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reportWorld, type ReportWorld, type Session } from './report-fixtures';

/**
 * Cost and margin in the time-entry export (issue #18): what each entry cost at its cost rate
 * in force on its start day (company zone), resolved as reports resolve it (rate-sql.ts), for
 * admins and accountants; a plain user's export carries no money column, and asking for one
 * is refused.
 */
let w: ReportWorld;
let project: number;
const URL = '/api/v1/exports/time-entries.csv';

const csv = async (who: Session, query: string) => {
  const res = await who.agent
    .get(`${URL}?${query}`)
    .buffer(true)
    .parse(textParser as unknown as Parameters<request.Test['parse']>[0]);
  return { status: res.status, lines: (res.body as string).split('\r\n').slice(0, -1) };
};
// supertest leaves text/csv unparsed: collect it as a string.
function textParser(
  res: NodeJS.ReadableStream & { setEncoding(e: string): void },
  done: (e: Error | null, body: string) => void,
) {
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (text += chunk));
  res.on('end', () => done(null, text));
}
const setRate = (body: object) =>
  w.admin.agent.post('/api/v1/rates').set('X-CSRF-Token', w.admin.csrf).send(body).expect(201);

beforeAll(async () => {
  w = await reportWorld();
  const [p] = await w.sql<{ id: number }>(
    `INSERT INTO projects (name, client_id) VALUES ('Costed', $1) RETURNING id`,
    [w.clients.inhouse],
  );
  project = p!.id;
  await w.sql(`UPDATE settings SET timezone = 'Europe/Rome', export_delimiter = ','`);
  await setRate({ kind: 'billable', projectId: project, effectiveFrom: '2026-01-01', amount: '90.00' });
  // alice's cost changes on 1 April (Rome): 40.00 before, 45.50 from then on.
  await setRate({ kind: 'cost', userId: w.alice.user.id, effectiveFrom: '2026-01-01', amount: '40.00' });
  await setRate({ kind: 'cost', userId: w.alice.user.id, effectiveFrom: '2026-04-01', amount: '45.50' });
  // bob's own cost on this project (member level) beats his user-level one.
  await setRate({ kind: 'cost', userId: w.bob.user.id, effectiveFrom: '2026-01-01', amount: '99.00' });
  await setRate({
    kind: 'cost',
    projectId: project,
    userId: w.bob.user.id,
    effectiveFrom: '2026-01-01',
    amount: '30.00',
  });
});
afterAll(async () => {
  await w?.close();
});
beforeEach(async () => {
  await w.sql(`UPDATE settings SET rates_visible_to_all = false`);
  await w.sql(`DELETE FROM time_entries`);
});

describe('cost and margin columns', () => {
  it('prices each entry at the cost rate of its start day, to the cent, for an admin', async () => {
    // 31 March 21:00 in Rome: the old cost; 1.5 h → 60.00 cost, 135.00 billed.
    const march = await w.entry(w.alice, project, '2026-03-31T19:00:00Z', 5400);
    // 00:30 on 1 April in Rome (still 31 March in UTC): the new cost; 1000 s × 45.50 = 12.638… → 12.64.
    const april = await w.entry(w.alice, project, '2026-03-31T22:30:00Z', 1000);
    // Not billable: no amount, yet it costs (1 h × 45.50), so the margin is negative.
    const unbilled = await w.entry(w.alice, project, '2026-04-02T08:00:00Z', 3600, { billable: false });
    // bob's member-level cost (30.00), not his user-level 99.00: 0.5 h → 15.00.
    const bobs = await w.entry(w.bob, project, '2026-04-02T09:00:00Z', 1800);

    const res = await csv(w.admin, `projects=${project}&columns=id,date,rate,amount,cost,margin`);
    expect(res.status).toBe(200);
    expect(res.lines).toEqual([
      'id,date,rate,amount,cost,margin',
      `${march},2026-03-31,90.00,135.00,60.00,75.00`,
      `${april},2026-04-01,90.00,25.00,12.64,12.36`,
      `${unbilled},2026-04-02,90.00,,45.50,-45.50`,
      `${bobs},2026-04-02,90.00,45.00,15.00,30.00`,
    ]);

    // The report, grouped by day, agrees on the cost of each day.
    const report = await w.admin.agent
      .get(`/api/v1/reports/summary?projects=${project}&groupBy=day`)
      .expect(200);
    const costs = Object.fromEntries(
      (report.body.rows as { groups: { key: string }[]; costAmount: string }[]).map((r) => [
        r.groups[0]!.key,
        r.costAmount,
      ]),
    );
    expect(costs).toEqual({ '2026-03-31': '60.00', '2026-04-01': '12.64', '2026-04-02': '60.50' });
  });

  it('leaves money out of a plain user’s export and refuses cost even when rates are shown', async () => {
    await w.entry(w.alice, project, '2026-04-02T08:00:00Z', 3600);
    const own = await csv(w.alice, '');
    expect(own.status).toBe(200);
    const header = own.lines[0]!.split(',');
    expect(header).toContain('date');
    for (const money of ['rate', 'amount', 'cost', 'margin']) expect(header).not.toContain(money);
    expect(own.lines).toHaveLength(2);

    for (const column of ['rate', 'amount', 'cost', 'margin'])
      expect((await csv(w.alice, `columns=date,${column}`)).status).toBe(403);

    // settings.ratesVisibleToAll shows everyone rates and amounts, but cost stays the books' (as in reports).
    await w.sql(`UPDATE settings SET rates_visible_to_all = true`);
    const priced = await csv(w.alice, 'columns=date,amount');
    expect(priced.lines).toEqual(['date,amount', '2026-04-02,90.00']);
    expect((await csv(w.alice, 'columns=date,cost')).status).toBe(403);
    expect((await csv(w.alice, 'columns=date,margin')).status).toBe(403);
  });
});
