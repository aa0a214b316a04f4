import { createHash } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type Session, signIn, signInNewUser, sqlOn, startApi } from './support';
import type { ApiApp } from '../src/app';

// GET /time-entries by cursor (keyset pagination): a walk from the first page by nextCursor
// returns every matching entry once, in the order of the sort with the id as tiebreak, also
// through ties, NULLs (running entries have no duration; adopted rows may have no created_at)
// and rows written while the walk goes on. The order is checked against PostgreSQL's own
// ORDER BY of the same rows.

let db: TestDatabase;
let app: ApiApp;
let admin: Session;
let alice: Session;
let aliceId: number;
let projectId: number;
const sql = sqlOn(() => db.url);

const SORTS = ['startTime', 'durationSeconds', 'createdAt'] as const;
const COLUMN = { startTime: 'start_time', durationSeconds: 'duration_seconds', createdAt: 'created_at' };

/** Entries with few distinct values in every sort column, NULLs among them, some without a user. */
async function insertEntries(n: number, offset: number) {
  await sql(
    `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, source, billable, created_at)
     SELECT CASE i % 3 WHEN 0 THEN $1::int WHEN 1 THEN (SELECT id FROM users WHERE username = 'bob') END, $2,
            s, CASE WHEN i % 11 = 0 THEN NULL ELSE s + ((i % 4) * 900) * interval '1 second' END,
            CASE WHEN i % 11 = 0 THEN NULL ELSE (i % 4) * 900 END, 'manual', i % 2 = 0,
            CASE WHEN i % 13 = 0 THEN NULL ELSE TIMESTAMPTZ '2026-03-02 08:00Z' + (i % 5) * interval '1 microsecond' END
       FROM generate_series($3::int, $3::int + $4::int - 1) i,
            LATERAL (SELECT TIMESTAMPTZ '2026-03-01 08:00Z' + (i % 6) * interval '1 hour' + (i % 2) * interval '1 microsecond' AS s) t`,
    [aliceId, projectId, offset, n],
  );
}

/** The ids PostgreSQL's ORDER BY gives (NULLs last ascending, first descending: its default). */
async function oracle(sort: string, where = 'TRUE'): Promise<number[]> {
  const field = sort.replace(/^-/, '') as keyof typeof COLUMN;
  const dir = sort.startsWith('-') ? 'DESC' : 'ASC';
  const rows = await sql<{ id: number }>(
    `SELECT id FROM time_entries WHERE ${where} ORDER BY ${COLUMN[field]} ${dir}, id ${dir}`,
  );
  return rows.map((r) => r.id);
}

interface Page {
  items: { id: number }[];
  total: number;
  totalIsEstimate: boolean;
  page: number;
  nextCursor: string | null;
}
const list = (who: Session, query: string) => who.agent.get(`/api/v1/time-entries?${query}`);
async function page(who: Session, query: string): Promise<Page> {
  const res = await list(who, query);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Page;
}

/** Follows nextCursor from the first page; `between` runs after each page (writes meanwhile). */
async function walk(who: Session, query: string, between?: (seen: number[]) => Promise<void>) {
  const seen: number[] = [];
  let cursor: string | null = null;
  for (let number = 1; ; number++) {
    const p = await page(who, `${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(p.page).toBe(number);
    seen.push(...p.items.map((item) => item.id));
    if (p.nextCursor === null) return seen;
    expect(p.items.length).toBeGreaterThan(0);
    expect(number).toBeLessThan(200);
    cursor = p.nextCursor;
    await between?.(seen);
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  admin = await signIn(app, ADMIN);
  alice = await signInNewUser(app, admin, { username: 'alice', password: 'blue-orchid-2718' });
  await signInNewUser(app, admin, { username: 'bob', password: 'green-falcon-3141' });
  aliceId = alice.user.id;
  projectId = (await sql<{ id: number }>(`SELECT id FROM projects WHERE name = 'General'`))[0]!.id;
  await insertEntries(150, 0);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('GET /time-entries by cursor', () => {
  for (const field of SORTS)
    for (const sort of [field, `-${field}`])
      it(`walks every entry exactly once, in order, sort=${sort} (admin and a user)`, async () => {
        const all = await walk(admin, `sort=${sort}&pageSize=7`);
        expect(all).toEqual(await oracle(sort));
        expect(new Set(all).size).toBe(all.length);
        const own = await walk(alice, `sort=${sort}&pageSize=4`);
        expect(own).toEqual(await oracle(sort, `user_id = ${aliceId}`));
        // The page numbers agree with page=: page 3 by cursor is page 3 by number.
        const byNumber = await page(admin, `sort=${sort}&pageSize=7&page=3`);
        expect(all.slice(14, 21)).toEqual(byNumber.items.map((item) => item.id));
        expect(byNumber.totalIsEstimate).toBe(false);
        expect(byNumber.total).toBe(all.length);
      });

  it('combines with filters (billable, from/to, user) and keeps the total of the filter', async () => {
    const from = '2026-03-01T09:00:00Z';
    const to = '2026-03-01T12:00:00Z';
    const query = `billable=false&from=${from}&to=${to}&userId=${aliceId}&sort=-createdAt&pageSize=3`;
    const seen = await walk(admin, query);
    const expected = await oracle(
      '-createdAt',
      `NOT billable AND start_time >= '${from}' AND start_time < '${to}' AND user_id = ${aliceId}`,
    );
    expect(expected.length).toBeGreaterThan(6);
    expect(seen).toEqual(expected);
    expect((await page(admin, query)).total).toBe(expected.length);
    // running=true: only entries without an end, by duration (all NULL: the id decides).
    const running = await walk(admin, `running=true&sort=durationSeconds&pageSize=2`);
    expect(running).toEqual(await oracle('durationSeconds', 'end_time IS NULL'));
  });

  it('neither repeats nor skips a row when entries are added and removed during the walk', async () => {
    for (const sort of ['-durationSeconds', 'createdAt', '-startTime']) {
      const before = await oracle(sort);
      let changed = false;
      let removed: number[] = [];
      let lastSeen = 0;
      const seen = await walk(admin, `sort=${sort}&pageSize=6`, async (sofar) => {
        if (changed || sofar.length < 18) return;
        changed = true;
        lastSeen = sofar.at(-1)!;
        // New rows with every kind of value: ties with rows already seen and with rows ahead
        // (their ids are higher), NULLs; and two rows ahead removed.
        await insertEntries(40, 1000);
        const ahead = before.slice(sofar.length + 2, sofar.length + 4);
        await sql(`DELETE FROM time_entries WHERE id = ANY($1::int[])`, [ahead]);
        removed = ahead;
      });
      expect(changed).toBe(true);
      expect(new Set(seen).size).toBe(seen.length);
      // Every row that was there all along, once; and after the cursor, exactly the rows
      // PostgreSQL now orders after the last row seen before the writes.
      expect(before.filter((id) => !removed.includes(id)).every((id) => seen.includes(id))).toBe(true);
      const now = await oracle(sort);
      const at = seen.indexOf(lastSeen);
      expect(seen.slice(at + 1)).toEqual(now.slice(now.indexOf(lastSeen) + 1));
      await sql(`DELETE FROM time_entries WHERE id > $1`, [Math.max(...before)]);
    }
  });

  it('refuses a cursor that was edited, made for another sort, or sent with page', async () => {
    const first = await page(admin, 'sort=-durationSeconds&pageSize=5');
    const cursor = first.nextCursor!;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const [body, sum] = cursor.split('.') as [string, string];
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const forged = (payload: object) => {
      const b = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${b}.${createHash('sha256').update(`timetracker-entry-cursor:${b}`).digest('base64url').slice(0, 11)}`;
    };
    const refused: [string, string][] = [
      ['sort=-durationSeconds', `${flip(body, 3)}.${sum}`],
      ['sort=-durationSeconds', `${body}.${flip(sum, 0)}`],
      ['sort=-durationSeconds', body],
      ['sort=-durationSeconds', `${cursor}.x`],
      ['sort=-durationSeconds', 'not-a-cursor'],
      ['sort=-durationSeconds', "x'; DROP TABLE time_entries; --"],
      ['sort=durationSeconds', cursor],
      ['sort=-startTime', cursor],
      ['sort=-durationSeconds&page=2', cursor],
      // Well-formed and with the right checksum, but no position of this list: refused before SQL.
      ['sort=-startTime', forged({ s: '-startTime', k: '2026-02-30T10:00:00.000000', i: 5, p: 2 })],
      ['sort=-startTime', forged({ s: '-startTime', k: null, i: 5, p: 2 })],
      ['sort=-durationSeconds', forged({ s: '-durationSeconds', k: '1e9', i: 5, p: 2 })],
      ['sort=-durationSeconds', forged({ s: '-durationSeconds', k: '60', i: -1, p: 2 })],
      ['sort=-durationSeconds', forged({ s: '-durationSeconds', k: '60', i: 5, p: 0 })],
      ['sort=-durationSeconds', forged(['-durationSeconds', '60', 5, 2])],
    ];
    for (const [query, c] of refused) {
      const res = await list(admin, `${query}&pageSize=5&cursor=${encodeURIComponent(c)}`);
      expect(res.status, `${query} ${c}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(res.body)).toMatch(/cursor|page/);
    }
    // The untouched cursor still works, and a forged but valid position is just a position.
    expect((await page(admin, `sort=-durationSeconds&pageSize=5&cursor=${cursor}`)).page).toBe(2);
    const at = await page(
      admin,
      `sort=-startTime&pageSize=5&cursor=${forged({ s: '-startTime', k: '2026-03-01T10:00:00.000000', i: 1, p: 9 })}`,
    );
    expect(at.page).toBe(9);
  });

  it("never shows another user's entries through a cursor", async () => {
    const theirs = await sql<{ id: number }>(`SELECT id FROM time_entries WHERE user_id <> $1 LIMIT 1`, [
      aliceId,
    ]);
    expect(theirs).toHaveLength(1);
    // A cursor from the admin's list (every user's entries) used by alice: her entries only.
    const first = await page(admin, 'sort=startTime&pageSize=5');
    const p = await page(alice, `sort=startTime&pageSize=200&cursor=${first.nextCursor}`);
    expect(p.items.length).toBeGreaterThan(0);
    const owners = await sql<{ user_id: number | null }>(
      `SELECT DISTINCT user_id FROM time_entries WHERE id = ANY($1::int[])`,
      [p.items.map((item) => item.id)],
    );
    expect(owners).toEqual([{ user_id: aliceId }]);
  });
});
