// Timesheet benchmark (issue #17 "Speed"): GET /api/v1/timesheet for random weeks of a user with
// five years of history (~8 entries per working day, a tenth billed on invoices, a running timer),
// among other users' entries, through the built API with an API token, one request at a time.
// Target: p99 < 50 ms. Also prints the plan of the week's statement for one week.
// Usage: npm run bench:timesheet   (BENCH_REQUESTS=1000, BENCH_BACKGROUND=200000;
// TEST_DATABASE_URL to use your server)
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import startup from '@timetracker/startup';
import { benchDatabase, insertApiToken, startApi } from '../lib.mjs';

const { seedDemoData } = startup;

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const CPU_REQUESTS = 500;
const BACKGROUND = Number(process.env.BENCH_BACKGROUND ?? 200_000);
const TZ = 'Europe/Berlin';
const YEARS = 5;
const PER_DAY = 8;
const LAST_DAY = '2026-12-04';

const db = await benchDatabase('timesheet');
const sql = new pg.Client({ connectionString: db.url });
await sql.connect();
const t0 = performance.now();
await sql.query(`UPDATE settings SET timezone = '${TZ}'`);
// Everyone else's time: the demo generator's users over the same five years.
await seedDemoData(sql, { users: 50, entries: BACKGROUND, days: 365 * YEARS });
const {
  rows: [user],
} = await sql.query(`INSERT INTO users (username, role) VALUES ('sheet', 'user') RETURNING id`);
const { rows: combos } = await sql.query(`
  SELECT p.id AS project, (SELECT min(t.id) FROM tasks t WHERE t.project_id = p.id) AS task
    FROM projects p WHERE p.status = 'active' ORDER BY p.id LIMIT ${PER_DAY}`);
// Working days of five years, eight entries a day from 08:00 local (50 min each, 5 min apart) on
// eight project/task rows (every other one with a task); the first of each day a timer's.
await sql.query(
  `INSERT INTO time_entries (user_id, project_id, task_id, start_time, end_time, duration_seconds, source, billable)
   SELECT $1, (($5::json) -> k ->> 'project')::int,
          CASE WHEN k % 2 = 1 THEN (($5::json) -> k ->> 'task')::int END,
          ((d::date + time '08:00') AT TIME ZONE $2) + k * interval '55 minutes',
          ((d::date + time '08:00') AT TIME ZONE $2) + k * interval '55 minutes' + interval '50 minutes',
          3000, CASE WHEN k = 0 THEN 'auto' ELSE 'manual' END, true
     FROM generate_series($3::date - ($4::int * 365), $3::date, interval '1 day') d,
          generate_series(0, ${PER_DAY - 1}) k
    WHERE extract(isodow FROM d) < 6`,
  [user.id, TZ, LAST_DAY, YEARS, JSON.stringify(combos)],
);
// A tenth of them billed: one invoice line per 20 entries, on sent invoices of 200 lines.
await sql.query(`
  WITH billed AS (
    SELECT id, row_number() OVER (ORDER BY start_time) AS n FROM time_entries
     WHERE user_id = ${user.id} AND id % 10 = 0),
  invoices AS (
    INSERT INTO invoices (invoice_number, client_name, issue_date, due_date, status)
    SELECT 'BENCH-' || g, 'Bench client', date '2022-01-01', date '2022-02-01', 'sent'
      FROM generate_series(0, (SELECT count(*) FROM billed) / 4000) g
    RETURNING id, invoice_number),
  items AS (
    INSERT INTO invoice_items (invoice_id, description, unit_price, total_amount)
    SELECT (SELECT id FROM invoices WHERE invoice_number = 'BENCH-' || (g / 200)), 'line', 1, 1
      FROM generate_series(0, (SELECT count(*) FROM billed) / 20) g
    RETURNING id)
  UPDATE time_entries te SET invoice_item_id = i.id
    FROM billed b, (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM items) i
   WHERE te.id = b.id AND i.n = (b.n - 1) / 20`);
await sql.query(
  `INSERT INTO time_entries (user_id, project_id, start_time, source, billable)
   VALUES ($1, $2, now() - interval '1 hour', 'auto', true)`,
  [user.id, combos[0].project],
);
const token = `ttpat_benchsheet${'0'.repeat(32)}`;
await insertApiToken(sql, user.id, token);
await sql.query('VACUUM ANALYZE');
await sql.query('CHECKPOINT');
const counts = (
  await sql.query(
    `SELECT count(*) FILTER (WHERE user_id = $1)::int AS mine, count(*)::int AS total,
                          count(*) FILTER (WHERE user_id = $1 AND invoice_item_id IS NOT NULL)::int AS billed
                     FROM time_entries`,
    [user.id],
  )
).rows[0];
const seedMs = performance.now() - t0;

const api = await startApi(db.url);
const headers = { authorization: `Bearer ${token}` };
const firstDay = Date.parse(`${LAST_DAY}T12:00:00Z`) - YEARS * 365 * 86_400_000;
const randomDay = () =>
  new Date(firstDay + Math.random() * YEARS * 365 * 86_400_000).toISOString().slice(0, 10);

async function get(week, path = `/api/v1/timesheet?week=${week}`) {
  const start = performance.now();
  const res = await fetch(`${api.base}${path}`, { headers });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`${week}: ${res.status} ${JSON.stringify(body)}`);
  return { ms: performance.now() - start, body };
}

for (let i = 0; i < 100; i++) await get(randomDay()); // warm-up: JIT, pools, caches
// Interleaved with a baseline that does the same authentication and one small read (the user's
// running timers): on a shared machine both see the same load, so their ratio means something.
const times = [];
const baseline = [];
let entries = 0;
for (let i = 0; i < REQUESTS; i++) {
  const { ms, body } = await get(randomDay());
  times.push(ms);
  entries += body.rows.reduce((s, r) => s + r.cells.reduce((c, x) => c + x.entryCount, 0), 0);
  baseline.push((await get('', '/api/v1/timer/active')).ms);
}
// CPU the API spends per request, which the machine's load does not change (much): read from
// /proc (user + system clock ticks, 100 a second) over a run of each request alone.
const cpuMs = () => {
  const fields = readFileSync(`/proc/${api.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
};
async function cpuPerRequest(path) {
  const before = cpuMs();
  for (let i = 0; i < CPU_REQUESTS; i++) await get('', path());
  return (cpuMs() - before) / CPU_REQUESTS;
}
const sheetCpu = await cpuPerRequest(() => `/api/v1/timesheet?week=${randomDay()}`);
const baselineCpu = await cpuPerRequest(() => '/api/v1/timer/active');
const today = await get(LAST_DAY);
await api.stop();

const plan = await sql.query(
  `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
   SELECT te.id FROM time_entries te
     LEFT JOIN projects p ON p.id = te.project_id LEFT JOIN clients c ON c.id = p.client_id
     LEFT JOIN tasks t ON t.id = te.task_id LEFT JOIN invoice_items ii ON ii.id = te.invoice_item_id
     LEFT JOIN invoices i ON i.id = ii.invoice_id
    WHERE te.user_id = $1 AND te.start_time >= '2024-03-24T23:00:00Z' AND te.start_time < '2024-03-31T22:00:00Z'
    ORDER BY te.start_time, te.id`,
  [user.id],
);
await sql.end();
await db.drop();

times.sort((a, b) => a - b);
baseline.sort((a, b) => a - b);
const pctOf = (xs, p) => xs[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const pct = (p) => pctOf(times, p);
const ms = (x) => `${x.toFixed(1)} ms`;
console.log(
  `${db.version}; the user: ${counts.mine.toLocaleString('en')} entries over ${YEARS} years (${counts.billed.toLocaleString('en')} billed), ` +
    `${counts.total.toLocaleString('en')} entries in all; ${REQUESTS} requests for random weeks, one at a time, ` +
    `after 100 to warm up (${(entries / REQUESTS).toFixed(1)} entries a week on average); seeding took ${(seedMs / 1000).toFixed(1)} s`,
);
console.log('');
console.log('| GET /api/v1/timesheet?week= | p50 | p95 | p99 | max | target | ratio to target |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
console.log(
  `| random week | ${ms(pct(50))} | ${ms(pct(95))} | ${ms(pct(99))} | ${ms(times.at(-1))} | p99 < 50 ms | ${(pct(99) / 50).toFixed(2)} |`,
);
console.log(
  `| baseline: GET /api/v1/timer/active | ${ms(pctOf(baseline, 50))} | ${ms(pctOf(baseline, 95))} | ${ms(pctOf(baseline, 99))} | ${ms(baseline.at(-1))} | — | — |`,
);
console.log('');
console.log(
  `API CPU per request (${CPU_REQUESTS} of each, one at a time): timesheet ${sheetCpu.toFixed(2)} ms, baseline ${baselineCpu.toFixed(2)} ms`,
);
console.log('');
console.log(
  `This week (with the running timer): ${ms(today.ms)}, hasRunningTimer=${today.body.hasRunningTimer}`,
);
console.log('');
console.log('Plan of the week statement (one week):');
for (const r of plan.rows) console.log(`    ${r['QUERY PLAN']}`);
