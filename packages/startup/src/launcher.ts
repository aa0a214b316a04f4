import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { StartupConfig } from './config';
import { resolveDatabase } from './database';
import { findRepoRoot } from './paths';
import { runStartup } from './pipeline';
import type { Reporter } from './report';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForHttp(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  return false;
}

function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * `npm start`: the embedded PostgreSQL when DATABASE_URL is unset, the startup pipeline, then
 * the API and the worker as child processes. Ctrl-C (or SIGTERM) stops the apps gracefully,
 * then the database; if either app dies, everything stops with a non-zero exit.
 */
export async function launch(config: StartupConfig, reporter: Reporter): Promise<number> {
  const database = await resolveDatabase(config, reporter);
  const root = findRepoRoot();
  let children: ChildProcess[] = [];
  let stopping = false;

  const shutdown = async (code: number): Promise<number> => {
    if (stopping) return code;
    stopping = true;
    await Promise.all(children.map((c) => stopChild(c, 15_000)));
    await database.release().catch((err) => reporter.warn(`stopping PostgreSQL: ${(err as Error).message}`));
    return code;
  };

  try {
    const result = await runStartup({
      databaseUrl: database.url,
      prismaDir: config.prismaDir,
      waitTimeoutMs: config.waitTimeoutMs,
      adminUsername: config.adminUsername,
      adminPassword: config.adminPassword,
      reporter,
    });
    const credentials = result.seed.adminCredentials;
    // Printed before the apps start, so that a generated password is never lost to a later failure.
    if (credentials) printCredentials(credentials);
    const env = {
      ...process.env,
      DATABASE_URL: database.url,
      PORT: String(config.apiPort),
      HOST: config.apiHost,
      // Absolute, so that the worker (which writes) and the API (which serves) agree.
      BACKUP_DIR: config.backupDir,
      LOG_FORMAT: config.logFormat,
    };
    const start = (name: string) =>
      spawn(process.execPath, [path.join(root, 'apps', name, 'dist', 'main.js')], { env, stdio: 'inherit' });
    children = [start('api'), start('worker')];

    const exited = new Promise<number>((resolve) => {
      for (const child of children) {
        child.once('exit', (code, signal) => {
          if (!stopping)
            reporter.error(`${child.spawnargs[1]} exited (${signal ?? `code ${code}`}); stopping`);
          resolve(1);
        });
      }
    });
    // `on`, not `once`: a terminal's Ctrl-C reaches npm too, which forwards it, so a second
    // SIGINT arrives while stopping; with no listener left it would kill us mid-shutdown.
    const signalled = new Promise<number>((resolve) => {
      process.on('SIGINT', () => resolve(0));
      process.on('SIGTERM', () => resolve(0));
      // Started by launchInOwnGroup: if that parent is gone (killed outright), stop as for Ctrl-C.
      process.on('disconnect', () => resolve(0));
    });

    const base = `http://localhost:${config.apiPort}`;
    if (await Promise.race([waitForHttp(`${base}/api/v1/health/ready`, 60_000), exited.then(() => false)])) {
      console.log(
        [
          '',
          `  TimeTracker is running: ${base}`,
          credentials
            ? `  Sign in as "${credentials.username}" (password printed above)`
            : `  Sign in with your existing account (first admin: "${config.adminUsername}")`,
          '  Press Ctrl-C to stop.',
          '',
        ].join('\n'),
      );
    }
    const code = await Promise.race([exited, signalled]);
    if (code === 0) reporter.info('stopping…');
    return await shutdown(code);
  } catch (err) {
    await shutdown(1);
    throw err;
  }
}

const OWN_GROUP = 'TIMETRACKER_LAUNCHER_GROUP';

/**
 * A terminal's Ctrl-C goes to its whole foreground process group: npm, this launcher, the apps
 * and the embedded PostgreSQL. PostgreSQL answers SIGINT with a fast shutdown that ends every
 * connection at once, so jobs still running in the worker failed before the worker had even seen
 * its own signal. So `start` runs the launcher in a process group of its own and passes it the
 * signals it gets here: the launcher alone decides the order (apps first, then PostgreSQL).
 * Returns undefined in that child, which then launches.
 */
export function launchInOwnGroup(script: string, argv: string[]): Promise<number> | undefined {
  if (process.env[OWN_GROUP]) {
    // The IPC channel is there to tell the child when this parent dies; it keeps nothing alive.
    process.channel?.unref();
    return undefined;
  }
  const child = spawn(process.execPath, [...process.execArgv, script, ...argv], {
    env: { ...process.env, [OWN_GROUP]: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  const forward = (signal: NodeJS.Signals) => () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  process.on('SIGHUP', forward('SIGTERM'));
  return new Promise((resolve) => {
    child.once('error', () => resolve(1));
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

export function printCredentials(credentials: {
  username: string;
  password: string;
  generated: boolean;
}): void {
  console.log(
    [
      '',
      `  First admin: "${credentials.username}"  password: ${credentials.password}`,
      credentials.generated
        ? '  (generated now and shown only once: write it down, then change it)'
        : '  (from ADMIN_PASSWORD)',
      '',
    ].join('\n'),
  );
}
