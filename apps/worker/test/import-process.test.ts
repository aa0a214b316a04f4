import { loadWorkerConfig, type Principal } from '@timetracker/core';
import { createPrismaClient, type PrismaClient } from '@timetracker/db';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importWorkerName } from '../src/jobs/import-process';
import { ImportsJob } from '../src/jobs/imports.job';
import { annasTogglRows, importsService } from './imports-support';

// The worker runs each import in a process of its own under V8 heap caps (pollImportsInProcess,
// src/jobs/import-process.ts; docs/configuration.md "Worker memory"): an import's peak memory is
// its own. The process runs the built entry point (dist/import-main.js): the tests run after the
// build.

let db: TestDatabase;
let prisma: PrismaClient;
let admin: Principal;
let anna: number;

const service = () => importsService(prisma, 'test-worker', 500);
const job = () => new ImportsJob(loadWorkerConfig({ DATABASE_URL: db.url }, false), service());

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  const a = await prisma.user.findFirstOrThrow({ where: { role: 'admin' } });
  admin = { userId: a.id, username: a.username, role: 'admin', via: 'session' };
  anna = (
    await prisma.user.create({ data: { username: 'anna', email: 'anna@example.test', passwordHash: 'x' } })
  ).id;
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});
beforeEach(async () => {
  await prisma.importEntry.deleteMany();
  await prisma.timeEntry.deleteMany();
  await prisma.import.deleteMany();
});

/** A queued run of `rows` one-hour Toggl rows for anna, two hours apart. */
async function queued(rows: number): Promise<number> {
  const up = await service().upload(
    admin,
    { bytes: annasTogglRows(rows), fileName: 'bulk.csv' },
    { timezone: 'UTC' },
  );
  await service().run(admin, up.id);
  return up.id;
}

/** The import's row once a worker has written `rowsDone` > 0 of it (as the dashboard sees progress). */
async function underway(id: number) {
  for (;;) {
    const row = await prisma.import.findUniqueOrThrow({ where: { id } });
    if (row.status === 'running' && row.rowsDone > 0) return row;
    if (row.status !== 'queued' && row.status !== 'running') throw new Error(`the import is ${row.status}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('an import in a process of its own', () => {
  it('is run by another process, which answers the counts and its peak memory', async () => {
    const id = await queued(300);
    const counts = await job().run(new Date());
    expect(counts).toMatchObject({ imports: 1, rows: 300 });
    expect(counts).toHaveProperty('peakRssMB', expect.any(Number));
    const row = await prisma.import.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'done', created: 300 });
    // Claimed under the other process's name, not this one's.
    expect(row.worker).toMatch(/:\d+$/);
    expect(row.worker).not.toBe(importWorkerName());
    expect(await prisma.timeEntry.count({ where: { userId: anna } })).toBe(300);
    // Nothing due: no process, nothing done.
    expect(await job().run(new Date())).toEqual({ imports: 0, rows: 0 });
  });

  it('killed midway (as when out of memory), fails the import with the reason; a rerun resumes it', async () => {
    const id = await queued(20_000);
    const running = job().run(new Date());
    const row = await underway(id);
    const pid = Number(row.worker!.split(':').at(-1));
    // The worker's heap caps (WORKER_IMPORT_NODE_OPTIONS) are the process's flags.
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toEqual(
      expect.arrayContaining(['--max-old-space-size=128', '--max-semi-space-size=4']),
    );
    process.kill(pid, 'SIGKILL');
    await expect(running).rejects.toThrow(/stopped by SIGKILL/);

    const failed = await prisma.import.findUniqueOrThrow({ where: { id } });
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/stopped by SIGKILL.*run the import again/);
    // Whole batches went in before it died, and their progress was kept.
    expect(failed.created).toBeGreaterThan(0);
    expect(failed.created).toBeLessThan(20_000);
    expect(await prisma.timeEntry.count({ where: { userId: anna } })).toBe(failed.created);

    await service().run(admin, id);
    expect(await job().run(new Date())).toMatchObject({ imports: 1, rows: 20_000 });
    expect(await prisma.import.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'done',
      created: 20_000 - failed.created,
      skipped: failed.created,
    });
    expect(await prisma.timeEntry.count({ where: { userId: anna } })).toBe(20_000);
  }, 120_000);
});
