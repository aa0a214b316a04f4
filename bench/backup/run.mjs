// Backup benchmark: on >= 1M entries, our backup (the writer the worker and `timetracker backup`
// use) and our restore (what `timetracker restore` runs: checksums, load, later migrations,
// verify) next to `pg_dump -Fc` and `pg_restore` of the same database in the same run, each
// restore into a new empty database. Target: ours <= 1.5x pg_dump / pg_restore.
// Usage: npm run bench:backup   (BENCH_ENTRIES=1000000, BENCH_RUNS=1; TEST_DATABASE_URL for another server)
// Needs pg_dump and pg_restore (Debian: postgresql-client) of the server's major version or newer:
// Debian 12's client is 15, which cannot dump the embedded PostgreSQL 18, so the default server
// is the machine's own PostgreSQL 15, not the embedded one the other benchmarks start.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeBackup } from '@timetracker/core';
import pg from 'pg';
import startup from '@timetracker/startup';
import { benchDatabase, median, root } from '../lib.mjs';

const { restoreBackup, seedDemoData, silentReporter, withDatabase } = startup;

const LOCAL_PG = 'postgresql://postgres@127.0.0.1:5432/postgres';
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const USERS = 50;
const TARGET = 1.5;

const progress = (message) => console.error(`[bench:backup] ${message}`);
const clientMajor = Number(execFileSync('pg_dump', ['--version'], { encoding: 'utf8' }).match(/(\d+)\./)[1]);

const db = await benchDatabase('backup', { serverUrl: process.env.TEST_DATABASE_URL ?? LOCAL_PG });
const admin = new pg.Client({ connectionString: db.server });
await admin.connect();
const serverMajor = Math.floor(
  Number((await admin.query('SHOW server_version_num')).rows[0].server_version_num) / 10000,
);
const dir = mkdtempSync(path.join(tmpdir(), 'tt-bench-backup-'));
const scratch = [];

/** A new empty database on the same server, dropped at the end. */
async function emptyDatabase(label) {
  const name = `tt_bench_backup_${label}_${process.pid}_${scratch.length}`;
  await admin.query(`CREATE DATABASE ${name}`);
  scratch.push(name);
  return withDatabase(db.server, name);
}

async function timed(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function countEntries(url) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return Number((await c.query('SELECT count(*) AS n FROM time_entries')).rows[0].n);
  } finally {
    await c.end();
  }
}

const times = { ourBackup: [], pgDump: [], ourRestore: [], pgRestore: [] };
const sizes = {};
let seedMs = 0;
try {
  if (serverMajor > clientMajor) {
    throw new Error(
      `pg_dump ${clientMajor} cannot dump PostgreSQL ${serverMajor}: run against a server of version ${clientMajor} or older`,
    );
  }
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  progress(`seeding ${ENTRIES.toLocaleString('en')} entries on ${db.version}`);
  seedMs = await timed(async () => {
    await seedDemoData(sql, { users: USERS, entries: ENTRIES, days: 730 });
    await sql.query('VACUUM ANALYZE');
  });
  await sql.end();

  for (let run = 1; run <= RUNS; run++) {
    const ours = path.join(dir, `ours-${run}.tar`);
    const theirs = path.join(dir, `pg-dump-${run}.dump`);
    progress(`run ${run}/${RUNS}: backup`);
    // As `timetracker backup` calls it (packages/startup/src/backup/cli-backup.ts).
    times.ourBackup.push(
      await timed(() => writeBackup({ databaseUrl: db.url, dir, fileName: path.basename(ours) })),
    );
    progress(`run ${run}/${RUNS}: pg_dump -Fc`);
    times.pgDump.push(
      await timed(async () =>
        execFileSync('pg_dump', ['-Fc', '-f', theirs, '-d', db.url], { stdio: 'inherit' }),
      ),
    );
    sizes.ours = statSync(ours).size;
    sizes.pgDump = statSync(theirs).size;

    progress(`run ${run}/${RUNS}: restore`);
    const ourTarget = await emptyDatabase('ours');
    // What `timetracker restore <file>` runs into an empty database.
    times.ourRestore.push(
      await timed(() =>
        restoreBackup({
          file: ours,
          databaseUrl: ourTarget,
          prismaDir: path.join(root, 'prisma'),
          force: false,
          waitTimeoutMs: 10_000,
          adminUsername: 'admin',
          adminPassword: 'bench-password-123',
          reporter: silentReporter,
        }),
      ),
    );
    progress(`run ${run}/${RUNS}: pg_restore`);
    const pgTarget = await emptyDatabase('pg');
    times.pgRestore.push(
      await timed(async () =>
        execFileSync('pg_restore', ['--exit-on-error', '-d', pgTarget, theirs], { stdio: 'inherit' }),
      ),
    );
    for (const [label, url] of [
      ['restore', ourTarget],
      ['pg_restore', pgTarget],
    ]) {
      const n = await countEntries(url);
      if (n !== ENTRIES) throw new Error(`${label} brought back ${n} entries, not ${ENTRIES}`);
    }
    for (const name of scratch.splice(0)) await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    rmSync(ours);
    rmSync(theirs);
  }
} finally {
  for (const name of scratch) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
}

const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(
  `${db.version}, pg_dump/pg_restore ${clientMajor} (Debian's client; pg_dump ${clientMajor} cannot dump the ` +
    `embedded PostgreSQL 18, hence this server); ${ENTRIES.toLocaleString('en')} entries, ${USERS} users; ` +
    `${RUNS === 1 ? 'one run' : `medians of ${RUNS} runs`}; seeding took ${s(seedMs)}`,
);
console.log('');
console.log('| operation | ours | pg_dump -Fc / pg_restore | ours / pg | target | ratio to target |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [label, a, b] of [
  ['backup', 'ourBackup', 'pgDump'],
  ['restore into an empty database', 'ourRestore', 'pgRestore'],
]) {
  const ratio = median(times[a]) / median(times[b]);
  console.log(
    `| ${label} | ${s(median(times[a]))} | ${s(median(times[b]))} | ${ratio.toFixed(2)} | ≤ ${TARGET}× | ${(ratio / TARGET).toFixed(2)} |`,
  );
}
console.log(
  `| archive size | ${mb(sizes.ours)} | ${mb(sizes.pgDump)} | ${(sizes.ours / sizes.pgDump).toFixed(2)} | — | — |`,
);
console.log('');
console.log(
  'Our restore is what `timetracker restore` does: check every checksum, apply the migrations up to the ' +
    "archive's schema, COPY every table and re-add the foreign keys in one transaction, then run startup " +
    '(later migrations, seed, verify). pg_restore runs with one job, as pg_dump -Fc wrote it (default compression).',
);
