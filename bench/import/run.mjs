// Import benchmark: a Toggl detailed-report CSV of BENCH_ROWS rows (default 1M; 50 users, 20
// projects, tags) uploaded through ImportsService, then one run of the worker's import job in a
// child process of its own, so that its peak RSS is the job's alone (not the generator's or the
// upload's buffer), then the import undone. Reports rows/s of the run, the job's peak RSS, the
// process's RSS before the job (Node, core, a connected Prisma client) and the difference, the
// undo's time, and the load average before and after. Target: >= 20k rows/s, < 200 MB.
// Usage: BENCH_ROWS=100000 npm run bench:import   (TEST_DATABASE_URL for another server;
// BENCH_JOB_NODE_OPTIONS='--max-old-space-size=128' to run the job under V8 flags;
// BENCH_CPU_PROF=<dir> for a CPU profile of the job)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import core from '@timetracker/core';
import db from '@timetracker/db';
import { benchDatabase } from '../lib.mjs';

const { ImportsRepository, ImportsService, TimeEntriesRepository } = core;
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const USERS = 50;
const progress = (message) => console.error(`[bench:import] ${message}`);

/** One Toggl row per 30 minutes per user, from 2024-01-01 on (Europe/Berlin local times). */
function togglCsv(rows) {
  const lines = [
    'User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags',
  ];
  const pad = (n) => String(n).padStart(2, '0');
  for (let i = 0; i < rows; i += 1) {
    const user = i % USERS;
    const slot = Math.floor(i / USERS); // 16 slots of 30 min a day, 08:00-16:00
    const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(slot / 16) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const minutes = 8 * 60 + (slot % 16) * 30;
    const start = `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}:00`;
    const end = `${pad(Math.floor((minutes + 25) / 60))}:${pad((minutes + 25) % 60)}:00`;
    lines.push(
      `User ${user},user${user}@bench.test,Client ${i % 5},Project ${i % 20},,Row ${i},Yes,${day},${start},${day},${end},00:25:00,"bench, t${i % 7}"`,
    );
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

/**
 * The process's peak RSS in bytes: VmHWM on Linux, which starts again at exec. getrusage's maxRSS
 * does not: the child would report the parent's RSS at fork (the generated file's 1M rows).
 */
function peakRssBytes() {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

if (process.argv[2] === 'job') {
  // The child: one poll of the worker's job, as the worker runs it (with the worker's V8 setting
  // for Prisma's query compiler: without it the baseline was about 26 MB higher than the worker's).
  db.useBaselineWasmCompiler();
  const prisma = db.createPrismaClient(process.env.BENCH_DATABASE_URL);
  const service = new ImportsService(
    new ImportsRepository(prisma),
    new TimeEntriesRepository(prisma),
    0,
    'bench',
  );
  // The process before the job: Node, the core package and a connected Prisma client (bench:memory
  // breaks this down).
  await prisma.$queryRaw`SELECT 1`;
  const baselineRssBytes = peakRssBytes();
  const started = performance.now();
  const result = await service.processNext(new Date());
  const ms = performance.now() - started;
  await prisma.$disconnect();
  console.log(JSON.stringify({ ...result, ms, baselineRssBytes, peakRssBytes: peakRssBytes() }));
  process.exit(0);
}

const bench = await benchDatabase('import');
try {
  const client = new pg.Client({ connectionString: bench.url });
  await client.connect();
  await client.query(
    `INSERT INTO users (username, email, password_hash) SELECT 'bench' || g, 'user' || g || '@bench.test', 'x' FROM generate_series(0, ${USERS - 1}) g`,
  );
  const admin = (await client.query(`SELECT id, username FROM users WHERE role = 'admin' LIMIT 1`)).rows[0];
  progress(`generating ${ROWS} rows`);
  const file = togglCsv(ROWS);
  const prisma = db.createPrismaClient(bench.url);
  const service = new ImportsService(
    new ImportsRepository(prisma),
    new TimeEntriesRepository(prisma),
    2 ** 30,
  );
  const actor = { userId: admin.id, username: admin.username, role: 'admin', via: 'session' };
  const up = await service.upload(
    actor,
    { bytes: file, fileName: 'bench.csv' },
    { timezone: 'Europe/Berlin' },
  );
  await service.run(actor, up.id);
  await prisma.$disconnect();
  progress(`uploaded ${(file.length / 1e6).toFixed(1)} MB; running the job in a child process`);
  // The machine may be shared: the load average goes with the figures.
  const loadBefore = os.loadavg().map((l) => +l.toFixed(1));
  // BENCH_CPU_PROF=<dir>: a V8 CPU profile of the job's process (NODE_OPTIONS may not carry it).
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF]
    : [];
  const out = execFileSync(process.execPath, [...profile, fileURLToPath(import.meta.url), 'job'], {
    // BENCH_JOB_NODE_OPTIONS: V8 flags (heap caps) for the job alone, not for the generator.
    env: {
      ...process.env,
      BENCH_DATABASE_URL: bench.url,
      NODE_OPTIONS: process.env.BENCH_JOB_NODE_OPTIONS ?? process.env.NODE_OPTIONS ?? '',
    },
    encoding: 'utf8',
    cwd: path.dirname(fileURLToPath(import.meta.url)),
    maxBuffer: 1 << 20,
  });
  const job = JSON.parse(out.trim().split('\n').at(-1));
  const entries = Number((await client.query('SELECT count(*) AS n FROM time_entries')).rows[0].n);
  // Undo as a whole: one transaction deleting every entry the import made (with an audit event
  // each), the rollups following.
  progress('undoing the import');
  const undoPrisma = db.createPrismaClient(bench.url);
  const undoService = new ImportsService(
    new ImportsRepository(undoPrisma),
    new TimeEntriesRepository(undoPrisma),
    2 ** 30,
  );
  const undoStarted = performance.now();
  const undone = await undoService.undo(actor, up.id, new Date());
  const undoMs = performance.now() - undoStarted;
  await undoPrisma.$disconnect();
  const left = Number((await client.query('SELECT count(*) AS n FROM time_entries')).rows[0].n);
  await client.end();
  const rowsPerSecond = Math.round(ROWS / (job.ms / 1000));
  console.log(
    JSON.stringify(
      {
        rows: ROWS,
        entries,
        fileMB: +(file.length / 1e6).toFixed(1),
        seconds: +(job.ms / 1000).toFixed(1),
        rowsPerSecond,
        peakRssMB: Math.round(job.peakRssBytes / 1e6),
        baselineRssMB: Math.round(job.baselineRssBytes / 1e6),
        jobIncrementMB: Math.round((job.peakRssBytes - job.baselineRssBytes) / 1e6),
        undo: { status: undone.status, seconds: +(undoMs / 1000).toFixed(1), entriesLeft: left },
        loadAverage: { before: loadBefore, after: os.loadavg().map((l) => +l.toFixed(1)) },
        jobNodeOptions: process.env.BENCH_JOB_NODE_OPTIONS ?? process.env.NODE_OPTIONS ?? '',
        server: bench.version,
      },
      null,
      2,
    ),
  );
} finally {
  await bench.drop();
}
