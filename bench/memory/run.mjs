// Baseline memory: the RSS of a fresh Node process after loading each piece the apps are made of
// (each step in a process of its own, median of BENCH_RUNS), then the built worker and API idle
// after start. Tells what the "baseline" of a process that imports or exports is made of.
// Usage: npm run bench:memory -w bench   (BENCH_RUNS=3, BENCH_IDLE_MS=5000; TEST_DATABASE_URL
// for another server; needs `npx turbo run build`)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDatabase, median, root, startApi } from '../lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 5000);
const here = path.dirname(fileURLToPath(import.meta.url));
const progress = (message) => console.error(`[bench:memory] ${message}`);

/**
 * What each step loads (CommonJS, as the built apps do). `connect`: a Prisma client made and
 * used once (SELECT 1); `liftoff`: with useBaselineWasmCompiler() first, as the api and worker call it.
 */
const STEPS = [
  { name: 'node alone', modules: [] },
  { name: 'pg', modules: ['pg'] },
  { name: '@timetracker/db (Prisma client, adapter-pg)', modules: ['@timetracker/db'] },
  { name: 'db + connected client', modules: ['@timetracker/db'], connect: true },
  { name: 'db + connected client, liftoff', modules: ['@timetracker/db'], connect: true, liftoff: true },
  { name: '@timetracker/contracts (zod schemas)', modules: ['@timetracker/contracts'] },
  { name: '@timetracker/core', modules: ['@timetracker/core'] },
  { name: 'core + connected client', modules: ['@timetracker/core'], connect: true },
  { name: 'core + connected client, liftoff', modules: ['@timetracker/core'], connect: true, liftoff: true },
  { name: 'exceljs alone', modules: ['exceljs'] },
  { name: 'pdfkit alone', modules: ['pdfkit'] },
  { name: 'nodemailer alone', modules: ['nodemailer'] },
  { name: '@node-rs/argon2 alone', modules: ['@node-rs/argon2'] },
  { name: 'qrcode alone', modules: ['qrcode'] },
  { name: 'openid-client alone', modules: ['openid-client'] },
];

/** One step in a new process; prints { rss, heapUsed } in bytes once loaded (and connected). */
function measure(step, url) {
  const script = `
    const step = ${JSON.stringify(step)};
    for (const m of step.modules) require(m);
    const out = () => {
      const { rss, heapUsed } = process.memoryUsage();
      console.log(JSON.stringify({ rss, heapUsed }));
    };
    if (!step.connect) out();
    else {
      const db = require('@timetracker/db');
      if (step.liftoff) db.useBaselineWasmCompiler();
      const prisma = db.createPrismaClient(${JSON.stringify(url)});
      prisma.$queryRaw\`SELECT 1\`.then(out).finally(() => prisma.$disconnect());
    }`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: here, encoding: 'utf8' }));
}

const procStatus = (pid, key) =>
  Number(new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) *
  1024;

/** The built worker, from start until its ready line, then IDLE_MS idle: RSS and peak (VmHWM). */
async function idleWorker(url) {
  const backupDir = mkdtempSync(path.join(tmpdir(), 'tt-bench-memory-'));
  const child = spawn(process.execPath, [path.join(root, 'apps/worker/dist/main.js')], {
    env: { ...process.env, DATABASE_URL: url, BACKUP_DIR: backupDir, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (d) => {
        output += d;
        if (output.includes('worker ready')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`worker exited (${code}):\n${output}`)));
    });
    await new Promise((r) => setTimeout(r, IDLE_MS));
    return { rss: procStatus(child.pid, 'VmRSS'), peak: procStatus(child.pid, 'VmHWM') };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    rmSync(backupDir, { recursive: true, force: true });
  }
}

async function idleApi(url) {
  const api = await startApi(url);
  try {
    await fetch(`${api.base}/api/v1/health/ready`);
    await new Promise((r) => setTimeout(r, IDLE_MS));
    return { rss: api.rssBytes(), peak: api.peakRssBytes() };
  } finally {
    await api.stop();
  }
}

const MB = (bytes) => Math.round(bytes / 1e6);
const bench = await benchDatabase('memory');
try {
  const rows = [];
  for (const step of STEPS) {
    progress(step.name);
    const runs = Array.from({ length: RUNS }, () => measure(step, bench.url));
    rows.push({
      step: step.name,
      rssMB: MB(median(runs.map((r) => r.rss))),
      heapUsedMB: MB(median(runs.map((r) => r.heapUsed))),
    });
  }
  progress('worker idle');
  const worker = await idleWorker(bench.url);
  rows.push({
    step: `worker idle ${IDLE_MS / 1000} s after ready`,
    rssMB: MB(worker.rss),
    peakMB: MB(worker.peak),
  });
  progress('api idle');
  const api = await idleApi(bench.url);
  rows.push({ step: `api idle ${IDLE_MS / 1000} s after ready`, rssMB: MB(api.rss), peakMB: MB(api.peak) });
  console.log(JSON.stringify({ node: process.version, server: bench.version, rows }, null, 2));
} finally {
  await bench.drop();
}
