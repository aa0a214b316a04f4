import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker } from './support';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('worker process', () => {
  it('logs that it is ready, as JSON, and exits 0 on SIGTERM', async () => {
    // Housekeeping every second: a run ends soon, and the worker is then between runs.
    const worker = startWorker({
      DATABASE_URL: db.url,
      LOG_LEVEL: 'info',
      WORKER_HOUSEKEEPING_CRON: '* * * * * *',
    });
    await worker.waitFor('worker ready');
    const line = worker
      .output()
      .split('\n')
      .find((l) => l.includes('worker ready'))!;
    expect(JSON.parse(line)).toMatchObject({
      level: 30,
      jobs: 10,
      msg: 'worker ready (10 scheduled job(s))',
    });
    // A worker stays up until told to stop, even between runs.
    await worker.waitFor('job housekeeping ok');
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

  it('refuses a schedule its scheduler cannot parse', async () => {
    const worker = startWorker({ DATABASE_URL: db.url, WORKER_IDLE_CRON: '61 * * * * *' });
    expect(await worker.exited).toBe(78);
    expect(worker.output()).toContain('WORKER_IDLE_CRON: not a valid cron expression');
  });
});
