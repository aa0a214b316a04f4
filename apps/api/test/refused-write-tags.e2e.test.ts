import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiApp } from '../src/app';
import { ADMIN, signIn, signInNewUser, sqlOn, startApi, type Session } from './support';

// A tag named on a write and made for it is not left behind when the write is refused (a lock,
// an overlap): timer starts and bulk entries, as entry and favourite saves (TagsService.withTags).

let db: TestDatabase;
let app: ApiApp;
let admin: Session;
let alice: Session;
let projectId: number;
const sql = sqlOn(() => db.url);

const post = (who: Session, url: string, body: object) =>
  who.agent.post(url).set('X-CSRF-Token', who.csrf).send(body);
const tagNamed = (name: string) => sql(`SELECT id FROM tags WHERE name = $1`, [name]);

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  admin = await signIn(app, ADMIN);
  alice = await signInNewUser(app, admin, { username: 'alice', password: 'blue-orchid-2718' });
  projectId = (await sql<{ id: number }>(`SELECT id FROM projects WHERE name = 'General'`))[0]!.id;
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});
beforeEach(async () => {
  await sql(`UPDATE settings SET timezone = 'UTC', overlap_policy = 'allow', locked_before = NULL`);
  await sql(`DELETE FROM time_entries`);
});

describe('refused writes leave no new tag', () => {
  it('a timer start in locked time (TIME_LOCKED)', async () => {
    // Everything before the day after tomorrow is locked: a timer starting now too.
    await sql(`UPDATE settings SET locked_before = CURRENT_DATE + 2`);
    const res = await post(alice, '/api/v1/timer/start', { projectId, tags: ['stray-timer-lock'] }).expect(
      409,
    );
    expect(res.body.code).toBe('TIME_LOCKED');
    expect(await tagNamed('stray-timer-lock')).toEqual([]);
    // Unlocked, the start goes through and makes the tag, in the same request.
    await sql(`UPDATE settings SET locked_before = NULL`);
    await post(alice, '/api/v1/timer/start', { projectId, tags: ['stray-timer-lock'] }).expect(201);
    expect(await tagNamed('stray-timer-lock')).toHaveLength(1);
  });

  it('a back-dated timer start refused for overlapping a finished entry', async () => {
    await sql(`UPDATE settings SET overlap_policy = 'refuse'`);
    const now = Date.now();
    await post(alice, '/api/v1/time-entries', {
      projectId,
      startTime: new Date(now - 3 * 3600_000).toISOString(),
      endTime: new Date(now - 3600_000).toISOString(),
    }).expect(201);
    await post(alice, '/api/v1/timer/start', {
      projectId,
      startTime: new Date(now - 2 * 3600_000).toISOString(),
      tags: ['stray-timer-overlap'],
    }).expect(409);
    expect(await tagNamed('stray-timer-overlap')).toEqual([]);
    expect(await sql(`SELECT id FROM time_entries WHERE end_time IS NULL`)).toEqual([]);
  });

  it('bulk entries refused in locked time', async () => {
    await sql(`UPDATE settings SET locked_before = '2026-01-01'`);
    const res = await post(alice, '/api/v1/time-entries/bulk', {
      projectId,
      from: '2025-12-29',
      to: '2026-01-02',
      startTime: '09:00',
      endTime: '10:00',
      skipWeekends: true,
      tags: ['stray-bulk'],
    }).expect(409);
    expect(res.body.code).toBe('TIME_LOCKED');
    expect(await tagNamed('stray-bulk')).toEqual([]);
  });

  it('a timesheet cell takes no tags at all (its entries carry none)', async () => {
    await alice.agent
      .put('/api/v1/timesheet/cells')
      .set('X-CSRF-Token', alice.csrf)
      .send({ date: '2026-03-02', projectId, seconds: 600, tags: ['stray-cell'] })
      .expect(400);
    expect(await tagNamed('stray-cell')).toEqual([]);
  });
});
