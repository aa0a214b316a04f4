import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The built API as production runs it, its stdout read back. At `info` every request leaves one
 * JSON line carrying its id (credentials redacted); above `info` the API skips per-request
 * logging altogether. The X-Request-Id header is answered at every level.
 */
const apiMain = path.join(__dirname, '..', 'dist', 'main.js');
const SECRET_TOKEN = 'ttpat_never-in-a-log-line';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

async function startApi(logLevel: string, logFormat = 'json') {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [apiMain], {
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: logLevel,
      LOG_FORMAT: logFormat,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const closed = new Promise<unknown>((resolve) => child.once('close', resolve));
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) break;
    } catch {
      if (i > 300 || child.exitCode !== null) throw new Error(`API did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    base,
    output: () => output,
    // 'close': the process has exited and every line it wrote has been read.
    stop: () => (child.kill('SIGTERM'), closed),
  };
}

/** A request that is refused (401), with a caller's request id and a token that must not leak. */
const refused = (base: string, id: string) =>
  fetch(`${base}/api/v1/auth/me`, {
    headers: { 'X-Request-Id': id, Authorization: `Bearer ${SECRET_TOKEN}` },
  });

const linesAbout = (output: string, id: string) =>
  output
    .split('\n')
    .filter((line) => line.includes(id))
    .map(
      (line) =>
        JSON.parse(line) as {
          req?: { id?: string; headers?: Record<string, string> };
          res?: { statusCode?: number };
        },
    );

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('request logs', () => {
  it('at info: one short JSON line per request with its id, no credentials, no start-up warnings', async () => {
    const api = await startApi('info');
    try {
      const res = await refused(api.base, 'log-test-info');
      expect(res.status).toBe(401);
      expect(res.headers.get('x-request-id')).toBe('log-test-info');
      await expect.poll(() => linesAbout(api.output(), 'log-test-info').length, { timeout: 15_000 }).toBe(1);
      const [line] = linesAbout(api.output(), 'log-test-info');
      // The id, method, path and status: not ~1 KB of headers and addresses.
      expect(line!.req).toMatchObject({ id: 'log-test-info', method: 'GET', url: '/api/v1/auth/me' });
      expect(line!.req!.headers).toBeUndefined();
      expect(line!.res).toEqual({ statusCode: 401 });
      const raw = api
        .output()
        .split('\n')
        .find((l) => l.includes('log-test-info'))!;
      expect(raw.length).toBeLessThan(400);
      expect(api.output()).not.toContain(SECRET_TOKEN);
      // Nest 11 warns about '*' route paths ("LegacyRouteConverter"); none are left.
      expect(api.output()).not.toContain('LegacyRouteConverter');
    } finally {
      await api.stop();
    }
  });

  it('with LOG_FORMAT=pretty: one readable line per request', async () => {
    const api = await startApi('info', 'pretty');
    try {
      await refused(api.base, 'log-test-pretty');
      await expect
        .poll(() => api.output(), { timeout: 5_000 })
        .toMatch(/\d\d:\d\d:\d\d INFO {2}GET \/api\/v1\/auth\/me 401 \d+ ms\n/);
      expect(api.output()).not.toContain('{"level"');
      // Nest's line per module and route stays out of a person's terminal at info.
      expect(api.output()).not.toContain('RouterExplorer');
      expect(api.output().split('\n').length).toBeLessThan(15);
    } finally {
      await api.stop();
    }
  });

  it('above info: no line per request, and the request id is still answered', async () => {
    const api = await startApi('warn');
    try {
      const res = await refused(api.base, 'log-test-warn');
      expect(res.status).toBe(401);
      expect(res.headers.get('x-request-id')).toBe('log-test-warn');
      const made = await fetch(`${api.base}/api/v1/health`);
      expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      // Every line the API wrote is out once it has stopped.
      await api.stop();
      expect(linesAbout(api.output(), 'log-test-warn')).toEqual([]);
    } finally {
      await api.stop();
    }
  });
});
