import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, signIn, sql, startApi } from './support';
import type { ApiApp } from '../src/app';

// A real streaming replica is out of reach in a test; a second database standing in for it
// shows which reads go where: it holds different entries than the primary.
let primary: TestDatabase;
let replica: TestDatabase;
let app: ApiApp;

/** One finished hour for the admin (id 1 in both, seeded alike) on the General project. */
async function addHour(url: string, start: string, notes: string) {
  await sql(
    url,
    `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, notes, source)
     SELECT u.id, p.id, $1::timestamptz, $1::timestamptz + interval '1 hour', 3600, $2, 'manual'
       FROM users u, projects p WHERE u.username = $3 AND p.name = 'General'`,
    [start, notes, ADMIN.username],
  );
}

beforeAll(async () => {
  [primary, replica] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  app = await startApi(primary.url, { DATABASE_REPLICA_URL: replica.url });
});
afterAll(async () => {
  await app?.close();
  await Promise.all([primary?.drop(), replica?.drop()]);
});

describe('DATABASE_REPLICA_URL', () => {
  it('sends reports and exports to the replica, and everything else (dashboard too) to the primary', async () => {
    const admin = await signIn(app, ADMIN); // sessions live on the primary
    await addHour(primary.url, '2025-05-05T09:00:00Z', 'on the primary');
    await addHour(replica.url, '2025-05-05T09:00:00Z', 'on the replica');
    await addHour(replica.url, '2025-05-06T09:00:00Z', 'on the replica too');

    const summary = await admin.agent.get('/api/v1/reports/summary').expect(200);
    expect(summary.body.totals).toMatchObject({ seconds: 7200, entries: 2 });
    const csv = await admin.agent.get('/api/v1/exports/time-entries.csv?columns=notes').expect(200);
    expect(csv.text.split('\r\n').slice(1, -1)).toEqual(['on the replica', 'on the replica too']);

    const list = await admin.agent.get('/api/v1/time-entries').expect(200);
    expect(list.body.items.map((e: { notes: string }) => e.notes)).toEqual(['on the primary']);
    // A timer just started shows on the dashboard at once, whatever the replica's lag.
    const [general] = await sql<{ id: number }>(
      primary.url,
      `SELECT id FROM projects WHERE name = 'General'`,
    );
    await admin.agent
      .post('/api/v1/timer/start')
      .set('X-CSRF-Token', admin.csrf)
      .send({ projectId: general!.id })
      .expect(201);
    const dashboard = await admin.agent.get('/api/v1/reports/dashboard').expect(200);
    expect(dashboard.body.running).not.toBeNull();
  });
});
