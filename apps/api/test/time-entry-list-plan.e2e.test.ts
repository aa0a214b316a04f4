import { entryListStatements, EXACT_TOTAL_LIMIT, type EntrySortField } from '@timetracker/core';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type PlanNode, planNodes, type Session, signIn, sqlOn, startApi } from './support';
import type { ApiApp } from '../src/app';

// The entry list (GET /time-entries) at depth: a page by cursor reads a range of its sort's
// index, (column, id) or (user_id, column, id), and no more rows of it than the page holds,
// however deep it is; a page by number reads the rows it skips in that index, never the table
// (1M entries: an admin's page by duration took 0.7-2 s as a sort of every row; see
// docs/benchmarks.md, "Lists"). And the total of an unfiltered list above EXACT_TOTAL_LIMIT
// comes from the planner's estimate rather than a count of every row.

let db: TestDatabase;
let app: ApiApp;
let admin: Session;
let userId: number;
const sql = sqlOn(() => db.url);
const ENTRIES = EXACT_TOTAL_LIMIT + 20_000;

const INDEX = {
  startTime: ['idx_time_entries_start_time', 'idx_time_entries_user_start'],
  durationSeconds: ['idx_time_entries_duration', 'idx_time_entries_user_duration'],
  createdAt: ['idx_time_entries_created', 'idx_time_entries_user_created'],
};

/** The plan of the CTE that picks the page (the rest looks up its rows by id). */
async function pagePlan(query: { text: string; values: unknown[] }): Promise<PlanNode[]> {
  const [{ 'QUERY PLAN': plans }] = (await sql<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
    `EXPLAIN (ANALYZE, FORMAT JSON) ${query.text}`,
    query.values,
  )) as [{ 'QUERY PLAN': { Plan: PlanNode }[] }];
  const cte = planNodes(plans[0]!.Plan).find((node) => node['Subplan Name'] === 'CTE page');
  expect(cte).toBeDefined();
  return planNodes(cte!);
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  admin = await signIn(app, ADMIN);
  userId = admin.user.id;
  const [{ id: projectId }] = (await sql<{ id: number }>(
    `SELECT id FROM projects WHERE name = 'General'`,
  )) as [{ id: number }];
  // A second user, so that the admin's entries are a part of the table.
  await sql(`INSERT INTO users (username, role) VALUES ('plan-other', 'user')`);
  // Durations and creation times with ties (a few hundred values each), a few running entries.
  await sql(
    `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, source, created_at)
     SELECT CASE WHEN i % 2 = 0 THEN $1::int ELSE (SELECT id FROM users WHERE username = 'plan-other') END, $2,
            s, CASE WHEN i % 5000 = 0 THEN NULL ELSE s + (i % 300) * interval '1 minute' END,
            CASE WHEN i % 5000 = 0 THEN NULL ELSE (i % 300) * 60 END, 'manual',
            TIMESTAMPTZ '2020-01-01Z' + (i % 997) * interval '1 hour'
       FROM generate_series(1, $3::int) i,
            LATERAL (SELECT TIMESTAMPTZ '2020-01-01Z' + i * interval '13 minutes' AS s) t`,
    [userId, projectId, ENTRIES],
  );
  await sql(`VACUUM ANALYZE time_entries`);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('the entry list at depth', () => {
  for (const field of Object.keys(INDEX) as EntrySortField[])
    for (const desc of [true, false])
      for (const who of ['admin', 'user'] as const)
        it(`reads page 1,000 by cursor from ${INDEX[field][who === 'admin' ? 0 : 1]}, 51 rows of it (${desc ? '-' : ''}${field}, ${who})`, async () => {
          const filter = who === 'admin' ? {} : { userId };
          const sort = { field, desc };
          // The position after page 999, as the API would put it in the cursor.
          const before = entryListStatements(filter, sort, { skip: 999 * 50 - 1, take: 1 }).items;
          const [last] = await sql<{ id: number; sortKey: string | null }>(before.text, before.values);
          expect(last).toBeDefined();
          const byCursor = await pagePlan(
            entryListStatements(filter, sort, { after: { key: last!.sortKey, id: last!.id }, take: 50 })
              .items,
          );
          const scans = byCursor.filter((node) => node['Relation Name'] === 'time_entries');
          expect(scans.length).toBeGreaterThan(0);
          for (const scan of scans) {
            expect(scan['Node Type']).toMatch(/^Index (Only )?Scan$/);
            expect(scan['Index Name']).toBe(INDEX[field][who === 'admin' ? 0 : 1]);
          }
          expect(byCursor.map((node) => node['Node Type'])).not.toContain('Sort');
          const read = scans.reduce((n, scan) => n + scan['Actual Rows'] * scan['Actual Loops'], 0);
          expect(read).toBeGreaterThan(0);
          expect(read).toBeLessThanOrEqual(51 * scans.length);
          // By page number: the skipped rows are read, but from the same index, without a sort.
          const byNumber = await pagePlan(
            entryListStatements(filter, sort, { skip: 999 * 50, take: 50 }).items,
          );
          const numberScans = byNumber.filter((node) => node['Relation Name'] === 'time_entries');
          expect(numberScans.map((node) => node['Index Name'])).toEqual([
            INDEX[field][who === 'admin' ? 0 : 1],
          ]);
          expect(byNumber.map((node) => node['Node Type'])).not.toContain('Sort');
        });

  it("gives the admin's unfiltered total as an estimate, a user's exactly", async () => {
    const all = await admin.agent.get('/api/v1/time-entries?pageSize=1').expect(200);
    expect(all.body.totalIsEstimate).toBe(true);
    expect(all.body.total).toBeGreaterThan(EXACT_TOTAL_LIMIT);
    expect(Math.abs(all.body.total - ENTRIES) / ENTRIES).toBeLessThan(0.1);
    const own = await admin.agent.get(`/api/v1/time-entries?pageSize=1&userId=${userId}`).expect(200);
    expect(own.body.totalIsEstimate).toBe(false);
    expect(own.body.total).toBe(ENTRIES / 2);
    expect(own.body.nextCursor).toEqual(expect.any(String));
  });
});
