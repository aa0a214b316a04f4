import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmptyDatabase, createTestDatabase } from '../src/testing';
import { ALL_MIGRATIONS, repoRoot, withClient } from './support';

/**
 * docker/entrypoint.sh, run for real by /bin/sh as the container would run it, against a real
 * PostgreSQL. The image's /app is a checkout whose apps/<role>/dist/main.js are fakes here (they
 * print their pid and arguments), the rest — the CLI, the wait script — are the repository's.
 */
const entrypoint = path.join(repoRoot, 'docker', 'entrypoint.sh');
const appDir = mkdtempSync(path.join(tmpdir(), 'tt-entrypoint-'));
for (const shared of ['packages', 'node_modules', 'prisma', 'docker', 'package.json'])
  symlinkSync(path.join(repoRoot, shared), path.join(appDir, shared));
for (const role of ['api', 'worker']) {
  mkdirSync(path.join(appDir, 'apps', role, 'dist'), { recursive: true });
  writeFileSync(
    path.join(appDir, 'apps', role, 'dist', 'main.js'),
    `console.log(JSON.stringify({ app: ${JSON.stringify(role)}, pid: process.pid, args: process.argv.slice(2) }));\n`,
  );
}
afterAll(() => rmSync(appDir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  pid: number;
  output: string;
  ms: number;
  /** What the fake app printed, if it ran. */
  app?: { app: string; pid: number; args: string[] };
}

/** `onOutput` sees everything printed so far, each time more arrives. */
function run(
  args: string[],
  env: Record<string, string>,
  onOutput: (output: string) => void = () => {},
): Promise<Run> {
  const started = Date.now();
  // The environment a container gets: only what compose passes, not this test's.
  const child = spawn('/bin/sh', [entrypoint, ...args], {
    env: { PATH: process.env.PATH!, HOME: tmpdir(), APP_DIR: appDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (d: Buffer) => {
    output += d;
    onOutput(output);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      const line = output.split('\n').find((l) => l.startsWith('{"app"'));
      resolve({
        code,
        pid: child.pid!,
        output,
        ms: Date.now() - started,
        app: line ? JSON.parse(line) : undefined,
      });
    }),
  );
}

/** A port nothing listens on (yet). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Forwards `port` to the test PostgreSQL: the database "comes up" when this starts. */
function forward(port: number, to: URL): Promise<Server> {
  const server = createServer((socket) => {
    const upstream = createConnection(Number(to.port || 5432), to.hostname);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

describe('docker/entrypoint.sh', () => {
  it('waits while the database is down and gives up with exit 2 at the deadline, never starting the app', async () => {
    const port = await closedPort();
    const r = await run(['api'], {
      DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/timetracker`,
      STARTUP_WAIT_TIMEOUT_MS: '2500',
    });
    expect(r.code).toBe(2);
    expect(r.ms).toBeGreaterThanOrEqual(2500);
    expect(r.output).toContain('wait: attempt 1 failed');
    expect(r.output).toContain('wait: attempt 2 failed');
    expect(r.output).toMatch(/not reachable after \d+ attempt/);
    expect(r.app).toBeUndefined();
  });

  it('starts the app once the database comes up while it waits', async () => {
    const db = await createTestDatabase();
    const port = await closedPort();
    const target = new URL(db.url);
    const url = new URL(db.url);
    url.hostname = '127.0.0.1';
    url.port = String(port);
    // The database comes up once the entrypoint has seen it down (not after a fixed delay, which
    // a busy machine can outlast before the first attempt).
    let proxy: Promise<Server> | undefined;
    const comeUp = (output: string) => {
      if (!proxy && output.includes('wait: attempt 1 failed')) proxy = forward(port, target);
    };
    try {
      const r = await run(
        ['worker'],
        { DATABASE_URL: url.toString(), STARTUP_WAIT_TIMEOUT_MS: '20000' },
        comeUp,
      );
      expect(r.output).toContain('wait: attempt 1 failed');
      expect(r.code).toBe(0);
      expect(r.app?.app).toBe('worker');
    } finally {
      const server = await proxy;
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
      await db.drop();
    }
  });

  it('exits non-zero without starting the app when startup fails (RUN_STARTUP=true)', async () => {
    const db = await createTestDatabase();
    try {
      const last = ALL_MIGRATIONS.at(-1)!;
      await withClient(db.url, (c) =>
        c.query(`UPDATE _prisma_migrations SET checksum = 'tampered' WHERE migration_name = $1`, [last]),
      );
      const r = await run(['api'], { DATABASE_URL: db.url, RUN_STARTUP: 'true' });
      expect(r.code).toBe(1);
      expect(r.output).toContain(last);
      expect(r.output).toContain('startup failed (exit 1); not starting the api');
      expect(r.app).toBeUndefined();
    } finally {
      await db.drop();
    }
  });

  it('runs startup, then execs the app in its own process (RUN_STARTUP=true)', async () => {
    const db = await createEmptyDatabase();
    try {
      const r = await run(['api', '--some', 'arg'], {
        DATABASE_URL: db.url,
        RUN_STARTUP: 'true',
        ADMIN_PASSWORD: 'entrypoint-password',
      });
      expect(r.code).toBe(0);
      expect(r.output).toContain('[entrypoint] running startup before the api');
      expect(r.output).toMatch(/verify/);
      // exec: the app replaced the shell, so it has the pid the container started (signals reach it).
      expect(r.app).toEqual({ app: 'api', pid: r.pid, args: ['--some', 'arg'] });
      const applied = await withClient(db.url, (c) =>
        c.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL',
        ),
      );
      expect(applied.rows[0]!.n).toBe(ALL_MIGRATIONS.length);

      // The compose layout: `startup` once, then the app with a plain wait.
      const startup = await run(['startup'], { DATABASE_URL: db.url });
      expect(startup.code).toBe(0);
      const worker = await run(['worker'], { DATABASE_URL: db.url });
      expect(worker.code).toBe(0);
      expect(worker.app).toEqual({ app: 'worker', pid: worker.pid, args: [] });
      // Any other word goes to the CLI.
      const status = await run(['status'], { DATABASE_URL: db.url });
      expect(status.code).toBe(0);
      expect(status.output).toContain(ALL_MIGRATIONS.at(-1));
    } finally {
      await db.drop();
    }
  });

  it('refuses a RUN_STARTUP that is neither true nor false', async () => {
    const r = await run(['api'], {
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/x',
      RUN_STARTUP: 'maybe',
    });
    expect(r.code).toBe(78);
    expect(r.app).toBeUndefined();
  });
});
