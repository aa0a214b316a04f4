import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const main = path.join(__dirname, '..', 'dist', 'main.js');

/**
 * What every test worker gets unless the test says otherwise: backups in a temporary folder
 * (never under the repository), and the daily backup checked once a year, since it would
 * otherwise be due whenever a test runs after the default backup_time of the day.
 */
const TEST_DEFAULTS = { WORKER_BACKUP_SCHEDULE_CRON: '0 0 0 1 1 *' };

/** Runs the built worker as a real process, as `npm start` and Docker do. */
export function startWorker(env: Record<string, string>) {
  const ownBackupDir = env.BACKUP_DIR
    ? undefined
    : mkdtempSync(path.join(tmpdir(), 'tt-worker-test-backups-'));
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, ...TEST_DEFAULTS, ...(ownBackupDir ? { BACKUP_DIR: ownBackupDir } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (ownBackupDir) rmSync(ownBackupDir, { recursive: true, force: true });
      resolve(code);
    }),
  );
  const waitFor = async (text: string, ms = 15_000) => {
    const deadline = Date.now() + ms;
    while (!output.includes(text)) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`"${text}" not seen; output:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  /** The JSON log lines (pino), parsed. */
  const lines = () =>
    output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { child, exited, waitFor, output: () => output, lines };
}

export type WorkerProcess = ReturnType<typeof startWorker>;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
