// Import benchmark: a Toggl detailed-report CSV of BENCH_ROWS rows (default 1M; 50 users, 20
// projects, tags) uploaded through ImportsService, then one poll of the imports as the worker
// makes it: in a process of its own under the worker's V8 flags (pollImportsInProcess), so that
// its peak RSS is the job's alone (not the generator's or the upload's buffer); then the import
// undone. Reports rows/s of the poll (the process's start included), the job's peak RSS, the
// undo's time, and the load average before and after. Target: >= 20k rows/s, < 200 MB.
// Usage: BENCH_ROWS=100000 npm run bench:import   (TEST_DATABASE_URL for another server;
// BENCH_JOB_NODE_OPTIONS='' for the job's process without the worker's heap caps, or other flags;
// BENCH_CPU_PROF=<dir> for a CPU profile of the job)
import os from 'node:os';
import pg from 'pg';
import core from '@timetracker/core';
import db from '@timetracker/db';
import { benchDatabase } from '../lib.mjs';
// The worker's own start of an import's process (apps/worker must be built: npm run build).
import importProcess from '../../apps/worker/dist/jobs/import-process.js';

const { DEFAULT_IMPORT_NODE_OPTIONS, ImportsRepository, ImportsService, TimeEntriesRepository } = core;
const { pollImportsInProcess } = importProcess;
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
  progress(`uploaded ${(file.length / 1e6).toFixed(1)} MB; running the job in a process of its own`);
  // The machine may be shared: the load average goes with the figures.
  const loadBefore = os.loadavg().map((l) => +l.toFixed(1));
  const nodeOptions = [
    process.env.BENCH_JOB_NODE_OPTIONS ?? DEFAULT_IMPORT_NODE_OPTIONS,
    // BENCH_CPU_PROF=<dir>: a V8 CPU profile of the job's process.
    ...(process.env.BENCH_CPU_PROF ? [`--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
  ].join(' ');
  const started = performance.now();
  const job = await pollImportsInProcess({ databaseUrl: bench.url, nodeOptions }, service, new Date());
  const jobMs = performance.now() - started;
  await prisma.$disconnect();
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
  const rowsPerSecond = Math.round(ROWS / (jobMs / 1000));
  console.log(
    JSON.stringify(
      {
        rows: ROWS,
        entries,
        fileMB: +(file.length / 1e6).toFixed(1),
        seconds: +(jobMs / 1000).toFixed(1),
        rowsPerSecond,
        peakRssMB: job.peakRssMB,
        undo: { status: undone.status, seconds: +(undoMs / 1000).toFixed(1), entriesLeft: left },
        loadAverage: { before: loadBefore, after: os.loadavg().map((l) => +l.toFixed(1)) },
        jobNodeOptions: nodeOptions,
        server: bench.version,
      },
      null,
      2,
    ),
  );
} finally {
  await bench.drop();
}
