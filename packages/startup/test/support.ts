import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { readMigrations } from '../src/migrations/files';
import { findRepoRoot } from '../src/paths';
import { silentReporter } from '../src/report';
import { runStartup, type StartupResult } from '../src/pipeline';
import { createEmptyDatabase, type TestDatabase } from '../src/testing';

export const repoRoot = findRepoRoot();
export const repoPrismaDir = path.join(repoRoot, 'prisma');
/** Every migration in the repository, oldest first. */
export const ALL_MIGRATIONS = readMigrations(path.join(repoPrismaDir, 'migrations')).map((m) => m.name);
export const cliPath = path.join(repoRoot, 'packages', 'startup', 'dist', 'cli.js');

export function legacyFixture(name: 'seed-schema' | 'orm-schema'): string {
  return readFileSync(path.join(__dirname, 'fixtures', 'legacy', `${name}.sql`), 'utf8');
}

/** A private copy of prisma/ that a test may add migrations to or edit. */
export function tempPrismaDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tt-prisma-'));
  cpSync(repoPrismaDir, dir, { recursive: true });
  return dir;
}

export async function withClient<T>(url: string, use: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export function startup(
  url: string,
  prismaDir = repoPrismaDir,
  extra: { adminPassword?: string } = {},
): Promise<StartupResult> {
  return runStartup({
    databaseUrl: url,
    prismaDir,
    waitTimeoutMs: 5_000,
    adminUsername: 'admin',
    adminPassword: extra.adminPassword ?? 'a-long-test-password',
    reporter: silentReporter,
  });
}

/** Every row of every product table, as JSON, ordered by id: the "is anything lost?" snapshot. */
export async function dumpAll(url: string): Promise<Record<string, Record<string, unknown>[]>> {
  return withClient(url, async (c) => {
    const { rows: tables } = await c.query<{ t: string }>(
      `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
    );
    const out: Record<string, Record<string, unknown>[]> = {};
    for (const { t } of tables) {
      const { rows } = await c.query(`SELECT row_to_json(x) AS r FROM "${t}" x ORDER BY x::text`);
      out[t] = rows.map((r) => r.r as Record<string, unknown>);
    }
    return out;
  });
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  nodeArgs: string[] = [],
  stdin?: string,
  /** Called with all of stdout so far after each chunk: to act on what the CLI just said. */
  onStdout?: (soFar: string) => void,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, cliPath, ...args], {
      env: { ...process.env, ...env },
      stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (stdin !== undefined) child.stdin!.end(stdin);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => {
      stdout += d;
      onStdout?.(stdout);
    });
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Empty databases for one test file, dropped after each test: `const db = await scratch.create()`. */
export function scratchDatabases() {
  const databases: TestDatabase[] = [];
  return {
    async create(): Promise<TestDatabase> {
      const db = await createEmptyDatabase();
      databases.push(db);
      return db;
    },
    dropAll: () => Promise.all(databases.splice(0).map((d) => d.drop())),
  };
}
