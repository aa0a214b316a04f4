import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiApp } from '../src/app';
import { ADMIN, signIn, signInNewUser, sqlOn, startApi, type Session } from './support';

// The timer is the API's busiest write (bench/api compares it with a bare server sending the
// same statements): a start or stop with nothing extra to do must not grow a round trip. Every
// statement the process sends through node-postgres (Prisma's adapter and DirectDatabase alike)
// is counted while one request runs.

let db: TestDatabase;
let app: ApiApp;
let alice: Session;
let projectId: number;
const sql = sqlOn(() => db.url);

/** The statements sent while `request` runs (the app is in this process, so is its pg). */
async function statementsOf(request: () => PromiseLike<unknown>): Promise<string[]> {
  const sent: string[] = [];
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text?: string };
    sent.push((typeof config === 'string' ? config : (config.text ?? '')).replace(/\s+/g, ' ').trim());
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    await request();
  } finally {
    pg.Client.prototype.query = query;
  }
  return sent;
}

let token: string;
/** With alice's API token, as bench/api sends them (a cookie session is looked up in two). */
const post = (url: string, body: object = {}) =>
  alice.agent.post(url).set('Authorization', `Bearer ${token}`).send(body);

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  const admin = await signIn(app, ADMIN);
  alice = await signInNewUser(app, admin, { username: 'alice', password: 'blue-orchid-2718' });
  token = (
    await alice.agent
      .post('/api/v1/tokens')
      .set('X-CSRF-Token', alice.csrf)
      .send({ name: 'bench' })
      .expect(201)
  ).body.token as string;
  projectId = (await sql<{ id: number }>(`SELECT id FROM projects WHERE name = 'General'`))[0]!.id;
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('statements per timer request', () => {
  // The approval and lockdown check (time/locks.ts, docs/approvals.md) rides on the state read:
  // settings.locked_before and the user's submitted or approved weeks from the new start (or the
  // running timer's start) on are columns of that one statement, so locks cost no round trip.
  it('a start without tags: token, activity, project, lock, state, insert, commit', async () => {
    // A first start and stop warm the connection pool and any lazy reads.
    await post('/api/v1/timer/start', { projectId }).expect(201);
    await post('/api/v1/timer/stop').expect(200);
    const sent = await statementsOf(() => post('/api/v1/timer/start', { projectId }).expect(201));
    expect(sent, sent.join('\n')).toHaveLength(7);
    const state = sent.filter((s) => /week_approvals/.test(s));
    expect(state).toHaveLength(1);
    expect(state[0]).toMatch(/running_timers/);
    // No tags asked for: no tag lookup (TagsService.resolve) and no tag links written.
    expect(sent.filter((s) => /unnest|INSERT INTO time_entry_tags/.test(s))).toEqual([]);
  });

  it('a stop: token, activity, lock, state, update, commit', async () => {
    // The tests run in any order: this one starts its own timer (a running one is stopped).
    await post('/api/v1/timer/start', { projectId }).expect(201);
    const sent = await statementsOf(() => post('/api/v1/timer/stop').expect(200));
    expect(sent, sent.join('\n')).toHaveLength(6);
    expect(sent.filter((s) => /week_approvals/.test(s))).toHaveLength(1);
  });
});
