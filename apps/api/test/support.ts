import { loadApiConfig } from '@timetracker/core';
import { TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME } from '@timetracker/startup/testing';
import { Client } from 'pg';
import request from 'supertest';
import { createApp, type ApiApp } from '../src/app';

export const ADMIN = { username: TEST_ADMIN_USERNAME, password: TEST_ADMIN_PASSWORD };

export async function startApi(databaseUrl: string, env: Record<string, string> = {}): Promise<ApiApp> {
  const app = await createApp(
    loadApiConfig(
      {
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        // Every shaped answer is also checked against zod (ShapedJson): the suite proves that
        // the JSON writers and the schemas agree on every answer it sees.
        NODE_ENV: 'test',
        ...env,
      },
      '/nonexistent',
    ),
  );
  await app.init();
  return app;
}

/** A signed-in browser: a cookie jar plus the CSRF token the dashboard would echo on writes. */
export async function signIn(app: ApiApp, creds: { username: string; password: string }) {
  const agent = request.agent(app.getHttpServer());
  const res = await agent.post('/api/v1/auth/login').send(creds).expect(200);
  return {
    agent,
    csrf: res.body.csrfToken as string,
    user: res.body.user as { id: number; username: string },
  };
}

export type Session = Awaited<ReturnType<typeof signIn>>;

/** Runs one statement on the test database, as a separate connection (like psql would). */
export async function sql<T = Record<string, unknown>>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/**
 * sql() on a database made later (in beforeAll): `const sql = sqlOn(() => db.url)` at the top of
 * a test file, then `sql('SELECT …', [params])`.
 */
export function sqlOn(url: () => string) {
  return <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> =>
    sql<T>(url(), text, params);
}

/** A new account made by an admin through the API (201 expected); its id and credentials. */
export async function createUser(
  admin: Session,
  creds: { username: string; password?: string; role?: 'admin' | 'manager' | 'accountant' | 'user' },
): Promise<{ id: number; username: string; password: string | undefined }> {
  const res = await admin.agent.post('/api/v1/users').set('X-CSRF-Token', admin.csrf).send(creds).expect(201);
  return { id: res.body.id as number, username: creds.username, password: creds.password };
}

/** A new plain account made by an admin, signed in (a browser of its own). */
export async function signInNewUser(
  app: ApiApp,
  admin: Session,
  creds: { username: string; password: string; role?: 'admin' | 'manager' | 'accountant' | 'user' },
): Promise<Session> {
  await createUser(admin, creds);
  return signIn(app, { username: creds.username, password: creds.password });
}

/** A node of `EXPLAIN (ANALYZE, FORMAT JSON)`'s plan, as the plan tests read it. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Subplan Name'?: string;
  'Parent Relationship'?: string;
  Plans?: PlanNode[];
}

/** The node and every node under it. */
export const planNodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(planNodes)];
