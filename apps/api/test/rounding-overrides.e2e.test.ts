import { IdleTimersRepository, IdleTimersService } from '@timetracker/core';
import { createPrismaClient } from '@timetracker/db';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reportWorld, type ReportWorld, type Session } from './report-fixtures';

/**
 * Rounding per client and per project (issue #18 §2): the project's rule, else its client's,
 * else the settings', applied wherever an entry's billed duration is computed, and stored with
 * the entry so that a later rule change never rewrites it.
 */
let w: ReportWorld;
let n = 0;

const send = (who: Session, method: 'post' | 'patch', url: string, body: object) =>
  who.agent[method](url).set('X-CSRF-Token', who.csrf).send(body);

/** A client rounding up to 15 min, one project using it and one rounding down to 30 min. */
async function catalog() {
  n += 1;
  const client = (
    await send(w.admin, 'post', '/api/v1/clients', {
      name: `Round C${n}`,
      roundingMinutes: 15,
      roundingMode: 'up',
    }).expect(201)
  ).body;
  expect(client).toMatchObject({ roundingMinutes: 15, roundingMode: 'up' });
  const byClient = (
    await send(w.admin, 'post', '/api/v1/projects', { name: `Round A${n}`, clientId: client.id }).expect(201)
  ).body;
  const own = (
    await send(w.admin, 'post', '/api/v1/projects', {
      name: `Round B${n}`,
      clientId: client.id,
      roundingMinutes: 30,
      roundingMode: 'down',
    }).expect(201)
  ).body;
  return { client: client.id as number, byClient: byClient.id as number, own: own.id as number };
}

const entry = (projectId: number, start: string, minutes: number) =>
  send(w.alice, 'post', '/api/v1/time-entries', {
    projectId,
    startTime: start,
    endTime: new Date(Date.parse(start) + minutes * 60_000).toISOString(),
  }).expect(201);

const stored = async (id: number) =>
  (await w.sql<{ d: number }>(`SELECT duration_seconds AS d FROM time_entries WHERE id = $1`, [id]))[0]!.d;

beforeAll(async () => {
  w = await reportWorld();
});
afterAll(async () => {
  await w?.close();
});
beforeEach(async () => {
  // The global rule: none (1 minute).
  await w.sql(
    `UPDATE settings SET rounding_minutes = 1, rounding_mode = 'nearest', idle_timeout_minutes = 30`,
  );
});

describe('the most specific rounding rule', () => {
  it('creates with the project’s rule, else the client’s, else the settings’; a rule change keeps history', async () => {
    const { client, byClient, own } = await catalog();
    const a = (await entry(byClient, '2026-02-02T09:00:00Z', 40)).body;
    const b = (await entry(own, '2026-02-02T11:00:00Z', 40)).body;
    const c = (await entry(w.projects.internal, '2026-02-02T13:00:00Z', 40)).body;
    expect([a.durationSeconds, b.durationSeconds, c.durationSeconds]).toEqual([45 * 60, 30 * 60, 40 * 60]);

    await send(w.admin, 'patch', `/api/v1/clients/${client}`, {
      roundingMinutes: null,
      roundingMode: null,
    }).expect(200);
    await send(w.admin, 'patch', `/api/v1/projects/${own}`, {
      roundingMinutes: 60,
      roundingMode: 'up',
    }).expect(200);
    expect([await stored(a.id), await stored(b.id)]).toEqual([45 * 60, 30 * 60]);
    // New entries follow the new rules.
    expect((await entry(byClient, '2026-02-03T09:00:00Z', 40)).body.durationSeconds).toBe(40 * 60);
    expect((await entry(own, '2026-02-03T11:00:00Z', 40)).body.durationSeconds).toBe(60 * 60);
  });

  it('re-rounds an edit and a move to another project; bulk entries too', async () => {
    const { byClient, own } = await catalog();
    const a = (await entry(byClient, '2026-02-09T09:00:00Z', 20)).body;
    expect(a.durationSeconds).toBe(30 * 60);
    const moved = await send(w.alice, 'patch', `/api/v1/time-entries/${a.id}`, { projectId: own }).expect(
      200,
    );
    expect(moved.body.durationSeconds).toBe(0); // 20 min down to 30 min steps
    const edited = await send(w.alice, 'patch', `/api/v1/time-entries/${a.id}`, {
      endTime: '2026-02-09T10:05:00Z',
    }).expect(200);
    expect(edited.body.durationSeconds).toBe(60 * 60);
    const bulk = await send(w.alice, 'post', '/api/v1/time-entries/bulk', {
      projectId: byClient,
      from: '2026-02-10',
      to: '2026-02-10',
      startTime: '09:00',
      endTime: '09:10',
    }).expect(201);
    expect(bulk.body.items.map((e: { durationSeconds: number }) => e.durationSeconds)).toEqual([15 * 60]);
  });

  it('rounds a stopped timer and one the idle sweep stops', async () => {
    const { byClient, own } = await catalog();
    const started = await send(w.bob, 'post', '/api/v1/timer/start', { projectId: byClient }).expect(201);
    await w.sql(`UPDATE time_entries SET start_time = now() - interval '7 minutes' WHERE id = $1`, [
      started.body.id,
    ]);
    const stopped = await send(w.bob, 'post', '/api/v1/timer/stop', {}).expect(200);
    expect(stopped.body.durationSeconds).toBe(15 * 60);

    const idle = await send(w.bob, 'post', '/api/v1/timer/start', { projectId: own }).expect(201);
    await w.sql(`UPDATE time_entries SET start_time = now() - interval '3 hours' WHERE id = $1`, [
      idle.body.id,
    ]);
    // Active for 100 minutes after the start, then idle: 1 h 40 min, down to 30-minute steps.
    await w.sql(`UPDATE users SET last_activity_at = now() - interval '80 minutes' WHERE id = $1`, [
      w.bob.user.id,
    ]);
    const prisma = createPrismaClient(w.db.url);
    try {
      await new IdleTimersService(new IdleTimersRepository(prisma)).stopIdleTimers(new Date());
    } finally {
      await prisma.$disconnect();
    }
    expect(await stored(idle.body.id)).toBe(90 * 60);
  });

  it('refuses minutes without a mode (400)', async () => {
    await send(w.admin, 'post', '/api/v1/projects', { name: 'Half rule', roundingMinutes: 15 }).expect(400);
    await send(w.admin, 'post', '/api/v1/clients', {
      name: 'Bad step',
      roundingMinutes: 7,
      roundingMode: 'up',
    }).expect(400);
  });
});
