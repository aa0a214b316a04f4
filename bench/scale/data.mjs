// The scale benchmark's data alone (generate.mjs), in a database that is kept: for looking at
// plans (EXPLAIN) of the statements the benchmark measures, without the API or the measurements.
//
// Usage: TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
//          BENCH_SCALE_DATABASE=lists_scale BENCH_SCALE_ENTRIES=1000000 node bench/scale/data.mjs
//   BENCH_SCALE_DATABASE (required) must not exist yet; it is created, migrated and seeded by the
//   startup pipeline, then filled and left in place (drop it with DROP DATABASE when done).
//   BENCH_SCALE_SEED=1 as for bench:scale. Run the startup pipeline on it again (npm run db:migrate
//   with DATABASE_URL) to apply later migrations to the same rows.
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import pg from 'pg';
import startup from '@timetracker/startup';
import { root } from '../lib.mjs';
import { createScaleBase, generateStep } from './generate.mjs';

const { runStartup, withDatabase, silentReporter } = startup;
const server = process.env.TEST_DATABASE_URL;
const name = process.env.BENCH_SCALE_DATABASE;
if (!server || !name || !/^[a-z_][a-z0-9_]*$/.test(name)) {
  console.error('Set TEST_DATABASE_URL and BENCH_SCALE_DATABASE (a new database name: a-z, 0-9, _)');
  process.exit(2);
}
const entries = Number(process.env.BENCH_SCALE_ENTRIES ?? 1_000_000);
const seed = Number(process.env.BENCH_SCALE_SEED ?? 1);

const admin = new pg.Client({ connectionString: withDatabase(server, 'postgres') });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
await admin.end();
const url = withDatabase(server, name);
await runStartup({
  databaseUrl: url,
  prismaDir: path.join(root, 'prisma'),
  waitTimeoutMs: 10_000,
  adminUsername: 'admin',
  adminPassword: 'bench-password-123',
  reporter: silentReporter,
});
const db = new pg.Client({ connectionString: url });
await db.connect();
const t0 = performance.now();
const base = await createScaleBase(db, { seed, maxEntries: entries, steps: [entries] });
let added = 0;
for (const step of base.plan) added += Number(await generateStep(base, step));
// The steps insert without triggers: the report rollups are built whole afterwards.
await db.query('SELECT entry_rollups_rebuild()');
await db.query('VACUUM ANALYZE');
await db.query('CHECKPOINT');
const heavy = (await db.query(`SELECT id FROM scale_users WHERE cls = 0 ORDER BY i`)).rows.map((r) => r.id);
console.log(
  `${name}: ${added.toLocaleString('en')} entries, ${base.firstDay} to ${base.lastDay}, in ${((performance.now() - t0) / 1000).toFixed(0)} s; admin ${base.adminId}, heavy users ${heavy.join(', ')}`,
);
await db.end();
