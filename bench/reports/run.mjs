// Reports benchmark: on >= 1M entries, the summary grouped by project × week and a full CSV
// export through the real API, next to the equivalent hand-written SQL run by psql (`\copy` for
// the export) against the same database in the same run. Also the API's peak RSS.
// Usage: npm run bench:reports   (BENCH_ENTRIES=1000000, BENCH_RUNS=5; TEST_DATABASE_URL to use your server)
// Needs psql (Debian: postgresql-client).
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import startup from '@timetracker/startup';
import { benchDatabase, insertApiToken, median, startApi } from '../lib.mjs';

const { seedDemoData } = startup;

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const USERS = 50;
const TZ = 'Europe/Berlin';

const db = await benchDatabase('reports');
const sql = new pg.Client({ connectionString: db.url });
await sql.connect();
const t0 = performance.now();
// `npm run seed:demo`'s generator: five clients (one without a rate), twenty projects (a third
// with their own rate, every tenth not billable), three tasks each, fifty users, and finished
// entries over two years with mixed durations, tags and billable flags.
await sql.query(`UPDATE settings SET timezone = '${TZ}'`);
await seedDemoData(sql, { users: USERS, entries: ENTRIES, days: 730 });
const token = `ttpat_benchreports${'0'.repeat(30)}`;
const { rows: admins } = await sql.query(`SELECT id FROM users WHERE username = 'admin'`);
await insertApiToken(sql, admins[0].id, token);
await sql.query('VACUUM ANALYZE');
const seedMs = performance.now() - t0;

const api = await startApi(db.url);
const headers = { authorization: `Bearer ${token}` };

/** Time of one GET read to the end (the body is counted, not kept). */
async function httpGet(path) {
  const start = performance.now();
  const res = await fetch(`${api.base}${path}`, { headers });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  let bytes = 0;
  for await (const chunk of res.body) bytes += chunk.length;
  return { ms: performance.now() - start, bytes };
}

/** Time of psql running `command` (output discarded); includes psql's own start, a few ms. */
function psql(command) {
  const start = performance.now();
  execFileSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', db.url, '-c', command], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { ms: performance.now() - start };
}

// What a person would write for "hours and amounts per project and week, plus the total".
const SUMMARY_SQL = `
  SELECT p.name, date_trunc('week', te.start_time AT TIME ZONE '${TZ}') AS week,
         sum(te.duration_seconds) AS seconds,
         sum(te.duration_seconds) FILTER (WHERE te.billable) AS billable_seconds,
         round(sum(te.duration_seconds * rt.amount) FILTER (WHERE te.billable) / 3600, 2) AS amount,
         count(*) AS entries
    FROM time_entries te
    LEFT JOIN projects p ON p.id = te.project_id
    -- The billable rate in force on the entry's day, most specific level first (docs/rates.md).
    -- (a probe of each level's partial unique index, as packages/core/src/rates/rate-sql.ts).
    LEFT JOIN LATERAL (
      SELECT COALESCE(
        (SELECT r.amount FROM rates r
                WHERE r.kind = 'billable' AND r.project_id = te.project_id AND r.user_id = te.user_id
                  AND r.effective_from <= (te.start_time AT TIME ZONE '${TZ}')::date
                ORDER BY r.effective_from DESC LIMIT 1),
        (SELECT r.amount FROM rates r
                WHERE r.kind = 'billable' AND r.project_id = te.project_id AND r.user_id IS NULL
                  AND r.effective_from <= (te.start_time AT TIME ZONE '${TZ}')::date
                ORDER BY r.effective_from DESC LIMIT 1),
        (SELECT r.amount FROM rates r
                WHERE r.kind = 'billable' AND r.user_id = te.user_id AND r.project_id IS NULL
                  AND r.effective_from <= (te.start_time AT TIME ZONE '${TZ}')::date
                ORDER BY r.effective_from DESC LIMIT 1),
        (SELECT r.amount FROM rates r
                WHERE r.kind = 'billable' AND r.client_id = p.client_id
                  AND r.effective_from <= (te.start_time AT TIME ZONE '${TZ}')::date
                ORDER BY r.effective_from DESC LIMIT 1)) AS amount) rt ON true
   WHERE te.end_time IS NOT NULL
   GROUP BY GROUPING SETS ((p.name, 2), ())
   ORDER BY 1, 2`;

// The default export columns: date, user, project, task, start, end, hours, notes, tags, billable.
const EXPORT_SQL = `
  SELECT to_char(te.start_time AT TIME ZONE '${TZ}', 'YYYY-MM-DD') AS date, u.username AS "user",
         p.name AS project, t.name AS task,
         to_char(te.start_time AT TIME ZONE '${TZ}', 'YYYY-MM-DD"T"HH24:MI:SS') AS start,
         to_char(te.end_time AT TIME ZONE '${TZ}', 'YYYY-MM-DD"T"HH24:MI:SS') AS "end",
         round(te.duration_seconds / 3600.0, 2) AS duration_hours, te.notes,
         array_to_string(ARRAY(SELECT tg.name FROM time_entry_tags l JOIN tags tg ON tg.id = l.tag_id
                                WHERE l.time_entry_id = te.id ORDER BY l.position), ', ') AS tags, te.billable
    FROM time_entries te
    LEFT JOIN users u ON u.id = te.user_id
    LEFT JOIN projects p ON p.id = te.project_id
    LEFT JOIN tasks t ON t.id = te.task_id
   WHERE te.end_time IS NOT NULL
   ORDER BY te.start_time, te.id`;

const measures = {
  'summary: API': () => httpGet('/api/v1/reports/summary?groupBy=project,week'),
  'summary: psql': () => psql(SUMMARY_SQL),
  'export: API': () => httpGet('/api/v1/exports/time-entries.csv'),
  'export: psql \\copy': () =>
    psql(`\\copy (${EXPORT_SQL.replace(/\s+/g, ' ')}) TO '/dev/null' WITH (FORMAT csv, HEADER)`),
};
const results = {};
let exportBytes = 0;
const rssBeforeExport = api.rssBytes();
for (const [name, fn] of Object.entries(measures)) {
  await fn(); // warm-up: caches, JIT, pools
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await fn();
    times.push(r.ms);
    if (name === 'export: API') exportBytes = r.bytes;
  }
  results[name] = median(times);
}
const peakRss = api.peakRssBytes();
await api.stop();
await sql.end();
await db.drop();

const mb = (b) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const ms = (x) => `${x.toFixed(0)} ms`;
console.log(
  `${db.version}; ${ENTRIES.toLocaleString('en')} entries, ${USERS} users, 20 projects; medians of ${RUNS} runs after a warm-up; seeding took ${(seedMs / 1000).toFixed(1)} s`,
);
console.log('');
console.log('| operation | API | raw SQL (psql) | API / raw | target | ratio to target |');
console.log('| --- | --- | --- | --- | --- | --- |');
const rows = [
  ['summary by project × week', 'summary: API', 'summary: psql', 1.2],
  [`full CSV export (${mb(exportBytes)})`, 'export: API', 'export: psql \\copy', 2],
];
for (const [label, a, b, target] of rows) {
  const ratio = results[a] / results[b];
  console.log(
    `| ${label} | ${ms(results[a])} | ${ms(results[b])} | ${ratio.toFixed(2)} | ≤ ${target}× | ${(ratio / target).toFixed(2)} |`,
  );
}
console.log('');
console.log(
  `API peak RSS over the whole run (VmHWM): ${mb(peakRss)} (target < 200 MB, ratio ${(peakRss / (200 * 1024 * 1024)).toFixed(2)}); RSS before the exports: ${mb(rssBeforeExport)}`,
);
