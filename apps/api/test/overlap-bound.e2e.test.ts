import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { SYSTEM_ACTOR, TimeEntriesRepository } from '@timetracker/core';
import { createPrismaClient } from '@timetracker/db';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiApp } from '../src/app';
import { ADMIN, signIn, signInNewUser, sqlOn, startApi, type Session } from './support';

// The overlap check (a timer start's state, an entry write's overlapping()) reads only the user's
// entries that start at most GREATEST(a day, the user's longest finished entry) before the new
// start, kept by triggers in user_longest_entries (prisma/sql/007). It must find exactly what the
// unbounded read of every entry found, whatever lengths the entries have and however they change,
// and read about the same few buffers for a user with 10 entries as for one with 5,000.

let db: TestDatabase;
let app: ApiApp;
let admin: Session;
let projectId: number;
let prisma: ReturnType<typeof createPrismaClient>;
let repo: TimeEntriesRepository;
const sql = sqlOn(() => db.url);
/** One connection for the many small reads and writes of the exactness checks. */
let client: pg.Client;
const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await client.query(text, params)).rows as T[];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.now();

let userCount = 0;
async function newUser(): Promise<number> {
  userCount += 1;
  const [u] = await q<{ id: number }>(`INSERT INTO users (username, role) VALUES ($1, 'user') RETURNING id`, [
    `overlap-${userCount}-${Math.random().toString(36).slice(2, 8)}`,
  ]);
  return u!.id;
}

async function insertEntry(userId: number, start: number, end: number | null): Promise<number> {
  const [e] = await q<{ id: number }>(
    `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, source)
     VALUES ($1, $2, $3, $4, $5, 'manual') RETURNING id`,
    [
      userId,
      projectId,
      new Date(start),
      end === null ? null : new Date(end),
      end === null ? null : Math.round((end - start) / 1000),
    ],
  );
  return e!.id;
}

/** The unbounded reads, as they were before the bound: every entry of the user. */
async function truthOverlapping(userId: number, start: number, end: number | null): Promise<number[]> {
  const rows = await q<{ id: number }>(
    `SELECT id FROM time_entries
      WHERE user_id = $1 AND ($3::timestamptz IS NULL OR start_time < $3)
        AND (end_time IS NULL OR end_time > $2)
      ORDER BY start_time LIMIT 5`,
    [userId, new Date(start), end === null ? null : new Date(end)],
  );
  return rows.map((r) => r.id);
}
async function truthFinishedAfter(userId: number, start: number): Promise<number[]> {
  const rows = await q<{ id: number }>(
    `SELECT id FROM time_entries WHERE user_id = $1 AND end_time > $2 ORDER BY start_time, id`,
    [userId, new Date(start)],
  );
  return rows.map((r) => r.id);
}

const overlapping = async (userId: number, start: number, end: number | null) =>
  (await repo.overlapping(userId, new Date(start), end === null ? null : new Date(end))).map((o) => o.id);
const finishedAfter = async (userId: number, start: number) =>
  (await repo.withTimerLock(userId, SYSTEM_ACTOR, (s) => s.state(new Date(start)))).finishedAfter.map(
    (o) => o.id,
  );

/** Both reads agree with the unbounded ones at every probe. */
async function expectExact(userId: number, probes: [number, number | null][]): Promise<void> {
  for (const [start, end] of probes) {
    expect(await overlapping(userId, start, end), `overlapping ${start} ${end}`).toEqual(
      await truthOverlapping(userId, start, end),
    );
    expect(await finishedAfter(userId, start), `finishedAfter ${start}`).toEqual(
      await truthFinishedAfter(userId, start),
    );
  }
}

/** A deterministic pseudo-random sequence (the test stays reproducible under any seed). */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  admin = await signIn(app, ADMIN);
  projectId = (await sql<{ id: number }>(`SELECT id FROM projects WHERE name = 'General'`))[0]!.id;
  await sql(`UPDATE settings SET overlap_policy = 'warn', max_entry_duration_seconds = 2678400`);
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  prisma = createPrismaClient(db.url);
  repo = new TimeEntriesRepository(prisma);
});
afterAll(async () => {
  await client?.end();
  await prisma?.$disconnect();
  await app?.close();
  await db?.drop();
});

describe('the bounded overlap read is exact', () => {
  it('entries of very different lengths: the same rows as reading every entry', async () => {
    const next = random(20261205);
    const userId = await newUser();
    const starts: Date[] = [];
    const ends: Date[] = [];
    // Log-uniform lengths from a second to two years, starting anywhere in three years.
    for (let i = 0; i < 300; i++) {
      const length = 1000 * Math.exp(next() * Math.log(2 * 365 * 86_400));
      const start = NOW - next() * 3 * 365 * DAY;
      starts.push(new Date(start));
      ends.push(new Date(start + length));
    }
    await q(
      `INSERT INTO time_entries (user_id, project_id, start_time, end_time, source)
       SELECT $1, $2, s, e, 'manual' FROM unnest($3::timestamptz[], $4::timestamptz[]) AS u(s, e)`,
      [userId, projectId, starts, ends],
    );
    const lengths = starts.map((s, i) => ends[i]!.getTime() - s.getTime());
    await insertEntry(userId, NOW - 40 * DAY, null); // a timer running for weeks
    // Right at the day's edge, on both sides.
    await insertEntry(userId, NOW - 500 * DAY, NOW - 500 * DAY + DAY);
    await insertEntry(userId, NOW - 600 * DAY, NOW - 600 * DAY + DAY + 1000);
    const probes: [number, number | null][] = [];
    for (let i = 0; i < 60; i++) {
      const start = NOW - next() * 3.2 * 365 * DAY;
      probes.push([start, next() < 0.5 ? null : start + next() * 2 * DAY]);
    }
    probes.push([NOW - 500 * DAY + DAY - 1, null], [NOW - 600 * DAY + DAY + 999, null]);
    await expectExact(userId, probes);
    expect(Math.max(...lengths)).toBeGreaterThan(100 * DAY);
  }, 120_000);

  it('entries all shorter than a day: no bound row, the day alone bounds the read', async () => {
    const next = random(7);
    const userId = await newUser();
    const starts: Date[] = [];
    const ends: Date[] = [];
    for (let i = 0; i < 300; i++) {
      const length = 60_000 * Math.exp(next() * Math.log((DAY - 1000) / 60_000));
      const start = NOW - next() * 60 * DAY;
      starts.push(new Date(start));
      ends.push(new Date(start + length));
    }
    await q(
      `INSERT INTO time_entries (user_id, project_id, start_time, end_time, source)
       SELECT $1, $2, s, e, 'manual' FROM unnest($3::timestamptz[], $4::timestamptz[]) AS u(s, e)`,
      [userId, projectId, starts, ends],
    );
    expect(await q(`SELECT * FROM user_longest_entries WHERE user_id = $1`, [userId])).toEqual([]);
    const probes: [number, number | null][] = [];
    for (let i = 0; i < 60; i++) {
      const start = NOW - next() * 61 * DAY;
      probes.push([start, next() < 0.5 ? null : start + next() * DAY]);
    }
    await expectExact(userId, probes);
  }, 120_000);

  it('a user whose entries are all shorter than a day has no bound row and misses nothing', async () => {
    const userId = await newUser();
    const id = await insertEntry(userId, NOW - 10 * DAY, NOW - 10 * DAY + DAY - 1000);
    expect(await sql(`SELECT * FROM user_longest_entries WHERE user_id = $1`, [userId])).toEqual([]);
    expect(await finishedAfter(userId, NOW - 9 * DAY - 2000)).toEqual([id]);
    expect(await overlapping(userId, NOW - 9 * DAY - 2000, NOW - 9 * DAY)).toEqual([id]);
  });

  it('an entry made longer by an edit, shortened, moved to another user, or deleted', async () => {
    const userId = await newUser();
    const other = await newUser();
    const id = await insertEntry(userId, NOW - 30 * DAY, NOW - 30 * DAY + HOUR);
    for (let d = 29; d > 0; d--) await insertEntry(userId, NOW - d * DAY, NOW - d * DAY + HOUR);
    const inTheMiddle = NOW - 20 * DAY + 2 * HOUR;
    expect(await finishedAfter(userId, inTheMiddle)).not.toContain(id);

    // A stop or an edit of end_time (here as psql would; the API's edit below).
    await sql(`UPDATE time_entries SET end_time = start_time + interval '15 days' WHERE id = $1`, [id]);
    expect(await finishedAfter(userId, inTheMiddle)).toContain(id);
    expect(await overlapping(userId, inTheMiddle, inTheMiddle + HOUR)).toEqual([id]);
    // An edit of start_time alone that makes it longer.
    await sql(`UPDATE time_entries SET start_time = start_time - interval '5 days' WHERE id = $1`, [id]);
    await expectExact(userId, [
      [NOW - 34 * DAY, null],
      [NOW - 16 * DAY + 3 * HOUR, NOW - 16 * DAY + 4 * HOUR],
    ]);

    // Shortened and deleted: the bound stays (an upper bound), the reads stay exact.
    await sql(`UPDATE time_entries SET end_time = start_time + interval '1 hour' WHERE id = $1`, [id]);
    await expectExact(userId, [[inTheMiddle, null]]);
    const longest = async (u: number) =>
      (
        await sql<{ s: string }>(`SELECT longest_seconds AS s FROM user_longest_entries WHERE user_id = $1`, [
          u,
        ])
      )[0]?.s;
    expect(Number(await longest(userId))).toBe(20 * 86_400);

    // Moved to another user with its 20 days: that user's bound grows.
    await sql(`UPDATE time_entries SET end_time = start_time + interval '20 days' WHERE id = $1`, [id]);
    await sql(`UPDATE time_entries SET user_id = $2 WHERE id = $1`, [id, other]);
    expect(Number(await longest(other))).toBe(20 * 86_400);
    expect(await finishedAfter(other, inTheMiddle)).toEqual([id]);
    await expectExact(userId, [[inTheMiddle, null]]);

    await sql(`DELETE FROM time_entries WHERE id = $1`, [id]);
    await expectExact(other, [[inTheMiddle, null]]);
    await expectExact(userId, [[inTheMiddle, null]]);
  });

  it('through the API: an entry edited to last days warns a back-dated start inside it', async () => {
    const alice = await signInNewUser(app, admin, {
      username: `alice-${userCount++}`,
      password: 'blue-orchid-2718',
    });
    const post = (url: string, body: object) =>
      alice.agent.post(url).set('X-CSRF-Token', alice.csrf).send(body);
    const iso = (t: number) => new Date(t).toISOString();
    // Ten weeks of ordinary days before it, so that a day's range would not reach back.
    for (let d = 70; d > 10; d--)
      await post('/api/v1/time-entries', {
        projectId,
        startTime: iso(NOW - d * DAY),
        endTime: iso(NOW - d * DAY + HOUR),
      }).expect(201);
    const long = await post('/api/v1/time-entries', {
      projectId,
      startTime: iso(NOW - 9 * DAY),
      endTime: iso(NOW - 9 * DAY + HOUR),
    }).expect(201);
    await alice.agent
      .patch(`/api/v1/time-entries/${long.body.id}`)
      .set('X-CSRF-Token', alice.csrf)
      .send({ endTime: iso(NOW - 2 * DAY) })
      .expect(200);
    const started = await post('/api/v1/timer/start', { projectId, startTime: iso(NOW - 3 * DAY) }).expect(
      201,
    );
    expect(started.body.warnings).toEqual([
      expect.objectContaining({ code: 'OVERLAP', entryId: long.body.id }),
    ]);
    await post('/api/v1/timer/stop', {}).expect(200);

    await sql(`UPDATE settings SET overlap_policy = 'refuse'`);
    try {
      await post('/api/v1/timer/start', { projectId, startTime: iso(NOW - 4 * DAY) }).expect(409);
      await post('/api/v1/time-entries', {
        projectId,
        startTime: iso(NOW - 5 * DAY),
        endTime: iso(NOW - 5 * DAY + HOUR),
      }).expect(409);
    } finally {
      await sql(`UPDATE settings SET overlap_policy = 'warn'`);
    }
  });
});

describe('concurrent writes', () => {
  it('refuse: a long entry and a start inside it, sent together, never both pass', async () => {
    await sql(`UPDATE settings SET overlap_policy = 'refuse'`);
    try {
      for (let round = 0; round < 4; round++) {
        const bob = await signInNewUser(app, admin, {
          username: `bob-${round}-${userCount++}`,
          password: 'blue-orchid-2718',
        });
        const post = (url: string, body: object) =>
          bob.agent.post(url).set('X-CSRF-Token', bob.csrf).send(body);
        const [entry, start] = await Promise.all([
          post('/api/v1/time-entries', {
            projectId,
            startTime: new Date(NOW - 6 * DAY).toISOString(),
            endTime: new Date(NOW - DAY).toISOString(),
          }),
          post('/api/v1/timer/start', { projectId, startTime: new Date(NOW - 2 * DAY).toISOString() }),
        ]);
        expect([entry.status, start.status].sort()).toEqual([201, 409]);
      }
    } finally {
      await sql(`UPDATE settings SET overlap_policy = 'warn'`);
    }
  });

  it('two first long entries of a user written at once: the bound is the longer', async () => {
    for (const order of [
      [2, 5],
      [5, 2],
    ] as const) {
      const userId = await newUser();
      const a = new pg.Client({ connectionString: db.url });
      const b = new pg.Client({ connectionString: db.url });
      await a.connect();
      await b.connect();
      try {
        const insert = (c: pg.Client, days: number) =>
          c.query(
            `INSERT INTO time_entries (user_id, project_id, start_time, end_time, source)
             VALUES ($1, $2, now() - $3 * interval '1 day', now(), 'manual')`,
            [userId, projectId, days],
          );
        await a.query('BEGIN');
        await b.query('BEGIN');
        await insert(a, order[0]);
        // b's insert waits on a's row in user_longest_entries until a commits.
        const pid = (await b.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows[0]!.pid;
        const second = insert(b, order[1]);
        await expect
          .poll(
            async () =>
              (await sql(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'`, [pid]))
                .length,
          )
          .toBe(1);
        await a.query('COMMIT');
        await second;
        await b.query('COMMIT');
      } finally {
        await a.end();
        await b.end();
      }
      const [row] = await sql<{ s: string }>(
        `SELECT longest_seconds AS s FROM user_longest_entries WHERE user_id = $1`,
        [userId],
      );
      expect(Number(row!.s)).toBeGreaterThanOrEqual(5 * 86_400);
      expect(Number(row!.s)).toBeLessThanOrEqual(5 * 86_400 + 1);
    }
  });
});

describe('cost', () => {
  /** The statement `run` sends whose text matches `pattern`, with its values. */
  async function captured(
    pattern: RegExp,
    run: () => Promise<unknown>,
  ): Promise<{ text: string; values: unknown[] }> {
    const seen: { text: string; values: unknown[] }[] = [];
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      if (typeof args[0] === 'string') seen.push({ text: args[0], values: (args[1] as unknown[]) ?? [] });
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    try {
      await run();
    } finally {
      pg.Client.prototype.query = query;
    }
    const hit = seen.find((s) => pattern.test(s.text));
    expect(hit, 'statement not sent').toBeDefined();
    return hit!;
  }

  /** Buffers (hit + read) and execution time of the statement, run again with EXPLAIN. */
  async function cost(statement: { text: string; values: unknown[] }) {
    const [row] = await q<{ 'QUERY PLAN': [{ Plan: Record<string, number>; 'Execution Time': number }] }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.text}`,
      statement.values,
    );
    const top = row!['QUERY PLAN'][0];
    return {
      buffers: top.Plan['Shared Hit Blocks']! + top.Plan['Shared Read Blocks']!,
      ms: top['Execution Time'],
    };
  }

  /** A user with `n` one-hour entries, eight a working day back from now. */
  async function userWith(n: number): Promise<number> {
    const userId = await newUser();
    await sql(
      `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, source)
       SELECT $1, $2, t, t + interval '50 minutes', 3000, 'manual'
         FROM (SELECT now() - interval '1 hour' - (g / 8) * interval '1 day' - (g % 8) * interval '1 hour' AS t
                 FROM generate_series(0, $3 - 1) g) s`,
      [userId, projectId, n],
    );
    return userId;
  }

  it('the reads cost the same few buffers at 10 and at 5,000 entries', async () => {
    const small = await userWith(10);
    const large = await userWith(5000);
    await sql(`VACUUM ANALYZE time_entries`);
    const at = new Date(Date.now() - 30 * 60_000);
    const measure = async (userId: number) => ({
      state: await cost(
        await captured(/"finishedAfter"/, () => repo.withTimerLock(userId, SYSTEM_ACTOR, (s) => s.state(at))),
      ),
      overlapping: await cost(await captured(/LIMIT 5/, () => repo.overlapping(userId, at, null))),
    });
    const [ten, fiveThousand] = [await measure(small), await measure(large)];
    const unbounded = await cost({
      text: `SELECT id FROM time_entries WHERE user_id = $1 AND end_time > $2`,
      values: [large, at],
    });
    console.info(
      'overlap read cost',
      JSON.stringify({ ten, fiveThousand, unboundedAtFiveThousand: unbounded }),
    );
    // The unbounded read of the same rows grows with the history (here 5,000 entries written
    // together share pages; a user's entries spread over the table cost a buffer each); these do not.
    expect(unbounded.buffers).toBeGreaterThan(4 * fiveThousand.state.buffers);
    expect(fiveThousand.state.buffers).toBeLessThanOrEqual(ten.state.buffers + 4);
    expect(fiveThousand.overlapping.buffers).toBeLessThanOrEqual(ten.overlapping.buffers + 4);
    expect(fiveThousand.state.buffers).toBeLessThan(30);
  });
});
