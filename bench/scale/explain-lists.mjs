// EXPLAIN (ANALYZE, BUFFERS) of the entry list's statements (GET /api/v1/time-entries), as the
// API builds them (@timetracker/core's entryListStatements), on a database of bench/scale/data.mjs:
// for each sort, the admin's list of all entries and a heavy user's, page 1 and a deep page, and
// the total. Prints one line per statement: execution time, shared buffers (hit + read) and the
// scan nodes of its plan. Each statement runs once to warm the cache, then is measured.
//
// Usage: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/lists_scale node bench/scale/explain-lists.mjs
//   EXPLAIN_PAGE=2000 (the deep page, or the last full one when there are fewer), EXPLAIN_PAGE_SIZE=50, EXPLAIN_USER (default: the user with
//   the most entries).
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import core from '@timetracker/core';

const { entryListStatements } = core;
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL to a database of bench/scale/data.mjs');
  process.exit(2);
}
const deep = Number(process.env.EXPLAIN_PAGE ?? 2000);
const size = Number(process.env.EXPLAIN_PAGE_SIZE ?? 50);
const db = new pg.Client({ connectionString: url });
await db.connect();
const userId = Number(
  process.env.EXPLAIN_USER ??
    (await db.query(`SELECT user_id FROM time_entries GROUP BY user_id ORDER BY count(*) DESC LIMIT 1`))
      .rows[0].user_id,
);

// The plan's nodes on time_entries and its sorts (the names' lookups are one probe per row).
const scansOf = (node) => [
  ...(node['Relation Name'] === 'time_entries' || /Sort/.test(node['Node Type'])
    ? [`${node['Node Type']}${node['Index Name'] ? ` ${node['Index Name']}` : ''}`]
    : []),
  ...(node.Plans ?? []).flatMap(scansOf),
];

async function explain(query) {
  const run = () =>
    db
      .query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${query.text}`, query.values)
      .then((r) => r.rows[0]['QUERY PLAN'][0]);
  await run();
  const plan = await run();
  const buffers = plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'];
  return `${plan['Execution Time'].toFixed(1).padStart(8)} ms ${String(buffers).padStart(8)} buffers  ${[...new Set(scansOf(plan.Plan))].join(', ')}`;
}

console.log(
  `# ${(await db.query(`SELECT count(*) FROM time_entries`)).rows[0].count} entries; user ${userId}`,
);
// Before the cursor (commit d03efbc) the statements took (filter, sort, skip, take).
const statementsOf = (filter, sort, page, after) =>
  entryListStatements.length === 4
    ? entryListStatements(filter, sort, (page - 1) * size, size)
    : entryListStatements(
        filter,
        sort,
        after ? { after, take: size } : { skip: (page - 1) * size, take: size },
      );
for (const [who, filter] of [
  ['admin', {}],
  ['user', { userId }],
]) {
  // Page `deep`, or the last full page when there are fewer.
  const { n } = (
    await db.query(`SELECT count(*)::int AS n FROM time_entries WHERE $1::int IS NULL OR user_id = $1`, [
      filter.userId ?? null,
    ])
  ).rows[0];
  const last = Math.max(1, Math.min(deep, Math.floor(n / size)));
  const first = statementsOf(filter, { field: 'startTime', desc: true }, 1);
  console.log(`${`${who} count`.padEnd(42)} ${await explain(first.count)}`);
  if (first.unfiltered) {
    // What the API runs instead of the count for an unfiltered list: planning only.
    const times = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await db.query(`EXPLAIN (FORMAT JSON) ${first.estimate.text}`, first.estimate.values);
      times.push(performance.now() - t0);
    }
    const median = times.sort((a, b) => a - b)[2];
    console.log(`${`${who} estimate (round trip)`.padEnd(42)} ${median.toFixed(1).padStart(8)} ms`);
  }
  for (const field of ['startTime', 'durationSeconds', 'createdAt'])
    for (const desc of [true, false])
      for (const page of [1, last]) {
        const label = `${who} ${desc ? '-' : ''}${field} page ${page}`.padEnd(42);
        console.log(`${label} ${await explain(statementsOf(filter, { field, desc }, page).items)}`);
        if (page === 1 || entryListStatements.length === 4) continue;
        // The same page by cursor: after the last row of the page before it.
        const lastBefore = entryListStatements(
          filter,
          { field, desc },
          { skip: (page - 1) * size - 1, take: 1 },
        ).items;
        const [row] = (await db.query(lastBefore.text, lastBefore.values)).rows;
        const after = { key: row.sortKey, id: row.id };
        const cursorLabel = `${who} ${desc ? '-' : ''}${field} page ${page} (cursor)`.padEnd(42);
        console.log(
          `${cursorLabel} ${await explain(statementsOf(filter, { field, desc }, page, after).items)}`,
        );
      }
}
await db.end();
