import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadApiConfig } from '@timetracker/core';
import { createPrismaClient, type PrismaClient } from '@timetracker/db';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type ApiApp } from '../src/app';
import { MetricsListener } from '../src/metrics/metrics.module';
import { PrometheusMetrics } from '../src/metrics/prometheus';
import { ADMIN } from './support';

const TOKEN = 'metrics-token-0123456789';

/** Every `timetracker_*` series the operations guide documents. */
const DOCUMENTED = [
  ...new Set(
    [
      ...readFileSync(path.join(__dirname, '../../../docs/operations.md'), 'utf8').matchAll(
        /^\| `(timetracker_[a-z_]+)`/gm,
      ),
    ].map((m) => m[1]),
  ),
];

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

async function startApi(env: Record<string, string>): Promise<ApiApp> {
  const app = await createApp(
    loadApiConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', ...env }, '/nonexistent'),
  );
  await app.init();
  return app;
}

/** `name{labels} value` lines of the exposition text, as { series, value }. */
function samples(text: string): { series: string; value: number }[] {
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const cut = l.lastIndexOf(' ');
      return { series: l.slice(0, cut), value: Number(l.slice(cut + 1)) };
    });
}

const value = (text: string, series: string) => samples(text).find((s) => s.series === series)?.value;

describe('GET /metrics with METRICS_TOKEN', () => {
  let app: ApiApp;
  const scrape = async () =>
    (
      await request(app.getHttpServer())
        .get('/metrics')
        .set('Authorization', `Bearer ${TOKEN}`)
        .expect(200)
        .expect('Content-Type', /^text\/plain; version=0\.0\.4/)
    ).text;

  beforeAll(async () => {
    app = await startApi({ METRICS_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refuses a scrape without the token or with a wrong one', async () => {
    const none = await request(app.getHttpServer()).get('/metrics').expect(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.text).not.toContain('timetracker_');
    await request(app.getHttpServer()).get('/metrics').set('Authorization', 'Bearer wrong').expect(401);
    await request(app.getHttpServer()).get('/metrics').set('Authorization', `Basic ${TOKEN}`).expect(401);
  });

  it('exposes every documented series, and only documented ones', async () => {
    // Job history and a backup, as the workers leave them.
    const at = (s: string) => new Date(`2026-03-01T10:00:${s}Z`);
    await prisma.jobRun.createMany({
      data: [
        {
          jobName: 'idle-timeout',
          scheduledAt: at('00'),
          startedAt: at('00'),
          finishedAt: at('02'),
          outcome: 'ok',
          worker: 'w:1',
        },
        {
          jobName: 'idle-timeout',
          scheduledAt: at('10'),
          startedAt: at('10'),
          finishedAt: at('13'),
          outcome: 'failed',
          worker: 'w:1',
        },
        {
          jobName: 'idle-timeout',
          scheduledAt: at('20'),
          startedAt: at('20'),
          finishedAt: at('20'),
          outcome: 'skipped',
          worker: 'w:2',
        },
      ],
    });
    await prisma.backup.create({
      data: { trigger: 'manual', status: 'ok', startedAt: at('30'), finishedAt: at('40') },
    });
    await request(app.getHttpServer()).get('/api/v1/health').expect(200);

    // Database figures are read at most every 2 s per process: an earlier test's scrape may still
    // be served, so wait for one that has read the rows above.
    let text = '';
    await expect
      .poll(async () => value((text = await scrape()), 'timetracker_backup_last_success_timestamp_seconds'), {
        timeout: 15_000,
      })
      .toBe(at('40').getTime() / 1000);
    expect(DOCUMENTED.length).toBeGreaterThanOrEqual(13);
    const exposed = new Set(
      samples(text)
        .map((s) => /^(timetracker_[a-z_]+?)(_bucket|_sum|_count)?(\{|$)/.exec(s.series))
        .filter((m) => m !== null)
        .map((m) =>
          m[2] && m[1] === 'timetracker_http_request_duration_seconds' ? m[1] : m[0].replace(/\{$/, ''),
        ),
    );
    expect([...exposed].sort()).toEqual([...DOCUMENTED].sort());
    expect(text).toContain('process_resident_memory_bytes');

    expect(value(text, 'timetracker_metrics_database_up')).toBe(1);
    expect(value(text, 'timetracker_info{version="0.1.0"}')).toBe(1);
    expect(value(text, 'timetracker_job_runs{job="idle-timeout",outcome="ok"}')).toBe(1);
    expect(value(text, 'timetracker_job_runs{job="idle-timeout",outcome="failed"}')).toBe(1);
    expect(value(text, 'timetracker_job_runs{job="idle-timeout",outcome="skipped"}')).toBe(1);
    // The newest run that did its work is the failed one (3 s); skipped runs do no work.
    expect(value(text, 'timetracker_job_last_duration_seconds{job="idle-timeout"}')).toBe(3);
    expect(value(text, 'timetracker_job_last_success_timestamp_seconds{job="idle-timeout"}')).toBe(
      at('02').getTime() / 1000,
    );
    expect(value(text, 'timetracker_job_last_failure_timestamp_seconds{job="idle-timeout"}')).toBe(
      at('13').getTime() / 1000,
    );
    expect(value(text, 'timetracker_backup_last_success_timestamp_seconds')).toBe(at('40').getTime() / 1000);
    expect(value(text, 'timetracker_db_pool_max_connections{pool="primary"}')).toBe(10);
    expect(value(text, 'timetracker_db_pool_open_connections{pool="primary"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'timetracker_db_pool_waiting_queries{pool="primary"}')).toBe(0);
  });

  it('counts requests by route template and status class, never by raw URL', async () => {
    const count = (text: string, labels: string) =>
      value(text, `timetracker_http_request_duration_seconds_count{${labels}}`) ?? 0;
    const missing = 'method="GET",route="/api/v1/time-entries/:id",status_class="4xx"';
    const before = await scrape();
    const agent = request.agent(app.getHttpServer());
    await agent.post('/api/v1/auth/login').send(ADMIN).expect(200);
    await agent.get('/api/v1/time-entries/987654').expect(404);
    await agent.get('/api/v1/time-entries/987655').expect(404);
    await agent.get('/api/v1/no-such-route').expect(404);
    const after = await scrape();

    expect(count(after, missing) - count(before, missing)).toBe(2);
    const login = 'method="POST",route="/api/v1/auth/login",status_class="2xx"';
    expect(count(after, login) - count(before, login)).toBe(1);
    expect(after).not.toContain('987654');
    expect(after).not.toContain('no-such-route');
    expect(value(after, `timetracker_http_request_duration_seconds_bucket{le="+Inf",${missing}}`)).toBe(
      count(after, missing),
    );
  });

  it('shows a timer that starts running', async () => {
    const before = value(await scrape(), 'timetracker_running_timers');
    expect(before).toBe(0);
    const agent = request.agent(app.getHttpServer());
    const login = await agent.post('/api/v1/auth/login').send(ADMIN).expect(200);
    const project = await prisma.project.findFirstOrThrow({ select: { id: true } });
    await agent
      .post('/api/v1/timer/start')
      .set('X-CSRF-Token', login.body.csrfToken)
      .send({ projectId: project.id })
      .expect(201);
    // Database figures are read at most every 2 s per process: the next fresh read shows it.
    await expect
      .poll(async () => value(await scrape(), 'timetracker_running_timers'), { timeout: 15_000 })
      .toBe(1);
  });
});

describe('GET /metrics on METRICS_PORT', () => {
  it('is served only on its own port, not on the API port', async () => {
    const app = await startApi({ METRICS_PORT: '0', METRICS_HOST: '127.0.0.1' });
    try {
      const port = app.get(MetricsListener).port;
      expect(port).toBeGreaterThan(0);
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('timetracker_running_timers');
      expect((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).status).toBe(404);
      const main = await request(app.getHttpServer()).get('/metrics');
      expect(main.text).not.toContain('timetracker_');
    } finally {
      await app.close();
    }
  });

  it('asks for the token there too when both are set', async () => {
    const app = await startApi({ METRICS_PORT: '0', METRICS_HOST: '127.0.0.1', METRICS_TOKEN: TOKEN });
    try {
      const url = `http://127.0.0.1:${app.get(MetricsListener).port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('without METRICS_TOKEN or METRICS_PORT', () => {
  it('serves no metrics at all', async () => {
    const app = await startApi({});
    try {
      const res = await request(app.getHttpServer()).get('/metrics');
      expect(res.text).not.toContain('timetracker_');
      expect(app.get(MetricsListener).port).toBeUndefined();
      // Nor are requests timed for nobody to read.
      await request(app.getHttpServer()).get('/api/v1/health').expect(200);
      expect(await app.get(PrometheusMetrics).render()).not.toContain(
        'timetracker_http_request_duration_seconds_count',
      );
    } finally {
      await app.close();
    }
  });
});
