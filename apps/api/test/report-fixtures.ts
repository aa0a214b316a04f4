import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { ADMIN, type Session, signIn, signInNewUser, sqlOn, startApi } from './support';
import type { ApiApp } from '../src/app';

export type { Session };

/**
 * A database and API for the report and export tests: admin, alice and bob signed in, and a
 * catalog with every rate case. Entries are seeded with SQL (`entry`), so the figures under test
 * come from fixed durations, not from the API's own arithmetic.
 */
export interface ReportWorld {
  db: TestDatabase;
  app: ApiApp;
  admin: Session;
  alice: Session;
  bob: Session;
  /** Web: 85.00/h (project rate); Support: none, client Acme's 60.00; Internal: no rate at all;
   *  Cheap: 0.10/h (half-up cases); ProBono: a non-billable project with a rate. */
  projects: Record<'web' | 'support' | 'internal' | 'cheap' | 'proBono', number>;
  clients: Record<'acme' | 'inhouse', number>;
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  entry(
    who: Session,
    projectId: number,
    start: string,
    seconds: number | null,
    extra?: { billable?: boolean; tags?: string; notes?: string; taskId?: number },
  ): Promise<number>;
  close(): Promise<void>;
}

export async function reportWorld(): Promise<ReportWorld> {
  const db = await createTestDatabase();
  const sql = sqlOn(() => db.url);

  const app = await startApi(db.url);
  const admin = await signIn(app, ADMIN);
  const users: Session[] = [];
  for (const [username, password] of [
    ['alice', 'blue-orchid-2718'],
    ['bob', 'green-falcon-3141'],
  ] as const) {
    users.push(await signInNewUser(app, admin, { username, password }));
  }
  const id = async (text: string, params: unknown[]) => (await sql<{ id: number }>(text, params))[0]!.id;
  // Rates in force since the earliest day (rates table): the old single rates, as the migration moves them.
  const rate = async (level: 'client_id' | 'project_id', levelId: number, amount: string | null) => {
    if (amount !== null)
      await sql(
        `INSERT INTO rates (kind, ${level}, effective_from, amount) VALUES ('billable', $1, '1970-01-01', $2)`,
        [levelId, amount],
      );
    return levelId;
  };
  const client = async (name: string, amount: string | null) =>
    rate('client_id', await id(`INSERT INTO clients (name) VALUES ($1) RETURNING id`, [name]), amount);
  const project = async (name: string, clientId: number, amount: string | null, billable = true) =>
    rate(
      'project_id',
      await id(`INSERT INTO projects (name, client_id, billable) VALUES ($1, $2, $3) RETURNING id`, [
        name,
        clientId,
        billable,
      ]),
      amount,
    );
  const acme = await client('Acme', '60.00');
  const inhouse = await client('Inhouse', null);
  const projects = {
    web: await project('Web', acme, '85.00'),
    support: await project('Support', acme, null),
    internal: await project('Internal', inhouse, null),
    cheap: await project('Cheap', inhouse, '0.10'),
    proBono: await project('ProBono', acme, '50.00', false),
  };
  return {
    db,
    app,
    admin,
    alice: users[0]!,
    bob: users[1]!,
    projects,
    clients: { acme, inhouse },
    sql,
    entry: async (who, projectId, start, seconds, extra = {}) => {
      const entryId = await id(
        `INSERT INTO time_entries (user_id, project_id, task_id, start_time, end_time, duration_seconds, notes, billable, source)
         VALUES ($1, $2, $3, $4::timestamptz, CASE WHEN $5::int IS NULL THEN NULL ELSE $4::timestamptz + make_interval(secs => $5::int) END,
                 $5::int, $6, $7, 'manual') RETURNING id`,
        [
          who.user.id,
          projectId,
          extra.taskId ?? null,
          start,
          seconds,
          extra.notes ?? null,
          extra.billable ?? true,
        ],
      );
      // Tags given comma-separated, as the original column held them: tags made when new, linked in order.
      const names = (extra.tags ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      if (names.length) {
        await sql(
          `INSERT INTO tags (name) SELECT unnest($1::text[]) ON CONFLICT ((lower(name))) DO NOTHING`,
          [names],
        );
        await sql(
          `INSERT INTO time_entry_tags (time_entry_id, tag_id, position)
           SELECT $1, t.id, (min(u.ord) - 1)::int FROM unnest($2::text[]) WITH ORDINALITY u(name, ord)
             JOIN tags t ON lower(t.name) = lower(u.name) GROUP BY t.id`,
          [entryId, names],
        );
      }
      return entryId;
    },
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
