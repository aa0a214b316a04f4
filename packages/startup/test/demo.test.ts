import { verifyPassword } from '@timetracker/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoData } from '../src/demo';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { withClient } from './support';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe('demo data', () => {
  it('creates users who can sign in, a catalog with every rate case, and consistent entries', async () => {
    const now = new Date('2026-11-24T12:00:00Z');
    const result = await withClient(db.url, (c) =>
      seedDemoData(c, { users: 3, entries: 2000, days: 30, now }),
    );
    expect(result).toEqual({ users: 3, clients: 5, projects: 20, tasks: 60, entries: 2000 });

    const facts = await withClient(db.url, async (c) => {
      const one = async (sql: string) => (await c.query(sql)).rows[0] as Record<string, unknown>;
      return {
        hash: (await one(`SELECT password_hash FROM users WHERE username = 'demo2'`)).password_hash as string,
        entries: await one(`
          SELECT count(*)::int AS n, count(DISTINCT user_id)::int AS users, count(DISTINCT project_id)::int AS projects,
                 min(start_time) AS first, max(end_time) AS last,
                 bool_and(end_time - start_time = make_interval(secs => duration_seconds)) AS durations_match,
                 count(*) FILTER (WHERE NOT billable)::int AS non_billable
            FROM time_entries`),
        foreignTasks: await one(`
          SELECT count(*)::int AS n FROM time_entries e JOIN tasks t ON t.id = e.task_id WHERE t.project_id <> e.project_id`),
        rates: await one(`
          SELECT count(*) FILTER (WHERE pr.amount IS NOT NULL)::int AS own,
                 count(*) FILTER (WHERE pr.amount IS NULL AND cr.amount IS NOT NULL)::int AS client,
                 count(*) FILTER (WHERE pr.amount IS NULL AND cr.amount IS NULL)::int AS none,
                 count(*) FILTER (WHERE NOT p.billable)::int AS not_billable
            FROM projects p JOIN clients c ON c.id = p.client_id
            LEFT JOIN rates pr ON pr.project_id = p.id AND pr.user_id IS NULL
            LEFT JOIN rates cr ON cr.client_id = c.id
           WHERE p.name LIKE 'Demo Project %'`),
      };
    });
    expect(await verifyPassword(facts.hash, DEMO_PASSWORD)).toBe(true);
    expect(facts.entries).toMatchObject({
      n: 2000,
      users: 3,
      projects: 20,
      durations_match: true,
      non_billable: 400,
    });
    expect((facts.entries.first as Date).getTime()).toBeGreaterThanOrEqual(now.getTime() - 30 * 86_400_000);
    expect((facts.entries.last as Date).getTime()).toBeLessThanOrEqual(now.getTime());
    expect(facts.foreignTasks.n).toBe(0);
    expect(facts.rates).toEqual({ own: 6, client: 11, none: 3, not_billable: 2 });

    // Again: the catalog and users are reused, entries are added.
    const again = await withClient(db.url, (c) => seedDemoData(c, { users: 3, entries: 10, now }));
    expect(again).toEqual({ users: 3, clients: 5, projects: 20, tasks: 60, entries: 10 });
  });
});
