import { spawn } from 'node:child_process';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const main = path.join(__dirname, '..', 'dist', 'main.js');

/** Runs the built worker as a real process, as `npm start` and Docker do. */
function startWorker(env: Record<string, string>) {
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (text: string, ms = 15_000) => {
    const deadline = Date.now() + ms;
    while (!output.includes(text)) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`"${text}" not seen; output:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, exited, waitFor, output: () => output };
}

describe('worker process', () => {
  it('logs that it is ready, as JSON, and exits 0 on SIGTERM', async () => {
    const worker = startWorker({ DATABASE_URL: db.url, LOG_LEVEL: 'info' });
    await worker.waitFor('worker ready');
    const line = worker
      .output()
      .split('\n')
      .find((l) => l.includes('worker ready'))!;
    expect(JSON.parse(line)).toMatchObject({ level: 30, jobs: 0, msg: 'worker ready (0 scheduled job(s))' });
    // A worker stays up until told to stop, even with nothing scheduled.
    await new Promise((r) => setTimeout(r, 1500));
    expect(worker.child.exitCode).toBeNull();
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain('SIGTERM received, shutting down');
  });

  it('refuses to start on bad configuration, naming every bad key', async () => {
    const worker = startWorker({ DATABASE_URL: 'mysql://nope', LOG_LEVEL: 'chatty' });
    expect(await worker.exited).toBe(78);
    expect(worker.output()).toContain('DATABASE_URL: must be a postgres');
    expect(worker.output()).toContain('LOG_LEVEL:');
  });
});
