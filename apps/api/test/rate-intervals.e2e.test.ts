import { entryRatesJoin, rateIntervalsJoin } from '@timetracker/core';
import { Prisma } from '@timetracker/db';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlOn } from './support';

// Reports price a range of entries by rate interval (rateIntervalsJoin): the rates of each
// project and user are resolved once per day a rate takes effect, and each entry is joined to
// the interval holding its start. It must give every entry exactly the rates that resolving the
// entry alone gives (entryRatesJoin): random rates at every level and of both kinds, taking
// effect on random days, entries at random instants (many near the company's midnight, across
// daylight-saving changes), legacy entries without a project or a user, invoiced entries.

let db: TestDatabase;
const sql = sqlOn(() => db.url);
const seed = Math.floor(Math.random() * 2 ** 31);
const ZONE = 'America/New_York';

/** mulberry32: a small seeded generator, so that a failure's seed reproduces its data. */
function generator(s: number) {
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(seed);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const DAY = 864e5;
const FIRST = Date.parse('2025-01-01T00:00:00Z');
const DAYS = 730;
const day = (n: number) => new Date(FIRST + n * DAY).toISOString().slice(0, 10);

/** Where the compared ranges start: a report's `from`. */
const SCOPES: [string, Date | undefined][] = [
  ['all entries', undefined],
  // 02:00 UTC is 22:00 of the day before in New York.
  ['from an evening (the next UTC day)', new Date('2025-06-18T02:00:00Z')],
  // 05:00 UTC is midnight in New York in winter (11-02 is the first day of standard time).
  ['from a company midnight', new Date('2025-11-03T05:00:00Z')],
  ['from the last hour of a UTC day', new Date('2026-03-08T23:30:00Z')],
];

let clients: number[] = [];
let projects: number[] = [];
let users: number[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  await sql(`UPDATE settings SET timezone = $1 WHERE id = 1`, [ZONE]);
  clients = (
    await sql<{ id: number }>(
      `INSERT INTO clients (name) SELECT 'Interval client ' || n FROM generate_series(1, 3) n RETURNING id`,
    )
  ).map((r) => r.id);
  // Two projects per client and one without a client.
  projects = (
    await sql<{ id: number }>(
      `INSERT INTO projects (name, client_id)
         SELECT 'Interval project ' || n, (ARRAY[$1, $2, $3, NULL]::int[])[1 + (n - 1) / 2] FROM generate_series(1, 7) n RETURNING id`,
      clients,
    )
  ).map((r) => r.id);
  users = (
    await sql<{ id: number }>(
      `INSERT INTO users (username) SELECT 'interval-user-' || n FROM generate_series(1, 4) n RETURNING id`,
    )
  ).map((r) => r.id);

  // Rates: each level and kind on a few random days (the unique indexes allow one a day).
  const rates = new Map<string, [string, number | null, number | null, number | null, string, string]>();
  const level = (): [number | null, number | null, number | null] => {
    switch (pick(['member', 'project', 'user', 'client'] as const)) {
      case 'member':
        return [null, pick(projects), pick(users)];
      case 'project':
        return [null, pick(projects), null];
      case 'user':
        return [null, null, pick(users)];
      case 'client':
        return [pick(clients), null, null];
    }
  };
  for (let i = 0; i < 60; i++) {
    const kind = pick(['billable', 'cost']);
    const [client, project, user] = level();
    const from = day(Math.floor(random() * DAYS) - 30);
    const amount = (Math.floor(random() * 20000) / 100).toFixed(2);
    rates.set(`${kind}/${client}/${project}/${user}/${from}`, [kind, client, project, user, from, amount]);
  }
  for (const [kind, client, project, user, from, amount] of rates.values()) {
    await sql(
      `INSERT INTO rates (kind, client_id, project_id, user_id, effective_from, amount) VALUES ($1, $2, $3, $4, $5, $6)`,
      [kind, client, project, user, from, amount],
    );
  }

  // Entries: a third start within an hour of the company's midnight, so the company day and
  // the UTC day differ; some lack a project or a user (legacy rows).
  const starts: string[] = [];
  const entryProjects: (number | null)[] = [];
  const entryUsers: (number | null)[] = [];
  for (let i = 0; i < 600; i++) {
    const d = Math.floor(random() * DAYS);
    const minutes = random() < 1 / 3 ? 4 * 60 + Math.floor(random() * 120) : Math.floor(random() * 1440);
    starts.push(new Date(FIRST + d * DAY + minutes * 60e3).toISOString());
    entryProjects.push(random() < 0.05 ? null : pick(projects));
    entryUsers.push(random() < 0.05 ? null : pick(users));
  }
  // And entries of every project just after each range's start.
  for (const [, from] of SCOPES) {
    for (const project of projects) {
      for (const minutes of [1, 90]) {
        starts.push(new Date(from ? from.getTime() + minutes * 60e3 : FIRST).toISOString());
        entryProjects.push(project);
        entryUsers.push(pick(users));
      }
    }
  }
  await sql(
    `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, source)
       SELECT u, p, s, s + interval '1 hour', 3600, 'manual'
         FROM unnest($1::int[], $2::int[], $3::timestamptz[]) AS x(u, p, s)`,
    [entryUsers, entryProjects, starts],
  );
  // One invoice line: its entries keep its unit price as their billable rate.
  const [invoice] = await sql<{ id: number }>(
    `INSERT INTO invoices (invoice_number, project_id, client_name, issue_date, due_date, status)
     VALUES ('INT-1', $1, 'C', '2026-03-10', '2026-04-10', 'sent') RETURNING id`,
    [projects[0]],
  );
  const [item] = await sql<{ id: number }>(
    `INSERT INTO invoice_items (invoice_id, description, unit_price, total_amount) VALUES ($1, 'x', 123.45, 1) RETURNING id`,
    [invoice!.id],
  );
  await sql(
    `UPDATE time_entries SET invoice_item_id = $1 WHERE id IN (SELECT id FROM time_entries ORDER BY id LIMIT 40)`,
    [item!.id],
  );
});
afterAll(async () => {
  await db?.drop();
});

interface Priced {
  id: number;
  billable_rate: string | null;
  cost_rate: string | null;
}

/** Every entry of `where` (on `te` and `p`) with its rates, priced by `join`. */
async function rates(join: Prisma.Sql, where: Prisma.Sql): Promise<Priced[]> {
  const q = Prisma.sql`
    SELECT te.id, rt.billable_rate::text, rt.cost_rate::text
      FROM time_entries te
      LEFT JOIN projects p ON p.id = te.project_id
      ${join}
     WHERE ${where}
     ORDER BY te.id`;
  return sql<Priced>(q.text, q.values);
}

describe('rates by interval', () => {
  it.each(SCOPES)('give every entry the rates it has alone: %s', async (_, from) => {
    const where = from ? Prisma.sql`te.start_time >= ${from}::timestamptz` : Prisma.sql`true`;
    const pairs = Prisma.sql`SELECT DISTINCT te.project_id, te.user_id FROM time_entries te WHERE ${where}`;
    const alone = await rates(entryRatesJoin(), where);
    const byInterval = await rates(rateIntervalsJoin(pairs, from), where);
    expect(byInterval, `seed ${seed}`).toEqual(alone);
    // The data must exercise the join: entries of each kind of rate, and rates that change.
    expect(alone.length).toBeGreaterThan(100);
    expect(new Set(alone.map((r) => r.billable_rate)).size, `seed ${seed}`).toBeGreaterThan(5);
    expect(new Set(alone.map((r) => r.cost_rate)).size, `seed ${seed}`).toBeGreaterThan(5);
    expect(alone.some((r) => r.billable_rate === '123.45')).toBe(true);
  });

  it('give the same rates for the entries of some clients only', async () => {
    const where = Prisma.sql`p.client_id IN (${Prisma.join(clients.slice(0, 2))})`;
    const pairs = Prisma.sql`SELECT DISTINCT te.project_id, te.user_id FROM time_entries te
      LEFT JOIN projects p ON p.id = te.project_id WHERE ${where}`;
    const alone = await rates(entryRatesJoin(), where);
    expect(await rates(rateIntervalsJoin(pairs, undefined), where), `seed ${seed}`).toEqual(alone);
    expect(alone.length).toBeGreaterThan(50);
  });
});
