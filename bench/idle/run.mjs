// Idle-timeout benchmark: the worker's sweep (IdleTimersService.stopIdleTimers, one set-based
// UPDATE) over 100,000 running timers whose users all went idle, against the 1 s target.
// Then the sweep as it runs almost every minute: nothing to stop, over BENCH_HISTORY finished
// entries. Usage: npm run bench:idle   (BENCH_TIMERS=100000, BENCH_RUNS=5, BENCH_HISTORY=1000000;
// BENCH_VERBOSE=1 prints each run; TEST_DATABASE_URL to use your server)
import { performance } from 'node:perf_hooks';
import { HousekeepingRepository, IdleTimersRepository, IdleTimersService } from '@timetracker/core';
import { createPrismaClient } from '@timetracker/db';
import pg from 'pg';
import { benchDatabase, median } from '../lib.mjs';

const TIMERS = Number(process.env.BENCH_TIMERS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const db = await benchDatabase('idle');
const sql = new pg.Client({ connectionString: db.url });
await sql.connect();
await sql.query(
  `UPDATE settings SET idle_timeout_minutes = 30, rounding_minutes = 15, rounding_mode = 'nearest'`,
);
// One running timer per user (single_active_timer), every user last active two hours ago.
await sql.query(
  `INSERT INTO users (username, role, last_activity_at)
   SELECT 'idle' || g, 'user', now() - interval '2 hours' FROM generate_series(1, $1::int) g`,
  [TIMERS],
);
const project = (await sql.query(`SELECT id FROM projects WHERE name = 'General'`)).rows[0].id;
const prisma = createPrismaClient(db.url);
const sweep = new IdleTimersService(new IdleTimersRepository(prisma));
// Connected before the clock starts: the worker's client is long-lived.
await prisma.$queryRaw`SELECT 1`;

const times = [];
let stopped = 0;
for (let run = 0; run < RUNS; run++) {
  await sql.query(`DELETE FROM time_entries`);
  await sql.query(
    `INSERT INTO time_entries (user_id, project_id, start_time, source, billable)
     SELECT id, $1, now() - interval '3 hours' - (id % 600) * interval '1 second', 'auto', true
       FROM users WHERE username LIKE 'idle%'`,
    [project],
  );
  // Clean slate: statistics, and the setup's changed pages written out, so the sweep pays only
  // for its own work.
  await sql.query('VACUUM ANALYZE time_entries');
  await sql.query('VACUUM ANALYZE running_timers');
  await sql.query('ANALYZE users');
  await sql.query('CHECKPOINT');
  const t0 = performance.now();
  ({ stopped } = await sweep.stopIdleTimers(new Date()));
  times.push(performance.now() - t0);
  if (process.env.BENCH_VERBOSE) console.log(`run ${run + 1}: ${times.at(-1).toFixed(0)} ms`);
  const { rows } = await sql.query(`SELECT count(*)::int AS n FROM time_entries WHERE end_time IS NULL`);
  if (stopped !== TIMERS || rows[0].n !== 0)
    throw new Error(`stopped ${stopped}, ${rows[0].n} still running`);
}
// The sweep runs every minute and almost always finds nothing to stop: timed over a large history
// (every entry finished), where it reads running_timers rather than the entries themselves.
const HISTORY = Number(process.env.BENCH_HISTORY ?? 1_000_000);
await sql.query(
  `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, source)
   SELECT u.id, $1, now() - g * interval '1 hour', now() - g * interval '1 hour' + interval '30 minutes', 1800, 'manual'
     FROM generate_series(1, $2::int) g JOIN users u ON u.username = 'idle' || (g % $3::int + 1)`,
  [project, HISTORY, TIMERS],
);
// The last sweep left its 100,000 rows in running_timers; the hourly housekeeping removes them.
await new HousekeepingRepository(prisma).deleteEndedRunningTimers();
await sql.query('VACUUM ANALYZE time_entries');
await sql.query('VACUUM ANALYZE running_timers');
const idleTimes = [];
for (let run = 0; run < RUNS; run++) {
  const t0 = performance.now();
  const { stopped: none } = await sweep.stopIdleTimers(new Date());
  idleTimes.push(performance.now() - t0);
  if (none !== 0) throw new Error(`the sweep over finished entries stopped ${none}`);
}
await prisma.$disconnect();
await sql.end();
await db.drop();

const ms = median(times);
const slowest = Math.max(...times);
console.log(
  `${db.version}; ${TIMERS.toLocaleString('en')} running timers, all idle; ${RUNS} sweeps ` +
    '(the first also grows the table file; later ones reuse the space the previous run freed)',
);
console.log('');
console.log('| operation | median | slowest | target | median / target |');
console.log('| --- | --- | --- | --- | --- |');
console.log(
  `| idle sweep (stops ${stopped.toLocaleString('en')} timers) | ${ms.toFixed(0)} ms | ${slowest.toFixed(0)} ms | 1000 ms | ${(ms / 1000).toFixed(2)} |`,
);
console.log(
  `| idle sweep with nothing to stop, over ${(HISTORY + 2 * TIMERS).toLocaleString('en')} finished entries | ${median(idleTimes).toFixed(1)} ms | ${Math.max(...idleTimes).toFixed(1)} ms | — | — |`,
);
