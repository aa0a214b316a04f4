// Startup benchmark: embedded server boot, fresh database → verified, no-op start, verify alone.
// Usage: npm run bench            (from the repository root; writes nothing, prints a Markdown table)
//        BENCH_RUNS=10 npm run bench
// Uses TEST_DATABASE_URL's server when set, else an embedded PostgreSQL in a temporary folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import startup from '@timetracker/startup';
import { freePort, median } from '../lib.mjs';

const {
  runStartup,
  startEmbeddedPostgres,
  verifyDatabase,
  loadSchemaSources,
  withDatabase,
  findRepoRoot,
  silentReporter,
} = startup;
const runs = Number(process.env.BENCH_RUNS ?? 5);
const prismaDir = path.join(findRepoRoot(), 'prisma');

async function time(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

let server = process.env.TEST_DATABASE_URL && withDatabase(process.env.TEST_DATABASE_URL, 'postgres');
let embedded;
let tempDir;
let bootMs = null;
if (!server) {
  tempDir = mkdtempSync(path.join(tmpdir(), 'tt-bench-'));
  const port = await freePort();
  bootMs = await time(async () => {
    embedded = await startEmbeddedPostgres({
      baseDir: tempDir,
      port,
      reporter: silentReporter,
      ephemeral: true,
    });
  });
  server = embedded.serverUrl;
}
const admin = new pg.Client({ connectionString: server });
await admin.connect();
const { rows } = await admin.query(`SELECT current_setting('server_version') AS v`);

const options = (url) => ({
  databaseUrl: url,
  prismaDir,
  waitTimeoutMs: 10_000,
  adminUsername: 'admin',
  adminPassword: 'bench-password-123',
  reporter: silentReporter,
});

const fresh = [];
const noop = [];
const verifyOnly = [];
for (let i = 0; i < runs; i++) {
  const name = `tt_bench_${process.pid}_${i}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = withDatabase(server, name);
  fresh.push(await time(() => runStartup(options(url))));
  noop.push(await time(() => runStartup(options(url))));
  const { migrations, sqlFiles } = loadSchemaSources(prismaDir);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  verifyOnly.push(await time(() => verifyDatabase(client, migrations, sqlFiles)));
  await client.end();
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
}
await admin.end();
await embedded?.stop();
if (tempDir) rmSync(tempDir, { recursive: true, force: true });

const row = (label, ms, target) =>
  `| ${label} | ${ms.toFixed(0)} ms | ${target} ms | ${(ms / target).toFixed(2)} |`;
console.log(
  `PostgreSQL ${rows[0].v}${bootMs === null ? ' (external)' : ' (embedded)'}, ${runs} runs, medians`,
);
console.log('');
console.log('| step | median | target | ratio to target |');
console.log('| --- | --- | --- | --- |');
console.log(row('fresh database → verified', median(fresh), 3000));
console.log(row('no-op start (already migrated)', median(noop), 1000));
console.log(row('verify alone', median(verifyOnly), 300));
if (bootMs !== null)
  console.log(`| embedded server boot (initdb + start, reported apart) | ${bootMs.toFixed(0)} ms | — | — |`);
