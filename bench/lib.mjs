// What the benchmarks share: a server (TEST_DATABASE_URL's, else an embedded PostgreSQL in a
// temporary folder), a migrated and seeded database on it, and the built API as a child process.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import startup from '@timetracker/startup';

const { runStartup, startEmbeddedPostgres, withDatabase, findRepoRoot, silentReporter } = startup;
export const root = findRepoRoot();

export const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/**
 * Gives `userId` the API token `token` (stored as the API stores one, its SHA-256), for the
 * bench's requests as that user. Returns the token's row id.
 */
export async function insertApiToken(db, userId, token, name = 'bench') {
  const { rows } = await db.query(
    `INSERT INTO api_tokens (user_id, name, token_hash, prefix) VALUES ($1, $2, $3, 'ttpat_bench') RETURNING id`,
    [userId, name, createHash('sha256').update(token).digest('hex')],
  );
  return rows[0].id;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

export async function waitFor(url) {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

/**
 * A new database, migrated and seeded by the startup pipeline (admin / bench-password-123), on
 * TEST_DATABASE_URL's server (or `serverUrl`'s, when given) or on an embedded one. `server` is
 * that server's maintenance database; `drop()` removes the database (and the embedded server).
 */
export async function benchDatabase(name, { serverUrl = process.env.TEST_DATABASE_URL } = {}) {
  let server = serverUrl && withDatabase(serverUrl, 'postgres');
  let embedded;
  let tempDir;
  if (!server) {
    tempDir = mkdtempSync(path.join(tmpdir(), `tt-bench-${name}-`));
    embedded = await startEmbeddedPostgres({
      baseDir: tempDir,
      port: await freePort(),
      reporter: silentReporter,
      ephemeral: true,
    });
    server = embedded.serverUrl;
  }
  const dbName = `tt_bench_${name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = withDatabase(server, dbName);
  await runStartup({
    databaseUrl: url,
    prismaDir: path.join(root, 'prisma'),
    waitTimeoutMs: 10_000,
    adminUsername: 'admin',
    adminPassword: 'bench-password-123',
    reporter: silentReporter,
  });
  const version = (await admin.query('SHOW server_version')).rows[0].server_version;
  return {
    url,
    server,
    version: `PostgreSQL ${version}${embedded ? ' (embedded)' : ''}`,
    async drop() {
      await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
      await admin.end();
      await embedded?.stop();
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

/** The built API (apps/api/dist) on a free port; `peakRssBytes()` reads the kernel's high-water mark. */
export async function startApi(url, env = {}, nodeArgs = []) {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'apps/api/dist/main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/api/v1/health`);
  return {
    port,
    base,
    child,
    /** VmHWM of /proc/<pid>/status: the most resident memory the process ever had. */
    peakRssBytes() {
      const line = readFileSync(`/proc/${child.pid}/status`, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('VmHWM:'));
      return Number(line.match(/(\d+)/)[1]) * 1024;
    },
    rssBytes() {
      const line = readFileSync(`/proc/${child.pid}/status`, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('VmRSS:'));
      return Number(line.match(/(\d+)/)[1]) * 1024;
    },
    /**
     * Samples the VmHWM of the API's child processes (an export's, API_EXPORT_PROCESSES) every
     * 50 ms until `stop()`, which returns the highest seen (0 if none ran): a peak in a child's
     * last 50 ms can be missed.
     */
    watchChildren() {
      let peak = 0;
      const sample = () => {
        let pids = [];
        try {
          pids = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8')
            .split(' ')
            .filter(Boolean);
        } catch {
          return;
        }
        for (const pid of pids) {
          try {
            const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
            if (hwm) peak = Math.max(peak, Number(hwm[1]) * 1024);
          } catch {
            // ended between the two reads
          }
        }
      };
      const timer = setInterval(sample, 50);
      return {
        stop() {
          clearInterval(timer);
          sample();
          return peak;
        },
      };
    },
    stop() {
      child.kill('SIGTERM');
      return new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
