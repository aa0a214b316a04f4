import { entryRatesJoin } from '@timetracker/core';
import { Prisma } from '@timetracker/db';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PlanNode, planNodes, sqlOn } from './support';

// Reports, invoices, exports and budgets price every entry through entryRatesJoin
// (packages/core/src/rates/rate-sql.ts). With thousands of rates (a company's clients, projects,
// people and their history) each level must be a probe of its own partial unique index, newest
// first, stopping at the first level that has a rate. The earlier single query over the four
// levels was planned as a bitmap OR of the four indexes, a heap fetch and a sort for every entry
// and kind: 1,036 buffers for the 50 entries here, against 638 for the probes.

let db: TestDatabase;
const sql = sqlOn(() => db.url);

beforeAll(async () => {
  db = await createTestDatabase();
  // 2,000 clients with a project each; a dated billable and cost rate per client, per project
  // from two dates (90, then 91 from 2026), so that the rates table holds thousands of rows.
  await sql(`INSERT INTO clients (name) SELECT 'Plan client ' || n FROM generate_series(1, 2000) n`);
  await sql(`INSERT INTO projects (name, client_id) SELECT 'Plan project ' || c.id, c.id FROM clients c
              WHERE c.name LIKE 'Plan client %'`);
  for (const kind of ['billable', 'cost']) {
    await sql(
      `INSERT INTO rates (kind, client_id, effective_from, amount)
         SELECT $1, id, DATE '2025-01-01', 80 FROM clients WHERE name LIKE 'Plan client %'`,
      [kind],
    );
    await sql(
      `INSERT INTO rates (kind, project_id, effective_from, amount)
         SELECT $1, p.id, v.d, 90 + extract(year FROM v.d) - 2025
           FROM projects p, (VALUES (DATE '2025-01-01'), (DATE '2026-01-01')) v(d)
          WHERE p.name LIKE 'Plan project %'`,
      [kind],
    );
  }
  const [{ id: userId }] = (await sql<{ id: number }>(`SELECT min(id) AS id FROM users`)) as [{ id: number }];
  await sql(
    `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, source)
       SELECT $1, p.id, TIMESTAMPTZ '2026-03-02 09:00Z', TIMESTAMPTZ '2026-03-02 10:00Z', 3600, 'manual'
         FROM projects p WHERE p.name LIKE 'Plan project %' ORDER BY p.id LIMIT 50`,
    [userId],
  );
  await sql(`ANALYZE rates`);
  await sql(`ANALYZE time_entries`);
});
afterAll(async () => {
  await db?.drop();
});

describe('the rate of an entry', () => {
  it('is read by index probes per level, never by a scan of every rate', async () => {
    const query = Prisma.sql`
      SELECT te.id, rt.billable_rate, rt.cost_rate
        FROM time_entries te JOIN projects p ON p.id = te.project_id
        ${entryRatesJoin()}`;
    const [{ 'QUERY PLAN': plans }] = (await sql<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
      `EXPLAIN (FORMAT JSON) ${query.text}`,
      query.values,
    )) as [{ 'QUERY PLAN': { Plan: PlanNode }[] }];
    const onRates = planNodes(plans[0]!.Plan).filter((node) => node['Relation Name'] === 'rates');
    expect(onRates.length).toBeGreaterThan(0);
    expect(onRates.map((node) => node['Node Type'])).not.toContain('Seq Scan');
    expect(new Set(onRates.map((node) => node['Index Name']))).toEqual(
      new Set(['uq_rates_member', 'uq_rates_project', 'uq_rates_user', 'uq_rates_client']),
    );
    // And the figures: each entry at its project's rate from 2026 (90 + 1), for both kinds.
    const rows = await sql<{ billable_rate: string; cost_rate: string }>(query.text, query.values);
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((r) => `${r.billable_rate}/${r.cost_rate}`))).toEqual(new Set(['91.00/91.00']));
  });
});
