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
  const client = (name: string, rate: string | null) =>
    id(`INSERT INTO clients (name, default_hourly_rate) VALUES ($1, $2) RETURNING id`, [name, rate]);
  const project = (name: string, clientId: number, rate: string | null, billable = true) =>
    id(`INSERT INTO projects (name, client_id, hourly_rate, billable) VALUES ($1, $2, $3, $4) RETURNING id`, [
      name,
      clientId,
      rate,
      billable,
    ]);
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
    entry: (who, projectId, start, seconds, extra = {}) =>
      id(
        `INSERT INTO time_entries (user_id, project_id, task_id, start_time, end_time, duration_seconds, notes, tags, billable, source)
         VALUES ($1, $2, $3, $4::timestamptz, CASE WHEN $5::int IS NULL THEN NULL ELSE $4::timestamptz + make_interval(secs => $5::int) END,
                 $5::int, $6, $7, $8, 'manual') RETURNING id`,
        [
          who.user.id,
          projectId,
          extra.taskId ?? null,
          start,
          seconds,
          extra.notes ?? null,
          extra.tags ?? null,
          extra.billable ?? true,
        ],
      ),
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
