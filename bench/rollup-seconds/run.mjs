// The rollup trigger on single writes (a loop of timer starts, stops and note edits, each its own
// statement), as written (`function`: the seconds through entry_seconds(), which PostgreSQL
// inlines) and with that expression written out (`inline`), alternated in one run:
//   TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres node bench/rollup-seconds/run.mjs
// With BENCH_AGAINST=<git revision>, the trigger as written is compared with that revision's
// (`before`) instead. N (entries per loop, 3 writes each; 3000) and ROUNDS (4) in the environment.
// docs/benchmarks.md has results.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { ROLLUP_DRIFT_SQL as ROLLUP_DRIFT } from '@timetracker/startup/testing';
import { benchDatabase, root } from '../lib.mjs';

const db = await benchDatabase('seconds');
const c = new pg.Client({ connectionString: db.url });
await c.connect();
const FILE = 'prisma/sql/010_entry_rollups.sql';
/** The trigger function's CREATE statement in the file's text. */
function triggerOf(sqlFile) {
  const start = sqlFile.indexOf('CREATE OR REPLACE FUNCTION entry_rollups_entries_changed()');
  const end = sqlFile.indexOf('$$ LANGUAGE plpgsql;', start) + '$$ LANGUAGE plpgsql;'.length;
  return sqlFile.slice(start, end);
}
const asWritten = triggerOf(readFileSync(path.join(root, FILE), 'utf8'));
const AGAINST = process.env.BENCH_AGAINST;
let other;
if (AGAINST) {
  other = [
    'before',
    triggerOf(execFileSync('git', ['show', `${AGAINST}:${FILE}`], { cwd: root, encoding: 'utf8' })),
  ];
} else {
  const CALL = 'entry_seconds(e.duration_seconds, e.start_time, e.end_time, e.break_seconds)';
  if (asWritten.split(CALL).length !== 3)
    throw new Error('entry_seconds() is not called twice in the trigger');
  const inline = asWritten
    .split(CALL)
    .join(
      'COALESCE(e.duration_seconds, GREATEST(0, floor(extract(epoch FROM (e.end_time - e.start_time))) - e.break_seconds)::int)',
    );
  other = ['inline', inline];
}
const user = (await c.query(`INSERT INTO users (username, password_hash) VALUES ('probe', 'x') RETURNING id`))
  .rows[0].id;
const client = (await c.query(`INSERT INTO clients (name) VALUES ('C') RETURNING id`)).rows[0].id;
const project = (
  await c.query(`INSERT INTO projects (name, client_id) VALUES ('P', $1) RETURNING id`, [client])
).rows[0].id;
await c.query(
  `INSERT INTO rates (kind, project_id, effective_from, amount) VALUES ('billable', $1, '2020-01-01', 90)`,
  [project],
);
const N = Number(process.env.N ?? 3000);
let base = 0;
async function loop() {
  const t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const s = new Date(Date.UTC(2026, 0, 1) + (base + i) * 3600_000);
    const id = (
      await c.query(
        `INSERT INTO time_entries (user_id, project_id, start_time, source) VALUES ($1, $2, $3, 'timer') RETURNING id`,
        [user, project, s],
      )
    ).rows[0].id;
    await c.query(
      `UPDATE time_entries SET end_time = start_time + interval '30 minutes', duration_seconds = 1800 WHERE id = $1`,
      [id],
    );
    await c.query(`UPDATE time_entries SET notes = 'edited' WHERE id = $1`, [id]);
  }
  base += N;
  return Number(process.hrtime.bigint() - t) / 1e9;
}
// A revision from before the hour rollups (20261206232122_rollup_hours) writes deltas without their
// hour: the column takes 0 for the run, and the drift then counts that revision's rows.
if (AGAINST && !other[1].includes('hour'))
  await c.query(`ALTER TABLE entry_rollup_deltas ALTER COLUMN hour SET DEFAULT 0`);
const results = { function: [], [other[0]]: [] };
for (let round = 0; round < Number(process.env.ROUNDS ?? 4); round++) {
  for (const [name, fn] of round % 2 ? [other, ['function', asWritten]] : [['function', asWritten], other]) {
    await c.query(fn);
    results[name].push(await loop());
  }
}
const drift = (await c.query(`SELECT count(*)::int AS n FROM (${ROLLUP_DRIFT}) d`)).rows[0].n;
const round3 = (xs) => xs.map((x) => Number(x.toFixed(3)));
console.log(
  JSON.stringify({
    writesPerLoop: N * 3,
    seconds: Object.fromEntries(Object.entries(results).map(([name, xs]) => [name, round3(xs)])),
    rollupDriftRows: drift,
  }),
);
await c.end();
await db.drop?.();
