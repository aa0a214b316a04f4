import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPrismaClient, type PrismaClient } from '@timetracker/db';
import {
  createTestDatabase,
  TEST_ADMIN_PASSWORD,
  TEST_ADMIN_USERNAME,
  type TestDatabase,
} from '@timetracker/startup/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, startWorker, type WorkerProcess } from './support';

/**
 * ARCHITECTURE §6 for real: two API processes and two worker processes (the built apps, as
 * Docker and `npm start` run them) on one database. Any API answers any client; every due job
 * runs once; a worker killed mid-job loses nothing and the other one carries on.
 */
const apiMain = path.join(__dirname, '..', '..', 'api', 'dist', 'main.js');

function startApi(env: Record<string, string>) {
  const child = spawn(process.execPath, [apiMain], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = async () => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const port = /API listening on http:\/\/[^:]+:(\d+)/.exec(output)?.[1];
      if (port) return `http://127.0.0.1:${port}`;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`API did not start:\n${output}`);
      await sleep(50);
    }
  };
  return { child, exited, url };
}

const EVERY_SECOND = { WORKER_IDLE_CRON: '* * * * * *', WORKER_OVERDUE_INVOICES_CRON: '* * * * * *' };

let db: TestDatabase;
let prisma: PrismaClient;
const env = () => ({ DATABASE_URL: db.url, BACKUP_DIR: mkdtempSync(path.join(tmpdir(), 'tt-mp-backups-')) });

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  await prisma.settings.update({ where: { id: 1 }, data: { idleTimeoutMinutes: 1, timezone: 'UTC' } });
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

describe('two APIs and two workers on one database', () => {
  it('serve any client from either API, run each due job once, and survive a worker killed mid-job', async () => {
    const shared = env();
    const apis = [startApi(shared), startApi(shared)];
    const workers: WorkerProcess[] = [1, 2].map(() =>
      startWorker({ ...shared, LOG_LEVEL: 'info', ...EVERY_SECOND }),
    );
    let release: (() => void) | undefined;
    let holding: Promise<unknown> | undefined;
    try {
      const [a, b] = await Promise.all(apis.map((api) => api.url()));
      await Promise.all(workers.map((w) => w.waitFor('worker ready')));

      // --- Either API serves any client: a session made on one works on the other. ---------
      const login = await fetch(`${a}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: TEST_ADMIN_USERNAME, password: TEST_ADMIN_PASSWORD }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const created = await fetch(`${b}/api/v1/tokens`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrfToken },
        body: JSON.stringify({ name: 'multi-process test' }),
      });
      expect(created.status).toBe(201);
      const { token } = (await created.json()) as { token: string };
      const auth = { Authorization: `Bearer ${token}` };
      const project = await prisma.project.findFirstOrThrow({ select: { id: true } });
      const started = await fetch(`${a}/api/v1/timer/start`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ projectId: project.id }),
      });
      expect(started.status).toBe(201);
      const active = await fetch(`${b}/api/v1/timer/active`, { headers: auth });
      expect(active.status).toBe(200);
      expect(((await active.json()) as { items: { id: number }[] }).items.map((e) => e.id)).toEqual([
        ((await started.json()) as { id: number }).id,
      ]);
      const stopped = await fetch(`${b}/api/v1/timer/stop`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(stopped.status).toBe(200);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => fetch(`${i % 2 ? a : b}/api/v1/auth/me`, { headers: auth })),
      );
      expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
      for (const url of [a, b]) expect((await fetch(`${url}/api/v1/health/ready`)).status).toBe(200);

      // --- Each due job runs once between the two workers. ---------------------------------
      const perDue = new Map<string, number>();
      const countDone = () => {
        perDue.clear();
        for (const l of workers.flatMap((w) => w.lines()).filter((l) => l.outcome === 'ok'))
          perDue.set(`${l.job} ${l.scheduledAt}`, (perDue.get(`${l.job} ${l.scheduledAt}`) ?? 0) + 1);
        return perDue.size;
      };
      // However long a busy machine takes to get there: four due times done.
      await expect.poll(countDone, { timeout: 30_000, interval: 100 }).toBeGreaterThanOrEqual(4);
      expect([...perDue.entries()].filter(([, n]) => n !== 1)).toEqual([]);

      // --- A worker killed mid-job: the other takes over, nothing is lost. ----------------
      const user = await prisma.user.create({ data: { username: 'idle-one' }, select: { id: true } });
      const timer = await prisma.timeEntry.create({
        data: { userId: user.id, startTime: new Date(Date.now() - 2 * 3600_000) },
        select: { id: true },
      });
      // Hold the idle timer's row: the next idle-timeout run blocks on it, in the middle of its work.
      holding = prisma.$transaction(
        async (tx) => {
          await tx.$queryRaw`SELECT id FROM time_entries WHERE id = ${timer.id} FOR UPDATE`;
          await new Promise<void>((r) => (release = r));
        },
        { timeout: 30_000 },
      );
      const stuck = await waitForRow(() =>
        prisma.jobRun.findFirst({
          where: { jobName: 'idle-timeout', outcome: 'running' },
          orderBy: { id: 'desc' },
        }),
      );
      const victim = workers.find((w) => stuck.worker.endsWith(`:${w.child.pid}`))!;
      const survivor = workers.find((w) => w !== victim)!;
      expect(victim).toBeDefined();
      victim.child.kill('SIGKILL');
      expect(await victim.exited).toBeNull(); // killed, no exit code
      // The killed worker's backend waits on the row until it is released, holding the job's lock
      // until then; after that the survivor's next run takes the job over.
      release!();
      await holding;
      holding = undefined;
      await waitForRow(() => prisma.jobRun.findFirst({ where: { id: stuck.id, outcome: 'failed' } }), 30_000);
      // Then a run of the survivor stops the idle timer.
      await waitForRow(
        () => prisma.timeEntry.findFirst({ where: { id: timer.id, endTime: { not: null } } }),
        30_000,
      );
      await waitForRow(
        () =>
          prisma.jobRun.findFirst({
            where: { jobName: 'idle-timeout', id: { gt: stuck.id }, outcome: 'ok' },
          }),
        30_000,
      );

      // The dead worker's run is recorded as interrupted by the survivor's next run of that job.
      const orphan = await prisma.jobRun.findUniqueOrThrow({ where: { id: stuck.id } });
      expect(orphan.outcome).toBe('failed');
      expect(orphan.error).toMatch(/interrupted/);
      // The survivor kept running the jobs after the kill.
      const after = await prisma.jobRun.findMany({
        where: { jobName: 'idle-timeout', id: { gt: stuck.id }, outcome: 'ok' },
      });
      expect(after.length).toBeGreaterThanOrEqual(1);
      expect(after.every((r) => r.worker.endsWith(`:${survivor.child.pid}`))).toBe(true);
      // The idle timer was stopped, once, at its last activity.
      const entry = await prisma.timeEntry.findUniqueOrThrow({ where: { id: timer.id } });
      expect(entry.endTime).not.toBeNull();
      expect(entry.stoppedReason).toBe('idle');
      expect(await prisma.timeEntry.count({ where: { endTime: null } })).toBe(0);
      const stoppedCount = (
        await prisma.jobRun.findMany({
          where: { jobName: 'idle-timeout', outcome: 'ok', id: { gte: stuck.id } },
        })
      ).reduce((sum, r) => sum + ((r.counts as { stopped?: number } | null)?.stopped ?? 0), 0);
      expect(stoppedCount).toBeLessThanOrEqual(1);
      // Still one run per due time.
      const dueTimes = await prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM job_runs GROUP BY job_name, scheduled_at HAVING count(*) > 1`;
      expect(dueTimes).toEqual([]);
      // The APIs never noticed.
      for (const url of [a, b])
        expect((await fetch(`${url}/api/v1/auth/me`, { headers: auth })).status).toBe(200);
    } finally {
      release?.();
      await holding?.catch(() => undefined);
      for (const p of [...apis, ...workers])
        if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
    }
    expect(await Promise.all(apis.map((p) => p.exited))).toEqual([0, 0]);
    const codes = await Promise.all(workers.map((w) => w.exited));
    expect(codes.filter((c) => c === 0)).toHaveLength(1);
  }, 90_000);
});

async function waitForRow<T>(find: () => Promise<T | null>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const row = await find();
    if (row) return row;
    if (Date.now() > deadline) throw new Error('no such row in time');
    await sleep(100);
  }
}
