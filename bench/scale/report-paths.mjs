// The summary report on both of its paths, on a database of bench/scale/data.mjs: pricing every
// entry (the reference) and reading whole months and days from entry_rollups and entry_rollup_days
// (docs/scaling.md), one after the other three times per figure, sequentially; prints the medians,
// their ratio and whether the two answers were equal. The hours-by-day, weekly-trend and
// by-hour-of-day series too.
//
// Usage: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/lists_scale node bench/scale/report-paths.mjs
//   BENCH_REPORT_CASES=tag,hour: only the cases whose names hold one of these.
import core from '@timetracker/core';
import db from '@timetracker/db';

const { ReportsRepository } = core;
const { createPrismaClient } = db;
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL to a database of bench/scale/data.mjs');
  process.exit(2);
}
const prisma = createPrismaClient(url);
const fast = new ReportsRepository(prisma, true),
  exact = new ReportsRepository(prisma, false);
const [{ timezone }] = await prisma.$queryRawUnsafe(`SELECT timezone FROM settings WHERE id = 1`);
const [{ now }] = await prisma.$queryRawUnsafe(
  `SELECT max(start_time) + interval '1 day' AS now FROM time_entries`,
);
const monthStart = async (back) =>
  (
    await prisma.$queryRawUnsafe(
      `SELECT (date_trunc('month', $1::timestamptz AT TIME ZONE $2) - ($3 || ' months')::interval) AT TIME ZONE $2 AS t`,
      now,
      timezone,
      String(back),
    )
  )[0].t;
const base = { now, timeZone: timezone, weekStart: 'monday', includeRunning: false };
const cases = [
  ['all time, totals', { ...base }, []],
  ['all time, by user x month', { ...base }, ['user', 'month']],
  [
    'last 12 whole months, by project',
    { ...base, from: await monthStart(12), to: await monthStart(0) },
    ['project'],
  ],
  [
    '365 days (ragged), by client',
    { ...base, from: new Date(now.getTime() - 365 * 864e5), to: now },
    ['client'],
  ],
  ['365 days (ragged), by day', { ...base, from: new Date(now.getTime() - 365 * 864e5), to: now }, ['day']],
  [
    '365 days (ragged), by week x project',
    { ...base, from: new Date(now.getTime() - 365 * 864e5), to: now },
    ['week', 'project'],
  ],
  ['all time, by week', { ...base }, ['week']],
  [
    'series: by project (top 10), 365 days',
    { ...base, from: new Date(now.getTime() - 365 * 864e5), to: now },
    'byProject',
  ],
  [
    'series: hours by day, 30 days',
    { ...base, from: new Date(now.getTime() - 30 * 864e5), to: now },
    'hoursByDay',
  ],
  [
    'series: weekly trend, 365 days',
    { ...base, from: new Date(now.getTime() - 365 * 864e5), to: now },
    'weeklyTrend',
  ],
  // Whole months from entry_rollup_tags and entry_rollups, the ragged edges from the entries.
  ['365 days (ragged), by tag', { ...base, from: new Date(now.getTime() - 365 * 864e5), to: now }, ['tag']],
  ['all time, by tag', { ...base }, ['tag']],
  ['all time, by tag x user', { ...base }, ['tag', 'user']],
  // Whole months from entry_rollup_hours, the ragged edges from the entries.
  [
    'series: by hour of day, 365 days',
    { ...base, from: new Date(now.getTime() - 365 * 864e5), to: now },
    'byHourOfDay',
  ],
  ['series: by hour of day, all time', { ...base }, 'byHourOfDay'],
];
// BENCH_REPORT_CASES=tag,hour (substrings of the names) measures only those.
const only = process.env.BENCH_REPORT_CASES?.split(',');
const time = async (f) => {
  const t = performance.now();
  const r = await f();
  return [performance.now() - t, r];
};
console.log('| report | every entry | rollups | ratio | equal |');
console.log('| --- | --- | --- | --- | --- |');
for (const [name, scope, groupBy] of cases) {
  if (only && !only.some((o) => name.includes(o))) continue;
  // A grouping asks the summary; a name, that series.
  const ask = (repo) =>
    typeof groupBy === 'string'
      ? repo[groupBy](scope, ...(groupBy === 'byProject' ? [10] : []))
      : repo.summary(scope, groupBy);
  await ask(fast); // warm
  const runs = [];
  let same = true;
  for (let i = 0; i < 3; i++) {
    const [te, a] = await time(() => ask(exact));
    const [tf, b] = await time(() => ask(fast));
    same &&= JSON.stringify(a) === JSON.stringify(b);
    runs.push([te, tf]);
  }
  const med = (k) => runs.map((r) => r[k]).sort((x, y) => x - y)[1];
  console.log(
    `| ${name} | ${med(0).toFixed(0)} ms | ${med(1).toFixed(0)} ms | ${(med(1) / med(0)).toFixed(3)} | ${same} |`,
  );
}
const [c] = await prisma.$queryRawUnsafe(
  `SELECT (SELECT count(*) FROM time_entries)::int AS entries, (SELECT count(*) FROM entry_rollups)::int AS rollups,
          (SELECT count(*) FROM entry_rollup_days)::int AS days, (SELECT count(*) FROM entry_rollup_hours)::int AS hours,
          (SELECT count(*) FROM entry_rollup_tags)::int AS tags, (SELECT count(*) FROM entry_rollup_deltas)::int AS deltas`,
);
console.log(c);
await prisma.$disconnect();
