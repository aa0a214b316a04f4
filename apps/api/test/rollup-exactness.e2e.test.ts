import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ReportDimension } from '@timetracker/contracts';
import { ReportsRepository, type EntryScope, type InvoicePricing, type RollupNeeds } from '@timetracker/core';
import { createPrismaClient, type PrismaClient } from '@timetracker/db';
import { createTestDatabase, type TestDatabase, ROLLUP_DRIFT_SQL } from '@timetracker/startup/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Issue #19: reports read whole months from entry_rollups (prisma/sql/010_entry_rollups.sql,
 * packages/core/src/reports/rollup-sql.ts). This test keeps that fast path equal to the
 * per-entry computation, to the second and the cent, on random data under random edits of every
 * kind the rollups must follow: entries inserted, moved across months (and across the company
 * zone's month boundary), re-assigned, re-timed and deleted; rates added, changed and removed at
 * every level; invoicing and a line's price changed; a project moved to another client; the
 * company zone changed; a restore (the rollups rebuilt by the SQL file's start-up path); tags
 * added to and taken from entries, one at a time and in bulk, moved to another tag (a merge), and
 * gone with their entries (the cascade of a deleted entry, user or project).
 */

const SEED = Number(process.env.ROLLUP_TEST_SEED ?? 20261205);
const ROUNDS = 6;
const NOW = new Date('2026-12-05T12:00:00Z');

/** mulberry32: a small seeded generator, so a failure replays with its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let db: TestDatabase;
let pg: Client;
let prisma: PrismaClient;
let fast: ReportsRepository;
let exact: ReportsRepository;
const rnd = random(SEED);
const int = (n: number) => Math.floor(rnd() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await pg.query(text, params)).rows as T[];

const ids = {
  users: [] as number[],
  clients: [] as number[],
  projects: [] as number[],
  tasks: new Map<number, number[]>(),
  tags: [] as number[],
};
let invoiceId = 0;

/** A start between Oct 2025 and Nov 2026; a tenth within minutes of a month's end in UTC (the next month in Rome). */
function randomStart(): Date {
  if (rnd() < 0.1) {
    const month = int(13);
    const firstOfNext = Date.UTC(2025, 9 + month + 1, 1);
    return new Date(firstOfNext - (int(120) + 1) * 60_000);
  }
  return new Date(Date.UTC(2025, 9, 1) + int(425 * 24 * 60) * 60_000);
}

async function insertEntries(count: number) {
  for (let i = 0; i < count; i++) {
    const start = randomStart();
    const projectId = rnd() < 0.05 ? null : pick(ids.projects);
    const tasks = projectId ? (ids.tasks.get(projectId) ?? []) : [];
    const taskId = tasks.length && rnd() < 0.7 ? pick(tasks) : null;
    const running = rnd() < 0.03 && start < NOW;
    const seconds = 60 + int(6 * 3600);
    const breakSeconds = rnd() < 0.2 ? int(1800) : 0;
    // A few legacy rows without a stored duration: reports take end − start − breaks.
    const duration = running ? null : rnd() < 0.05 ? null : seconds;
    await q(
      `INSERT INTO time_entries (user_id, project_id, task_id, start_time, end_time, duration_seconds,
                                 break_seconds, billable)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        rnd() < 0.03 ? null : pick(ids.users),
        projectId,
        taskId,
        start,
        running ? null : new Date(start.getTime() + (seconds + breakSeconds) * 1000 + int(3) * 1000),
        duration,
        breakSeconds,
        rnd() < 0.8,
      ],
    );
  }
}

const randomDay = () => new Date(Date.UTC(2025, 8, 1) + int(460) * 86_400_000).toISOString().slice(0, 10);
const amount = () => (1 + int(20_000) / 100).toFixed(2);

async function addRate() {
  const kind = rnd() < 0.7 ? 'billable' : 'cost';
  const level = int(4);
  const cols =
    level === 0
      ? { project_id: pick(ids.projects), user_id: pick(ids.users) }
      : level === 1
        ? { project_id: pick(ids.projects) }
        : level === 2
          ? { user_id: pick(ids.users) }
          : { client_id: pick(ids.clients) };
  const names = Object.keys(cols);
  await q(
    `INSERT INTO rates (kind, ${names.join(', ')}, effective_from, amount)
     VALUES ($1, ${names.map((_, i) => `$${i + 2}`).join(', ')}, $${names.length + 2}, $${names.length + 3})
     ON CONFLICT DO NOTHING`,
    [kind, ...Object.values(cols), randomDay(), amount()],
  );
}

/** Tag links of random entries added and removed, one statement each and in bulk; a merge. */
async function editTags(round: number) {
  const entries = await q<{ id: number }>(`SELECT id FROM time_entries ORDER BY id`);
  for (let i = 0; i < 15; i++) {
    const id = pick(entries).id;
    if (rnd() < 0.6)
      await q(`INSERT INTO time_entry_tags (time_entry_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
        id,
        pick(ids.tags),
      ]);
    else
      await q(`DELETE FROM time_entry_tags WHERE time_entry_id = $1 AND tag_id = $2`, [id, pick(ids.tags)]);
  }
  // An entry's tags replaced in one transaction, as the API saves an edit (replaceTagsSql): the
  // entry, the links not kept deleted, the rest upserted in order (kept ones only move).
  const id = pick(entries).id;
  const kept = [pick(ids.tags), pick(ids.tags)].filter((t, i, all) => all.indexOf(t) === i);
  await q('BEGIN');
  await q(`UPDATE time_entries SET notes = 'retagged' WHERE id = $1`, [id]);
  await q(`DELETE FROM time_entry_tags WHERE time_entry_id = $1 AND tag_id <> ALL($2::int[])`, [id, kept]);
  await q(
    `INSERT INTO time_entry_tags (time_entry_id, tag_id, position)
     SELECT $1, u.tag_id, (u.ord - 1)::int FROM unnest($2::int[]) WITH ORDINALITY AS u(tag_id, ord)
     ON CONFLICT (time_entry_id, tag_id) DO UPDATE SET position = EXCLUDED.position`,
    [id, kept.reverse()],
  );
  await q('COMMIT');
  // In bulk: a tag on a third of the entries, and off a fifth.
  await q(
    `INSERT INTO time_entry_tags (time_entry_id, tag_id)
     SELECT id, $1 FROM time_entries WHERE (id + $2) % 3 = 0 ON CONFLICT DO NOTHING`,
    [pick(ids.tags), round],
  );
  await q(`DELETE FROM time_entry_tags WHERE (time_entry_id + $1) % 5 = 0`, [round]);
  // A merge (TagsRepository.merge): the source's links to the target, then the source's go.
  const [source, target] = [ids.tags[round % ids.tags.length]!, ids.tags[(round + 1) % ids.tags.length]!];
  await q(
    `INSERT INTO time_entry_tags (time_entry_id, tag_id)
     SELECT time_entry_id, $2 FROM time_entry_tags WHERE tag_id = $1 ON CONFLICT DO NOTHING`,
    [source, target],
  );
  await q(`DELETE FROM time_entry_tags WHERE tag_id = $1`, [source]);
  // A link moved to another tag in place (no statement of ours does; psql could).
  await q(
    `UPDATE time_entry_tags SET tag_id = $2
      WHERE tag_id = $1 AND time_entry_id % 2 = 0
        AND NOT EXISTS (SELECT FROM time_entry_tags o WHERE o.time_entry_id = time_entry_tags.time_entry_id AND o.tag_id = $2)`,
    [target, source],
  );
}

/** One round of random writes of every kind. */
async function edit(round: number) {
  await insertEntries(40);
  await editTags(round);
  // The worker folds deltas now and then: reports must be exact before and after.
  if (rnd() < 0.5) await q(`SELECT entry_rollups_fold()`);
  const entries = await q<{ id: number }>(`SELECT id FROM time_entries ORDER BY id`);
  for (let i = 0; i < 25; i++) {
    const id = pick(entries).id;
    switch (int(7)) {
      case 0: // moved, maybe into another month
        await q(
          `UPDATE time_entries SET start_time = $2, end_time = CASE WHEN end_time IS NULL THEN NULL ELSE $2::timestamptz + (end_time - start_time) END WHERE id = $1`,
          [id, randomStart()],
        );
        break;
      case 1:
        await q(`UPDATE time_entries SET user_id = $2 WHERE id = $1`, [id, pick(ids.users)]);
        break;
      case 2:
        await q(`UPDATE time_entries SET project_id = $2, task_id = NULL WHERE id = $1`, [
          id,
          pick(ids.projects),
        ]);
        break;
      case 3:
        await q(`UPDATE time_entries SET duration_seconds = $2 WHERE id = $1 AND end_time IS NOT NULL`, [
          id,
          60 + int(20_000),
        ]);
        break;
      case 4:
        await q(`UPDATE time_entries SET billable = NOT billable WHERE id = $1`, [id]);
        break;
      case 5: // a timer stopped, or an entry edited back to running
        await q(
          `UPDATE time_entries SET end_time = CASE WHEN end_time IS NULL THEN start_time + interval '2 hours' END,
                        duration_seconds = CASE WHEN end_time IS NULL THEN 7200 END WHERE id = $1 AND start_time < $2`,
          [id, NOW],
        );
        break;
      default:
        await q(`DELETE FROM time_entries WHERE id = $1`, [id]);
    }
  }
  // A bulk statement (as the idle sweep or a project merge): many rows, one trigger call.
  await q(`UPDATE time_entries SET notes = 'round ${round}' WHERE id % 3 = $1`, [round % 3]);
  await q(`UPDATE time_entries SET task_id = NULL WHERE id % 11 = $1`, [round % 11]);
  if (rnd() < 0.5) await q(`SELECT entry_rollups_fold()`);
  for (let i = 0; i < 4; i++) await addRate();
  const rates = await q<{ id: number }>(`SELECT id FROM rates ORDER BY id`);
  if (rates.length) {
    await q(`UPDATE rates SET amount = $2 WHERE id = $1`, [pick(rates).id, amount()]);
    await q(`UPDATE rates SET effective_from = $2 WHERE id = $1`, [pick(rates).id, randomDay()]).catch(
      () => undefined,
    );
    await q(`DELETE FROM rates WHERE id = $1`, [pick(rates).id]);
  }
  // Invoicing: a line at its own unit price takes some billable finished entries; another line's price changes.
  invoiceId = (
    await q<{ id: number }>(
      `INSERT INTO invoices (invoice_number, client_name, issue_date, due_date) VALUES ($1, 'X', '2026-12-01', '2026-12-31') RETURNING id`,
      [`R-${round}`],
    )
  )[0]!.id;
  const [item] = await q<{ id: number }>(
    `INSERT INTO invoice_items (invoice_id, description, quantity, unit_price, total_amount) VALUES ($1, 'time', 1, $2, 0) RETURNING id`,
    [invoiceId, amount()],
  );
  await q(
    `UPDATE time_entries SET invoice_item_id = $1
      WHERE id IN (SELECT id FROM time_entries WHERE billable AND end_time IS NOT NULL AND invoice_item_id IS NULL
                    ORDER BY md5(id::text || $2) LIMIT 15)`,
    [item!.id, String(round)],
  );
  // A line holding entries without a project (priced at their user's rate), its price changed.
  const [loose] = await q<{ id: number }>(
    `INSERT INTO invoice_items (invoice_id, description, quantity, unit_price, total_amount) VALUES ($1, 'loose', 1, $2, 0) RETURNING id`,
    [invoiceId, amount()],
  );
  const linked = await q(
    `UPDATE time_entries SET invoice_item_id = $1
      WHERE id IN (SELECT id FROM time_entries WHERE project_id IS NULL AND end_time IS NOT NULL AND invoice_item_id IS NULL
                    ORDER BY id LIMIT 2)
     RETURNING id`,
    [loose!.id],
  );
  expect(linked.length).toBeGreaterThan(0);
  await q(`UPDATE invoice_items SET unit_price = $2 WHERE id = $1`, [loose!.id, amount()]);
  const items = await q<{ id: number }>(`SELECT id FROM invoice_items ORDER BY id`);
  await q(`UPDATE invoice_items SET unit_price = $2 WHERE id = $1`, [pick(items).id, amount()]);
  if (round === 2) await q(`DELETE FROM invoice_items WHERE id = $1`, [pick(items).id]);
  // A project moved to another client (its client rates change).
  await q(`UPDATE projects SET client_id = $2 WHERE id = $1`, [
    pick(ids.projects),
    rnd() < 0.2 ? null : pick(ids.clients),
  ]);
  // A user and a project deleted: their entries and rates go by cascade, in one statement.
  if (round === 1) await q(`DELETE FROM users WHERE id = $1`, [ids.users.pop()]);
  if (round === 4) await q(`DELETE FROM projects WHERE id = $1`, [ids.projects.pop()]);
  if (round === 3) await q(`UPDATE settings SET timezone = 'America/New_York' WHERE id = 1`);
  if (round === 4) await q(`UPDATE settings SET timezone = 'Europe/Rome' WHERE id = 1`);
  if (round === 5) {
    // A restore or an adoption: rollups empty and their triggers missing, as a restored
    // database's are before the SQL files run; the start-up's SQL file rebuilds them.
    await q(`DROP TRIGGER time_entries_rollups_update ON time_entries`);
    await q(`DROP TRIGGER time_entry_tags_rollups_insert ON time_entry_tags`);
    await q(`TRUNCATE entry_rollups, entry_rollup_tags`);
    await q(
      `INSERT INTO time_entry_tags (time_entry_id, tag_id) SELECT id, $1 FROM time_entries ON CONFLICT DO NOTHING`,
      [ids.tags[0]],
    );
    await q(
      `UPDATE time_entries SET duration_seconds = duration_seconds + 1 WHERE id % 5 = 0 AND end_time IS NOT NULL`,
    );
    const file = readFileSync(path.resolve(__dirname, '../../../prisma/sql/010_entry_rollups.sql'), 'utf8');
    await q('BEGIN');
    await q(file);
    await q('COMMIT');
  }
}

/** Months cut in the company's zone: the edges of the ranges below. */
const at = (local: string, zone: string) =>
  q<{ t: Date }>(`SELECT ($1::timestamp AT TIME ZONE $2) AS t`, [local, zone]).then((r) => r[0]!.t);

async function scopes(): Promise<EntryScope[]> {
  const [{ zone }] = (await q<{ zone: string }>(`SELECT timezone AS zone FROM settings WHERE id = 1`)) as [
    { zone: string },
  ];
  const base = { now: NOW, timeZone: zone, weekStart: 'monday' as const, includeRunning: false };
  const year = { from: await at('2026-01-01', zone), to: await at('2027-01-01', zone) };
  const ragged = { from: new Date('2025-11-17T10:00:00Z'), to: new Date('2026-08-09T00:00:00Z') };
  const inMonth = { from: new Date('2026-03-03T00:00:00Z'), to: new Date('2026-03-20T00:00:00Z') };
  const users = ids.users.slice(0, 2);
  return [
    { ...base },
    { ...base, includeRunning: true },
    { ...base, ...year },
    { ...base, ...ragged, includeRunning: true },
    { ...base, ...inMonth },
    { ...base, from: ragged.from },
    { ...base, to: ragged.to, includeRunning: true },
    { ...base, ...ragged, userIds: users },
    { ...base, clientIds: [ids.clients[0]!] },
    { ...base, ...year, projectIds: ids.projects.slice(0, 3), billable: true },
    { ...base, taskIds: [...ids.tasks.values()].flat().slice(0, 4) },
    { ...base, ...ragged, timeZone: 'Asia/Kolkata' },
    { ...base, ...ragged, weekStart: 'sunday' },
    // Everyone's non-billable time: the day totals, filtered by their billable flag.
    { ...base, ...ragged, billable: false, includeRunning: true },
  ];
}

const GROUPINGS: ReportDimension[][] = [
  [],
  ['user'],
  ['project', 'month'],
  ['client', 'task'],
  ['billable'],
  ['month', 'user'],
  ['day'],
  ['week', 'project'],
  // By tag: entry_rollup_tags (not with a task, day or week); the totals from entry_rollups.
  ['tag'],
  ['tag', 'month'],
  ['user', 'tag'],
  ['tag', 'task'],
];
const PRICINGS: (InvoicePricing['groupBy'] | undefined)[] = [undefined, 'project', 'task', 'day'];

beforeAll(async () => {
  db = await createTestDatabase();
  pg = new Client({ connectionString: db.url });
  await pg.connect();
  prisma = createPrismaClient(db.url);
  fast = new ReportsRepository(prisma, true);
  exact = new ReportsRepository(prisma, false);
  for (let i = 0; i < 3; i++)
    ids.clients.push(
      (await q<{ id: number }>(`INSERT INTO clients (name) VALUES ($1) RETURNING id`, [`Client ${i}`]))[0]!
        .id,
    );
  for (let i = 0; i < 5; i++)
    ids.users.push(
      (await q<{ id: number }>(`INSERT INTO users (username) VALUES ($1) RETURNING id`, [`u${i}`]))[0]!.id,
    );
  for (let i = 0; i < 6; i++) {
    const id = (
      await q<{ id: number }>(`INSERT INTO projects (name, client_id) VALUES ($1, $2) RETURNING id`, [
        `Project ${i}`,
        i === 5 ? null : ids.clients[i % 3],
      ])
    )[0]!.id;
    ids.projects.push(id);
    const tasks: number[] = [];
    for (let t = 0; t < 2; t++)
      tasks.push(
        (
          await q<{ id: number }>(
            `INSERT INTO tasks (project_id, name, created_by) VALUES ($1, $2, $3) RETURNING id`,
            [id, `T${t}`, ids.users[0]],
          )
        )[0]!.id,
      );
    ids.tasks.set(id, tasks);
  }
  for (let i = 0; i < 10; i++) await addRate();
  await insertEntries(300);
  // Tags on about 40 % of the entries, one or two each.
  ids.tags.push(
    ...(
      await q<{ id: number }>(`INSERT INTO tags (name) VALUES ('red'), ('green'), ('blue') RETURNING id`)
    ).map((t) => t.id),
  );
  await q(`INSERT INTO time_entry_tags (time_entry_id, tag_id)
             SELECT te.id, t.id FROM time_entries te CROSS JOIN tags t WHERE (te.id * 7 + t.id * 13) % 5 = 0`);
}, 120_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await pg?.end();
  await db?.drop();
});

/** Empty when the rollups equal a rebuild from time_entries (ROLLUP_DRIFT_SQL). */
const rollupDrift = () => q(ROLLUP_DRIFT_SQL);

/**
 * Compares every report of every scope on both paths; returns how many of them the rollups served
 * (`byDay`: of those by day or week or with lines per day, which read entry_rollup_days;
 * `byHour`: the series by hour of day read from entry_rollup_hours; `byTag`: the reports by tag
 * read from entry_rollup_tags; `dayTotals`: everyone's time read from entry_rollup_day_totals;
 * `monthTotals`: whole months read from entry_rollup_month_totals; `hourTotals`: everyone's series by
 * hour of day read from entry_rollup_hour_totals; `tagTotals`: everyone's time by tag read from
 * entry_rollup_tag_totals).
 */
async function compareReports(): Promise<{
  served: number;
  byDay: number;
  byHour: number;
  byTag: number;
  dayTotals: number;
  monthTotals: number;
  hourTotals: number;
  tagTotals: number;
}> {
  let served = 0;
  let byDay = 0;
  let dayTotals = 0;
  let byHour = 0;
  let byTag = 0;
  let monthTotals = 0;
  let hourTotals = 0;
  let tagTotals = 0;
  for (const scope of await scopes()) {
    for (const groupBy of GROUPINGS) {
      // Invoice-line pricing adds its own grouping (per project and line key, by rate): asked
      // with no grouping and with the one that groups by a computed value.
      for (const pricing of groupBy.length === 0 || groupBy.includes('month') ? PRICINGS : [undefined]) {
        const zone = (await q<{ z: string }>(`SELECT timezone AS z FROM settings`))[0]!.z;
        const lines = pricing ? { groupBy: pricing, timeZone: zone } : undefined;
        const [a, b] = [
          await fast.summary(scope, groupBy, lines),
          await exact.summary(scope, groupBy, lines),
        ];
        expect({ scope, groupBy, pricing, result: a }).toEqual({ scope, groupBy, pricing, result: b });
        const split = await fast.rollupSplit(scope, { dimensions: groupBy, lines });
        if (split) served++;
        if (split && !split.months) byDay++;
        if (split?.byTag) byTag++;
        if (split?.dayTotals) dayTotals++;
        if (split?.monthTotals && split.months) monthTotals++;
        if (split?.tagTotals && split.months) tagTotals++;
      }
    }
    for (const series of ['byUser', 'billableSplit', 'projectRevenue'] as const)
      expect({ series, scope, points: await fast[series](scope) }).toEqual({
        series,
        scope,
        points: await exact[series](scope),
      });
    expect(await fast.byProject(scope, 3)).toEqual(await exact.byProject(scope, 3));
    expect({ scope, hours: await fast.byHourOfDay(scope) }).toEqual({
      scope,
      hours: await exact.byHourOfDay(scope),
    });
    const hourSplit = await fast.rollupSplit(scope, { byHour: true });
    if (hourSplit) byHour++;
    if (hourSplit?.hourTotals) hourTotals++;
    if (scope.from && scope.to) {
      const bounded = { ...scope, from: scope.from, to: scope.to };
      expect({ scope, days: await fast.hoursByDay(bounded) }).toEqual({
        scope,
        days: await exact.hoursByDay(bounded),
      });
      expect({ scope, weeks: await fast.weeklyTrend(bounded) }).toEqual({
        scope,
        weeks: await exact.weeklyTrend(bounded),
      });
    }
  }
  return { served, byDay, byHour, byTag, dayTotals, monthTotals, hourTotals, tagTotals };
}

describe('entry rollups (issue #19)', () => {
  it('give every report exactly what pricing each entry gives, through random edits of every kind', async () => {
    expect(await rollupDrift()).toEqual([]);
    const before = await q<{ n: number; hours: number }>(
      `SELECT ((SELECT count(*) FROM entry_rollups) + (SELECT count(*) FROM entry_rollup_deltas))::int AS n,
              ((SELECT count(*) FROM entry_rollup_hours) + (SELECT count(*) FROM entry_rollup_deltas))::int AS hours`,
    );
    expect(before[0]!.n).toBeGreaterThan(0);
    expect(before[0]!.hours).toBeGreaterThan(0);
    const first = await compareReports();
    expect(first.served).toBeGreaterThan(50);
    expect(first.byDay).toBeGreaterThan(10);
    expect(first.byHour).toBeGreaterThan(5);
    expect(first.byTag).toBeGreaterThan(5);
    expect(first.dayTotals).toBeGreaterThan(5);
    expect(first.monthTotals).toBeGreaterThan(10);
    expect(first.hourTotals).toBeGreaterThan(2);
    expect(first.tagTotals).toBeGreaterThan(2);
    let unfolded = 0;
    let tagsUnfolded = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await edit(round);
      unfolded += (await q<{ n: number }>(`SELECT count(*)::int AS n FROM entry_rollup_deltas`))[0]!.n;
      tagsUnfolded += (await q<{ n: number }>(`SELECT count(*)::int AS n FROM entry_rollup_tag_deltas`))[0]!
        .n;
      expect({ round, drift: await rollupDrift() }).toEqual({ round, drift: [] });
      expect((await compareReports()).served).toBeGreaterThan(0);
      await q(`SELECT entry_rollups_fold()`);
      expect(await q(`SELECT * FROM entry_rollup_deltas`)).toEqual([]);
      expect(await q(`SELECT * FROM entry_rollup_tag_deltas`)).toEqual([]);
      // Deleted entries kept for the links' trigger do not outlive a fold.
      expect(await q(`SELECT * FROM entry_rollup_removed`)).toEqual([]);
      expect({ round, folded: await rollupDrift() }).toEqual({ round, folded: [] });
    }
    // Reports were compared with deltas not yet folded, not only after folds.
    expect(unfolded).toBeGreaterThan(0);
    expect(tagsUnfolded).toBeGreaterThan(0);
    // The edits left every kind of row the comparison needs.
    const kinds = await q<{ invoiced: number; running: number; untimed: number; unowned: number }>(`
      SELECT count(*) FILTER (WHERE invoice_item_id IS NOT NULL)::int AS invoiced,
             count(*) FILTER (WHERE end_time IS NULL)::int AS running,
             count(*) FILTER (WHERE duration_seconds IS NULL AND end_time IS NOT NULL)::int AS untimed,
             count(*) FILTER (WHERE user_id IS NULL)::int AS unowned
        FROM time_entries`);
    expect(Object.values(kinds[0]!).every((n) => n > 0)).toBe(true);
  }, 600_000);

  it('count an edit of an entry and a tag added to it at the same time, in either order', async () => {
    // Two sessions: the first edits an entry (moving it two months on) in an open transaction, the
    // second tags it; then the other way round. Without the links' trigger's lock the tag counted
    // at the entry's old key (the edit's trigger had not seen it; it had not seen the edit).
    const [other, watcher] = [
      new Client({ connectionString: db.url }),
      new Client({ connectionString: db.url }),
    ];
    await Promise.all([other.connect(), watcher.connect()]);
    const pidOf = async (c: Client) =>
      (await c.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows[0]!.pid;
    const [otherPid, ownPid] = [await pidOf(other), await pidOf(pg)];
    /**
     * Until the session `pid` waits on a lock (the entry's row) or its statement is done (as it
     * would be without the links' trigger's lock, and the drift then shows).
     */
    const waitsOrEnds = (pid: number, statement: Promise<unknown>) => {
      let ended = false;
      void statement.then(
        () => (ended = true),
        () => (ended = true),
      );
      return expect
        .poll(
          async () =>
            ended ||
            (await watcher.query(`SELECT wait_event_type AS w FROM pg_stat_activity WHERE pid = $1`, [pid]))
              .rows[0]?.w === 'Lock',
          { timeout: 30_000 },
        )
        .toBe(true);
    };
    const newEntry = async () =>
      (
        await q<{ id: number }>(
          `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, billable)
           VALUES ($1, $2, '2026-02-10T10:00:00Z', '2026-02-10T11:00:00Z', 3600, true) RETURNING id`,
          [ids.users[0], ids.projects[0]],
        )
      )[0]!.id;
    const move = `UPDATE time_entries SET start_time = start_time + interval '60 days', end_time = end_time + interval '60 days'
                   WHERE id = $1`;
    const tag = `INSERT INTO time_entry_tags (time_entry_id, tag_id) VALUES ($1, $2)`;
    try {
      const first = await newEntry();
      await q('BEGIN');
      await q(move, [first]);
      const tagging = other.query(tag, [first, ids.tags[0]]);
      await waitsOrEnds(otherPid, tagging);
      await q('COMMIT');
      await tagging;
      expect(await rollupDrift()).toEqual([]);

      const second = await newEntry();
      await other.query('BEGIN');
      await other.query(tag, [second, ids.tags[0]]);
      const moving = q(move, [second]);
      await waitsOrEnds(ownPid, moving);
      await other.query('COMMIT');
      await moving;
      expect(await rollupDrift()).toEqual([]);
    } finally {
      await Promise.all([other.end(), watcher.end()]);
    }
  });

  it('are read only while cut in the company zone', async () => {
    const scope: EntryScope = {
      now: NOW,
      timeZone: 'Europe/Rome',
      weekStart: 'monday',
      includeRunning: false,
    };
    await q(`UPDATE settings SET timezone = 'Europe/Rome' WHERE id = 1`);
    expect(await fast.rollupSplit(scope)).toBeDefined();
    await q(`UPDATE entry_rollup_state SET zone = 'UTC'`);
    expect(await fast.rollupSplit(scope)).toBeUndefined();
    await q(`SELECT entry_rollups_rebuild()`);
    expect(await fast.rollupSplit(scope)).toBeDefined();
    expect(await exact.rollupSplit(scope)).toBeUndefined();
    expect(await fast.rollupSplit({ ...scope, tags: ['x'] })).toBeUndefined();
    // Days and weeks are the company zone's too: in another zone a report by day reads entries.
    expect(await fast.rollupSplit(scope, { dimensions: ['day'] })).toBeDefined();
    expect(
      await fast.rollupSplit({ ...scope, timeZone: 'Asia/Kolkata' }, { dimensions: ['week'] }),
    ).toBeUndefined();
    expect(
      await fast.rollupSplit({ ...scope, timeZone: 'Asia/Kolkata' }, { dimensions: ['user'] }),
    ).toBeDefined();
    // Hours of the day too; and the hour rollups hold no task.
    expect(await fast.rollupSplit(scope, { byHour: true })).toBeDefined();
    expect(await fast.rollupSplit({ ...scope, timeZone: 'Asia/Kolkata' }, { byHour: true })).toBeUndefined();
    expect(await fast.rollupSplit({ ...scope, taskIds: [1] }, { byHour: true })).toBeUndefined();
    // By tag: with the dimensions the tag rollups hold; months only in their zone.
    expect(await fast.rollupSplit(scope, { dimensions: ['tag', 'user'] })).toMatchObject({ byTag: true });
    expect(await fast.rollupSplit(scope, { dimensions: ['tag', 'week'] })).toBeUndefined();
    expect(await fast.rollupSplit(scope, { dimensions: ['tag', 'task'] })).toBeUndefined();
    expect(await fast.rollupSplit({ ...scope, taskIds: [1] }, { dimensions: ['tag'] })).toBeUndefined();
    expect(
      await fast.rollupSplit({ ...scope, timeZone: 'Asia/Kolkata' }, { dimensions: ['tag', 'month'] }),
    ).toBeUndefined();
    expect(
      await fast.rollupSplit({ ...scope, timeZone: 'Asia/Kolkata' }, { dimensions: ['tag', 'project'] }),
    ).toMatchObject({ byTag: true });
    expect(
      await fast.rollupSplit(scope, {
        dimensions: ['tag'],
        lines: { groupBy: 'project', timeZone: 'Europe/Rome' },
      }),
    ).toBeUndefined();
  });

  it('read whole months from the month rollups, the whole days around them from the day rollups', async () => {
    // (Everyone's time by day, week, month or billable flag: every whole day from the day totals.)
    await q(`UPDATE settings SET timezone = 'Europe/Rome' WHERE id = 1`);
    const scope: EntryScope = {
      now: NOW,
      timeZone: 'Europe/Rome',
      weekStart: 'monday',
      includeRunning: false,
      // 10:00 on 17 November (Rome) to midnight starting 9 August.
      from: new Date('2025-11-17T09:00:00Z'),
      to: new Date('2026-08-08T22:00:00Z'),
    };
    const split = await fast.rollupSplit(scope, { dimensions: ['user'] });
    expect(split).toMatchObject({
      monthTotals: true,
      months: { from: '2025-12-01', to: '2026-08-01' },
      days: [
        { from: '2025-11-18', to: '2025-12-01' },
        { from: '2026-08-01', to: '2026-08-09' },
      ],
      head: { from: scope.from, to: new Date('2025-11-17T23:00:00Z') },
      tail: { from: new Date('2026-08-08T22:00:00Z'), to: scope.to },
    });
    expect(await fast.rollupSplit(scope, { dimensions: ['week'] })).toMatchObject({
      days: [{ from: '2025-11-18', to: '2026-08-09' }],
    });
    expect((await fast.rollupSplit(scope, { dimensions: ['week'] }))?.months).toBeUndefined();
    // Everyone's, by nothing but days, weeks, months and the billable flag: the day totals, whole
    // days only. Filtered by who or what, grouped by it, or priced as invoice lines: the rows by user.
    for (const dimensions of [[], ['month'], ['week', 'billable'], ['day']] satisfies ReportDimension[][])
      expect(await fast.rollupSplit({ ...scope, billable: true }, { dimensions })).toMatchObject({
        dayTotals: true,
        days: [{ from: '2025-11-18', to: '2026-08-09' }],
        head: { from: scope.from, to: new Date('2025-11-17T23:00:00Z') },
      });
    for (const [filter, needs] of [
      [{ userIds: [ids.users[0]!] }, {}],
      [{ clientIds: [ids.clients[0]!] }, {}],
      [{ projectIds: [ids.projects[0]!] }, {}],
      [{ taskIds: [...ids.tasks.values()][0]! }, {}],
      [{}, { dimensions: ['month', 'project'] }],
      [{}, { dimensions: ['task'] }],
      [{}, { lines: { groupBy: 'project', timeZone: 'Europe/Rome' } }],
    ] satisfies [Partial<EntryScope>, RollupNeeds][])
      expect((await fast.rollupSplit({ ...scope, ...filter }, needs))?.dayTotals).toBeUndefined();
    // Each user's time on each project by month: whole months from the month totals, grouped and
    // filtered by anything but a task, tags by their own rollups, and priced exactly.
    for (const [filter, needs] of [
      [{ userIds: [ids.users[0]!] }, {}],
      [{ clientIds: [ids.clients[0]!] }, { dimensions: ['user', 'month'] }],
      [{ projectIds: [ids.projects[0]!], billable: true }, { dimensions: ['client'] }],
      [{}, { dimensions: ['project', 'billable'] }],
      [{}, { dimensions: ['tag', 'project'] }],
    ] satisfies [Partial<EntryScope>, RollupNeeds][])
      expect(await fast.rollupSplit({ ...scope, ...filter }, needs)).toMatchObject({
        monthTotals: true,
        months: { from: '2025-12-01', to: '2026-08-01' },
      });
    for (const [filter, needs] of [
      [{ taskIds: [...ids.tasks.values()][0]! }, {}],
      [{}, { dimensions: ['task'] }],
      [{}, { dimensions: ['user'], lines: { groupBy: 'project', timeZone: 'Europe/Rome' } }],
      [{}, { byHour: true }],
      [{ billable: false }, { dimensions: ['month'] }],
    ] satisfies [Partial<EntryScope>, RollupNeeds][])
      expect((await fast.rollupSplit({ ...scope, ...filter }, needs))?.monthTotals).toBeUndefined();
    // By hour of day: the whole months from entry_rollup_hours, everything else from the entries.
    expect(await fast.rollupSplit(scope, { byHour: true })).toMatchObject({
      months: { from: '2025-12-01', to: '2026-08-01' },
      days: [],
      byHour: true,
      head: { from: scope.from, to: new Date('2025-11-30T23:00:00Z') },
      tail: { from: new Date('2026-07-31T22:00:00Z'), to: scope.to },
      middle: { from: new Date('2025-11-30T23:00:00Z'), to: new Date('2026-07-31T22:00:00Z') },
    });
    // Everyone's (a billable filter is fine): the hour totals; anyone's or anything's: the hour rows.
    for (const filter of [{}, { billable: true }] satisfies Partial<EntryScope>[])
      expect(await fast.rollupSplit({ ...scope, ...filter }, { byHour: true })).toMatchObject({
        byHour: true,
        hourTotals: true,
      });
    for (const filter of [
      { userIds: [ids.users[0]!] },
      { clientIds: [ids.clients[0]!] },
      { projectIds: [ids.projects[0]!] },
    ] satisfies Partial<EntryScope>[])
      expect(await fast.rollupSplit({ ...scope, ...filter }, { byHour: true })).not.toHaveProperty(
        'hourTotals',
      );
    expect(await fast.rollupSplit(scope, { dimensions: ['user'] })).not.toHaveProperty('hourTotals');
    // Everyone's time by tag (with the billable flag or month): the tag totals' whole months; anyone's,
    // or with a user, client or project: the tag rows and the month totals.
    for (const [filter, dimensions] of [
      [{}, ['tag']],
      [{ billable: true }, ['tag', 'month']],
      [{}, ['billable', 'tag']],
    ] satisfies [Partial<EntryScope>, ReportDimension[]][])
      expect(await fast.rollupSplit({ ...scope, ...filter }, { dimensions })).toMatchObject({
        byTag: true,
        tagTotals: true,
        months: { from: '2025-12-01', to: '2026-08-01' },
        days: [],
      });
    for (const [filter, dimensions] of [
      [{ userIds: [ids.users[0]!] }, ['tag']],
      [{ clientIds: [ids.clients[0]!] }, ['tag']],
      [{ projectIds: [ids.projects[0]!] }, ['tag']],
      [{}, ['tag', 'user']],
      [{}, ['client', 'tag']],
      [{}, ['month']],
    ] satisfies [Partial<EntryScope>, ReportDimension[]][])
      expect(await fast.rollupSplit({ ...scope, ...filter }, { dimensions })).not.toHaveProperty('tagTotals');
    // Less than a whole month: the entries.
    expect(
      await fast.rollupSplit(
        { ...scope, from: new Date('2026-03-03T09:00:00Z'), to: new Date('2026-04-20T20:00:00Z') },
        { byHour: true },
      ),
    ).toBeUndefined();
    // Less than a whole day: nothing to read from the rollups.
    expect(
      await fast.rollupSplit({
        ...scope,
        from: new Date('2026-03-03T09:00:00Z'),
        to: new Date('2026-03-03T20:00:00Z'),
      }),
    ).toBeUndefined();
  });
});
