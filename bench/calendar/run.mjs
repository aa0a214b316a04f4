// Calendar benchmark: the calendar's week (GET /api/v1/calendar, one request) for a user with five
// years of history, ~8 entries per working day, among other users' ~1M entries. Target (issue #17,
// Speed): p99 < 50 ms. Sequential requests (one person opening weeks), random weeks over the five
// years plus the current one with its running timer; some weeks hold invoiced (locked) entries.
// In the same run, interleaved, as yardsticks: the entries list of the same week through the API
// (a page and its count, what the dashboard would otherwise ask), and CalendarService.range in
// this process (the database's part, no HTTP).
// Usage: npm run bench:calendar   (BENCH_ENTRIES=1000000 background entries, BENCH_REQUESTS=2000;
// TEST_DATABASE_URL to use your server)
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import startup from '@timetracker/startup';
import { CalendarRepository, CalendarService } from '@timetracker/core';
import { createPrismaClient } from '@timetracker/db';
import { benchDatabase, insertApiToken, startApi } from '../lib.mjs';

const { seedDemoData } = startup;

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const WARMUP = 200;
const YEARS = 5;
const TZ = 'Europe/Berlin';

const db = await benchDatabase('calendar');
const sql = new pg.Client({ connectionString: db.url });
await sql.connect();
const t0 = performance.now();
await sql.query(`UPDATE settings SET timezone = '${TZ}'`);
// Everyone else: `npm run seed:demo`'s generator over the same five years.
await seedDemoData(sql, { users: 50, entries: ENTRIES, days: 365 * YEARS });
// Pat: every working day of five years, 8 entries of 45 minutes from 08:00 local, 10 minutes apart.
const pat = (
  await sql.query(
    `INSERT INTO users (username, role, password_hash) VALUES ('pat', 'user', NULL) RETURNING id`,
  )
).rows[0].id;
await sql.query(
  `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, notes, source, billable)
   SELECT $1, (SELECT id FROM projects ORDER BY id OFFSET (k % 5) LIMIT 1),
          (d + time '08:00' + k * interval '55 minutes') AT TIME ZONE '${TZ}',
          (d + time '08:45' + k * interval '55 minutes') AT TIME ZONE '${TZ}',
          2700, 'Work item ' || k, 'manual', true
     FROM generate_series(current_date - interval '${YEARS} years', current_date - 1, interval '1 day') d,
          generate_series(0, 7) k
    WHERE extract(isodow FROM d) < 6`,
  [pat],
);
// Pat's first four years are invoiced (locked blocks read their invoice too), and a timer runs now.
const project = (await sql.query(`SELECT id FROM projects ORDER BY id LIMIT 1`)).rows[0].id;
const invoice = (
  await sql.query(
    `INSERT INTO invoices (invoice_number, project_id, client_name, issue_date, due_date, status)
     VALUES ('BENCH-1', $1, 'Bench', current_date, current_date + 30, 'sent') RETURNING id`,
    [project],
  )
).rows[0].id;
const item = (
  await sql.query(
    `INSERT INTO invoice_items (invoice_id, description, unit_price, total_amount) VALUES ($1, 'time', 1, 1) RETURNING id`,
    [invoice],
  )
).rows[0].id;
await sql.query(
  `UPDATE time_entries SET invoice_item_id = $1 WHERE user_id = $2 AND start_time < now() - interval '1 year'`,
  [item, pat],
);
await sql.query(
  `INSERT INTO time_entries (user_id, project_id, start_time, source) VALUES ($1, $2, now() - interval '2 hours', 'auto')`,
  [pat, project],
);
const token = `ttpat_benchcalendar${'0'.repeat(29)}`;
await insertApiToken(sql, pat, token);
const counts = (
  await sql.query(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE user_id = $1)::int AS pat FROM time_entries`,
    [pat],
  )
).rows[0];
await sql.query('VACUUM ANALYZE');
await sql.query('CHECKPOINT');
const seedMs = performance.now() - t0;

const api = await startApi(db.url);
const headers = { authorization: `Bearer ${token}` };
const prisma = createPrismaClient(db.url);
const service = new CalendarService(new CalendarRepository(prisma));
const principal = { userId: pat, username: 'pat', role: 'user', via: 'token' };

/** Monday (YYYY-MM-DD) `weeksAgo` weeks before this week's. */
function monday(weeksAgo) {
  const d = new Date();
  d.setUTCHours(12, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7) - 7 * weeksAgo);
  return d;
}
const day = (d, plus = 0) => new Date(d.getTime() + plus * 86_400_000).toISOString().slice(0, 10);

async function timedGet(path) {
  const start = performance.now();
  const res = await fetch(`${api.base}${path}`, { headers });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
  return { ms: performance.now() - start, body };
}

let blocks = 0;
const times = { calendar: [], list: [], service: [] };
async function week(weeksAgo) {
  const m = monday(weeksAgo);
  const calendar = await timedGet(`/api/v1/calendar?from=${day(m)}&to=${day(m, 6)}`);
  blocks += calendar.body.items.length;
  const { from, to } = calendar.body;
  const list = await timedGet(`/api/v1/time-entries?from=${from}&to=${to}&pageSize=100&sort=startTime`);
  const start = performance.now();
  await service.range(principal, { from: day(m), to: day(m, 6) });
  return { calendar: calendar.ms, list: list.ms, service: performance.now() - start };
}

// Every fifth request is the current week (the one people open most); the rest random weeks.
const pick = (i) => (i % 5 === 0 ? 0 : Math.floor(Math.random() * 52 * YEARS));
for (let i = 0; i < WARMUP; i++) await week(pick(i));
blocks = 0;
for (let i = 0; i < REQUESTS; i++) {
  const t = await week(pick(i));
  for (const key of Object.keys(times)) times[key].push(t[key]);
}
await api.stop();
await prisma.$disconnect();
await sql.end();
await db.drop();

const ms = (x) => `${x.toFixed(1)} ms`;
console.log(
  `${db.version}; ${counts.total.toLocaleString('en')} entries, of which pat's ${counts.pat.toLocaleString('en')} over ${YEARS} years; ` +
    `${REQUESTS} sequential requests after ${WARMUP} warm-up, ${(blocks / REQUESTS).toFixed(1)} blocks a week on average; seeding took ${(seedMs / 1000).toFixed(1)} s`,
);
console.log('');
console.log('| request | p50 | p95 | p99 | max | target p99 | ratio to target |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
const rows = [
  ['GET /api/v1/calendar (a week)', 'calendar', 50],
  ['yardstick: GET /api/v1/time-entries (the same week, page + count)', 'list', null],
  ['yardstick: CalendarService.range in process (no HTTP)', 'service', null],
];
for (const [label, key, target] of rows) {
  const xs = times[key].sort((a, b) => a - b);
  const at = (q) => xs[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)];
  const ratio = target ? (at(0.99) / target).toFixed(2) : '—';
  console.log(
    `| ${label} | ${ms(at(0.5))} | ${ms(at(0.95))} | ${ms(at(0.99))} | ${ms(xs.at(-1))} | ${target ? `${target} ms` : '—'} | ${ratio} |`,
  );
}
