import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiApp } from '../src/app';
import { catalogActors } from './catalog-support';
import { sql, startApi } from './support';

let db: TestDatabase;
let app: ApiApp;
let actors: Awaited<ReturnType<typeof catalogActors>>;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  actors = await catalogActors(app);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

const post = (url: string, body: unknown) =>
  actors.admin.agent
    .post(url)
    .set('X-CSRF-Token', actors.admin.csrf)
    .send(body as object);

async function webhook(
  events: string[] = ['entry.created', 'timer.started', 'timer.stopped', 'entry.deleted'],
) {
  const res = await post('/api/v1/webhooks', { url: 'https://hooks.example.test/tt', events }).expect(201);
  return res.body as { id: number; secret: string };
}

describe('webhooks API', () => {
  it('shows the secret once and never again', async () => {
    const created = await webhook();
    expect(created.secret).toMatch(/^whsec_/);
    const one = await actors.admin.agent.get(`/api/v1/webhooks/${created.id}`).expect(200);
    const list = await actors.admin.agent.get('/api/v1/webhooks').expect(200);
    for (const body of [one.body, list.body]) expect(JSON.stringify(body)).not.toContain(created.secret);
    expect(one.body).toMatchObject({ enabled: true, failingSince: null, disabledAt: null });
  });

  it('refuses URLs that are not http(s) or name the machine or a private network (400)', async () => {
    for (const url of [
      'ftp://hooks.example.test/x',
      'http://127.0.0.1:8080/x',
      'http://localhost/x',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/x',
      'http://10.0.0.5/x',
      'https://user:pass@hooks.example.test/x',
    ]) {
      const res = await post('/api/v1/webhooks', { url, events: ['entry.created'] });
      expect(res.status, url).toBe(400);
      expect(res.body.code, url).toBe('VALIDATION');
    }
    expect((await post('/api/v1/webhooks', { url: 'https://x.test', events: ['no.such'] })).status).toBe(400);
    expect((await post('/api/v1/webhooks', { url: 'https://x.test', events: [] })).status).toBe(400);
  });

  it('queues an event for each entry and timer change made through the API, in their transactions', async () => {
    const hook = await webhook();
    const [project] = await sql<{ id: number }>(db.url, `SELECT id FROM projects WHERE name = 'General'`);
    const projectId = project!.id;
    const entry = await post('/api/v1/time-entries', {
      projectId,
      startTime: '2026-02-02T09:00:00Z',
      endTime: '2026-02-02T10:00:00Z',
    }).expect(201);
    await post('/api/v1/timer/start', { projectId }).expect(201);
    await post('/api/v1/timer/stop', {}).expect(200);
    await actors.admin.agent
      .delete(`/api/v1/time-entries/${entry.body.id}`)
      .set('X-CSRF-Token', actors.admin.csrf)
      .expect(204);
    const rows = await sql<{ type: string; entity_id: number }>(
      db.url,
      `SELECT e.type, e.entity_id FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
        WHERE d.subscription_id = $1 ORDER BY d.id`,
      [hook.id],
    );
    expect(rows.map((r) => r.type)).toEqual([
      'entry.created',
      'timer.started',
      'timer.stopped',
      'entry.deleted',
    ]);
    expect(rows[0]!.entity_id).toBe(entry.body.id);
  });

  it('lists deliveries, sends a test, and answers 404 for another webhook’s delivery', async () => {
    const a = await webhook();
    const b = await webhook();
    const test = await post(`/api/v1/webhooks/${a.id}/test`, {}).expect(202);
    expect(test.body).toMatchObject({ eventType: 'webhook.test', status: 'pending', attempts: 0 });
    const log = await actors.admin.agent.get(`/api/v1/webhooks/${a.id}/deliveries`).expect(200);
    expect(log.body).toMatchObject({ total: 1, items: [{ id: test.body.id }] });
    await post(`/api/v1/webhooks/${b.id}/deliveries/${test.body.id}/redeliver`, {}).expect(404);
    await actors.admin.agent.get('/api/v1/webhooks/2147483647').expect(404);
    // Deleted with its log.
    await actors.admin.agent
      .delete(`/api/v1/webhooks/${a.id}`)
      .set('X-CSRF-Token', actors.admin.csrf)
      .expect(204);
    await actors.admin.agent.get(`/api/v1/webhooks/${a.id}/deliveries`).expect(404);
  });

  it('is for admins only', async () => {
    await actors.member.agent.get('/api/v1/webhooks').expect(403);
    await actors.http().get('/api/v1/webhooks').expect(401);
  });
});
