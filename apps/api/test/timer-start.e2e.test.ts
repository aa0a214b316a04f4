import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  TimeEntriesRepository,
  TimeEntriesService,
  TimeEntryListRepository,
  type Principal,
  TagsRepository,
  TagsService,
} from '@timetracker/core';
import { createPrismaClient } from '@timetracker/db';
import { ADMIN, signIn, startApi, sqlOn } from './support';
import type { ApiApp } from '../src/app';

// A timer started now or back-dated (`startTime`), by favourite or by continuing an entry, under
// the overlap policy (issue #17 §7): the user's finished entries count; the running timer that
// single_active_timer stops at the new start does not.

let db: TestDatabase;
let app: ApiApp;
let alice: Awaited<ReturnType<typeof signIn>>;
let projectId: number;

const sql = sqlOn(() => db.url);

type Who = typeof alice;
const post = (who: Who, url: string, body: object = {}) =>
  who.agent.post(url).set('X-CSRF-Token', who.csrf).send(body);
const policy = (p: string) => sql(`UPDATE settings SET overlap_policy = $1`, [p]);
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const start = (body: object = {}) => post(alice, '/api/v1/timer/start', { projectId, ...body });
const manual = (from: string, to: string) =>
  post(alice, '/api/v1/time-entries', { projectId, startTime: from, endTime: to });
const entries = () =>
  sql<{ id: number; start_time: Date; end_time: Date | null }>(
    `SELECT id, start_time, end_time FROM time_entries ORDER BY id`,
  );

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  const admin = await signIn(app, ADMIN);
  await post(admin, '/api/v1/users', { username: 'alice', password: 'blue-orchid-2718' }).expect(201);
  alice = await signIn(app, { username: 'alice', password: 'blue-orchid-2718' });
  projectId = (await sql<{ id: number }>(`SELECT id FROM projects WHERE name = 'General'`))[0]!.id;
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});
beforeEach(async () => {
  await sql(
    `UPDATE settings SET single_active_timer = true, timezone = 'Europe/Rome', overlap_policy = 'warn',
            max_entry_duration_seconds = 86400`,
  );
  await sql(`DELETE FROM time_entries`);
  await sql(`DELETE FROM favourites`);
});

describe('a back-dated timer start', () => {
  it('starts at the given time', async () => {
    const at = ago(30);
    const res = await start({ startTime: at }).expect(201);
    expect(res.body).toMatchObject({ running: true, startTime: at });
    expect(res.body.warnings).toBeUndefined();
  });

  it('warn: starts, and the response names the finished entry it overlaps', async () => {
    const done = await manual(ago(120), ago(60)).expect(201);
    const res = await start({ startTime: ago(90) }).expect(201);
    expect(res.body.running).toBe(true);
    expect(res.body.warnings).toEqual([
      {
        code: 'OVERLAP',
        entryId: done.body.id,
        // Structured, so that the dashboard words it in the viewer's language and zone.
        projectName: 'General',
        startTime: done.body.startTime,
        endTime: done.body.endTime,
        detail: expect.stringMatching(new RegExp(`^Overlaps entry #${done.body.id} \\(General, `)),
      },
    ]);
    // Starting where it ended touches it, no more.
    expect((await start({ startTime: ago(60) }).expect(201)).body.warnings).toBeUndefined();
  });

  it('refuse: 409 naming the finished entry; the running timer keeps running', async () => {
    const running = await start({ startTime: ago(130) }).expect(201);
    const done = await manual(ago(120), ago(60)).expect(201);
    await policy('refuse');
    const res = await start({ startTime: ago(90) }).expect(409);
    expect(res.body.detail).toMatch(new RegExp(`^The entry overlaps entry #${done.body.id} \\(General, `));
    expect((await entries()).map((e) => [e.id, e.end_time])).toEqual([
      [running.body.id, null],
      [done.body.id, expect.any(Date)],
    ]);
  });

  it('stops the running timer at its start: not an overlap, even when refused', async () => {
    await policy('refuse');
    const running = await start({ startTime: ago(50) }).expect(201);
    const at = ago(20);
    const next = await start({ startTime: at }).expect(201);
    expect(next.body.warnings).toBeUndefined();
    const stopped = (await entries()).find((e) => e.id === running.body.id)!;
    expect(stopped.end_time?.toISOString()).toBe(at);
  });

  it('is a 409 before the start of the running timer it would stop', async () => {
    const running = await start({ startTime: ago(10) }).expect(201);
    const res = await start({ startTime: ago(20) }).expect(409);
    expect(res.body.detail).toContain(`entry #${running.body.id}`);
    expect((await entries()).map((e) => e.end_time)).toEqual([null]);
  });

  it('400: in the future, beyond the longest entry, naive', async () => {
    const future = new Date(Date.now() + 10 * 60_000).toISOString();
    const res = await start({ startTime: future }).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'startTime' })]);
    await sql(`UPDATE settings SET max_entry_duration_seconds = 3600`);
    const long = await start({ startTime: ago(61) }).expect(400);
    expect(long.body.errors).toEqual([expect.objectContaining({ path: 'startTime' })]);
    await start({ startTime: '2026-12-01T09:00:00' }).expect(400);
    expect(await entries()).toEqual([]);
  });
});

describe('a timer started now', () => {
  it('stopping the running timer at the same instant is no overlap (warn and refuse)', async () => {
    for (const p of ['warn', 'refuse']) {
      await policy(p);
      await start().expect(201);
      const res = await start().expect(201);
      expect(res.body.warnings).toBeUndefined();
    }
  });

  it('by favourite or by continuing: warned about, or refused, inside an entry that ends later', async () => {
    // A manual entry may end later today; a timer started now lies inside it.
    const later = await manual(ago(30), new Date(Date.now() + 60 * 60_000).toISOString()).expect(201);
    const favourite = await post(alice, '/api/v1/favourites', { projectId }).expect(201);
    const fromFavourite = await post(alice, `/api/v1/favourites/${favourite.body.id}/start`).expect(201);
    expect(fromFavourite.body.warnings?.map((w: { entryId: number }) => w.entryId)).toEqual([later.body.id]);
    const continued = await post(alice, `/api/v1/time-entries/${later.body.id}/continue`).expect(201);
    expect(continued.body.warnings?.map((w: { entryId: number }) => w.entryId)).toEqual([later.body.id]);

    await policy('refuse');
    const refused = await post(alice, `/api/v1/favourites/${favourite.body.id}/start`).expect(409);
    expect(refused.body.detail).toContain(`entry #${later.body.id} (General,`);
    await post(alice, `/api/v1/time-entries/${later.body.id}/continue`).expect(409);
    await start().expect(409);
    // Nothing was stopped by the refused starts: the one running is the continued one.
    const running = (await entries()).filter((e) => e.end_time === null).map((e) => e.id);
    expect(running).toEqual([continued.body.id]);
  });

  it('allow: nothing is said', async () => {
    await policy('allow');
    await manual(ago(30), new Date(Date.now() + 60 * 60_000).toISOString()).expect(201);
    const res = await start().expect(201);
    expect(res.body.warnings).toBeUndefined();
  });
});

it('refuse holds under concurrency: back-dated starts and creates of one slot never overlap', async () => {
  await policy('refuse');
  const prisma = createPrismaClient(db.url);
  try {
    const service = new TimeEntriesService(
      new TimeEntriesRepository(prisma),
      new TimeEntryListRepository(prisma),
      new TagsService(new TagsRepository(prisma)),
    );
    const [row] = await sql<{ id: number }>(`SELECT id FROM users WHERE username = 'alice'`);
    const actor: Principal = { userId: row!.id, username: 'alice', role: 'user', via: 'token' };
    const now = new Date('2026-12-01T08:45:00Z');
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        i % 2
          ? service.startTimer(actor, { projectId, startTime: '2026-12-01T08:30:00Z' }, now)
          : service.create(actor, {
              projectId,
              startTime: '2026-12-01T08:00:00Z',
              endTime: '2026-12-01T09:00:00Z',
            }),
      ),
    );
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
  } finally {
    await prisma.$disconnect();
  }
  // Every pair of alice's entries, a running one reaching to infinity: none overlaps another.
  const clashes = await sql(`
    SELECT a.id, b.id FROM time_entries a JOIN time_entries b ON a.id < b.id
     WHERE a.start_time < COALESCE(b.end_time, 'infinity') AND COALESCE(a.end_time, 'infinity') > b.start_time`);
  expect(clashes).toEqual([]);
  expect((await entries()).length).toBeGreaterThan(0);
});
