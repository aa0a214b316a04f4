import { USAGE_SETTING_CACHE_MS } from '@timetracker/core';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type Session, signIn, signInNewUser, sqlOn, startApi } from './support';
import type { ApiApp } from '../src/app';

let db: TestDatabase;
let app: ApiApp;
let admin: Session;
const http = () => request(app.getHttpServer());
const today = () => new Date().toISOString().slice(0, 10);

const sql = sqlOn(() => db.url);

/** Today's counts per group, as the admin endpoint reports them (it flushes this replica first). */
async function counts(): Promise<Record<string, number>> {
  const res = await admin.agent.get('/api/v1/admin/usage').expect(200);
  const rows = res.body.items as { day: string; routeGroup: string; count: number }[];
  return Object.fromEntries(rows.filter((r) => r.day === today()).map((r) => [r.routeGroup, r.count]));
}

const setAnalytics = (on: boolean) =>
  admin.agent
    .patch('/api/v1/settings')
    .set('X-CSRF-Token', admin.csrf)
    .send({ allowAnalytics: on })
    .expect(200);

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  admin = await signIn(app, ADMIN);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('usage counts (allowAnalytics)', () => {
  it('counts requests per route group and UTC day when on, with nothing personal stored', async () => {
    await setAnalytics(true);
    const before = await counts();
    for (let i = 0; i < 3; i++) await admin.agent.get('/api/v1/settings').expect(200);
    await admin.agent.get('/api/v1/auth/me').expect(200);
    await http().get('/api/v1/health').expect(200);
    await http().get('/api/v1/no-such-thing').expect(404);
    // Refused for want of credentials: not use of the product.
    await http().get('/api/v1/settings').expect(401);

    const after = await counts();
    expect(after.settings).toBe((before.settings ?? 0) + 3);
    expect(after.auth).toBe((before.auth ?? 0) + 1);
    // Probes are not usage, and only real routes become groups.
    expect(after.health).toBeUndefined();
    expect(after['no-such-thing']).toBeUndefined();

    const columns = await sql<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'usage_counts' ORDER BY 1`,
    );
    expect(columns.map((c) => c.column_name)).toEqual(['count', 'day', 'route_group']);
    const stored = await sql<{ count: number }>(
      `SELECT count FROM usage_counts WHERE day = $1::date AND route_group = 'settings'`,
      [today()],
    );
    expect(stored).toEqual([{ count: after.settings }]);
  });

  it('records nothing while off, from the moment it is switched off', async () => {
    await setAnalytics(false);
    const before = await sql(`SELECT * FROM usage_counts ORDER BY day, route_group`);
    for (let i = 0; i < 3; i++) await admin.agent.get('/api/v1/settings').expect(200);
    const res = await admin.agent.get('/api/v1/admin/usage').expect(200);
    expect(res.body.enabled).toBe(false);
    expect(await sql(`SELECT * FROM usage_counts ORDER BY day, route_group`)).toEqual(before);
  });

  it('notices a change made elsewhere (another replica) within the cache time', async () => {
    await setAnalytics(false);
    await sql(`UPDATE settings SET allow_analytics = true`);
    // Requests go on being counted again once this process re-reads the setting: wait for that,
    // not for a fixed time (a busy machine may take longer than the cache time to get there).
    await expect
      .poll(
        async () => {
          const before = await counts();
          await admin.agent.get('/api/v1/settings').expect(200);
          return (await counts()).settings! - (before.settings ?? 0);
        },
        { timeout: USAGE_SETTING_CACHE_MS * 4, interval: 250 },
      )
      .toBe(1);
  });

  it('reports a range of days, oldest first, with totals', async () => {
    await sql(
      `INSERT INTO usage_counts (day, route_group, count) VALUES
         ('2026-01-01', 'projects', 5), ('2026-01-02', 'projects', 2), ('2026-01-02', 'tasks', 9),
         ('2026-02-01', 'tasks', 100)`,
    );
    const res = await admin.agent.get('/api/v1/admin/usage?from=2026-01-01&to=2026-01-31').expect(200);
    expect(res.body).toMatchObject({
      from: '2026-01-01',
      to: '2026-01-31',
      items: [
        { day: '2026-01-01', routeGroup: 'projects', count: 5 },
        { day: '2026-01-02', routeGroup: 'projects', count: 2 },
        { day: '2026-01-02', routeGroup: 'tasks', count: 9 },
      ],
      totals: [
        { routeGroup: 'tasks', count: 9 },
        { routeGroup: 'projects', count: 7 },
      ],
    });
  });

  it('refuses bad ranges, and is for admins only', async () => {
    const bad = await admin.agent.get('/api/v1/admin/usage?from=2026-02-01&to=2026-01-01').expect(400);
    expect(bad.body.code).toBe('VALIDATION');
    await admin.agent.get('/api/v1/admin/usage?from=2024-01-01&to=2026-01-01').expect(400);
    await admin.agent.get('/api/v1/admin/usage?from=yesterday').expect(400);
    await admin.agent.get('/api/v1/admin/usage?user=1').expect(400);
    await http().get('/api/v1/admin/usage').expect(401);
    const viewer = await signInNewUser(app, admin, { username: 'viewer', password: 'granite-peak-90' });
    await viewer.agent.get('/api/v1/admin/usage').expect(403);
  });
});
