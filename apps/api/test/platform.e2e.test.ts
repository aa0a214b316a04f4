import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { ProblemSchema } from '@timetracker/contracts';
import { loadApiConfig, type RawEnv } from '@timetracker/core';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import helmet from 'helmet';
import { Logger as PinoLogger } from 'nestjs-pino';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type ApiApp } from '../src/app';
import { HELMET_OPTIONS } from '../src/platform/http';
import { PlatformTestModule, SECRET } from './platform-support/platform-test.module';

const adminDir = mkdtempSync(path.join(tmpdir(), 'tt-admin-'));
writeFileSync(path.join(adminDir, 'index.html'), '<!doctype html><title>TimeTracker</title>');

let db: TestDatabase;
let app: ApiApp;
const appWith = (env: RawEnv = {}) =>
  createApp(
    loadApiConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', ADMIN_DIST_DIR: adminDir, ...env }, '/x'),
    [PlatformTestModule],
  );
const http = () => request(app.getHttpServer());

beforeAll(async () => {
  db = await createTestDatabase();
  app = await appWith();
  await app.init();
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

/** Every error: problem+json, matching the contract, quoting the request's id and path. */
function expectProblem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = ProblemSchema.parse(res.body);
  expect(problem).toMatchObject({
    status,
    code,
    type: `https://timetracker.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: expect.any(String),
    detail: expect.any(String),
  });
  expect(problem.requestId).toBeTruthy();
  expect(problem.requestId).toBe(res.headers['x-request-id']);
  expect(problem.instance).toBe(new URL(res.request.url).pathname);
  return problem;
}

const validEntry = { name: 'Design', hours: 1.5, kind: 'work', startedAt: '2025-03-01T09:00:00+01:00' };

describe('domain errors', () => {
  it.each([
    ['VALIDATION', 400],
    ['UNAUTHENTICATED', 401],
    ['FORBIDDEN', 403],
    ['NOT_FOUND', 404],
    ['CONFLICT', 409],
    ['INVALID_STATE', 409],
    ['RATE_LIMITED', 429],
  ])('%s → %i', async (code, status) => {
    const res = await http().get(`/api/v1/platform-test/domain/${code}`);
    const problem = expectProblem(res, status, code);
    expect(problem.detail).toBe(`thrown with ${code}`);
  });

  it('VALIDATION carries the field errors', async () => {
    const res = await http().get('/api/v1/platform-test/domain/VALIDATION');
    expect(res.body.errors).toEqual([{ path: 'project.name', message: 'is taken' }]);
  });

  it('RATE_LIMITED says when to come back, in whole seconds', async () => {
    const res = await http().get('/api/v1/platform-test/domain/RATE_LIMITED');
    expect(res.headers['retry-after']).toBe('42');
  });

  it('keeps the caller’s request id', async () => {
    const res = await http().get('/api/v1/platform-test/domain/FORBIDDEN').set('X-Request-Id', 'trace-77');
    expect(expectProblem(res, 403, 'FORBIDDEN').requestId).toBe('trace-77');
  });
});

describe('database errors', () => {
  it('a unique violation (P2002) is 409 CONFLICT', async () => {
    expectProblem(await http().post('/api/v1/platform-test/prisma/duplicate'), 409, 'CONFLICT');
  });

  it('a missing record (P2025) is 404 NOT_FOUND', async () => {
    expectProblem(await http().post('/api/v1/platform-test/prisma/missing'), 404, 'NOT_FOUND');
  });

  it('a broken reference (P2003) is 409 CONFLICT, without table or column names', async () => {
    const res = await http().post('/api/v1/platform-test/prisma/dangling');
    expectProblem(res, 409, 'CONFLICT');
    expect(res.text).not.toMatch(/projects|client_id|fkey/i);
  });
});

describe('unexpected errors', () => {
  it('are a 500 that discloses nothing, and are logged with their stack', async () => {
    const logged = vi.spyOn(Logger.prototype, 'error');
    try {
      const res = await http().get('/api/v1/platform-test/crash');
      const problem = expectProblem(res, 500, 'INTERNAL');
      expect(res.text).not.toContain(SECRET);
      expect(res.text).not.toMatch(/at .*\.ts|Error:/);
      const [entry] = logged.mock.calls.find(([arg]) => (arg as { requestId?: string }).requestId) ?? [];
      const { err, requestId } = entry as { err: Error; requestId: string };
      expect(requestId).toBe(problem.requestId);
      expect(err.message).toContain(SECRET);
      expect(err.stack).toContain('platform-test.module');
    } finally {
      logged.mockRestore();
    }
  });

  it('reach the log (pino) in an app that is only init()ed, as the tests and scripts build it', async () => {
    // main.ts listens, which flushes the lines Nest buffers while the app is built (bufferLogs);
    // an app that is only init()ed must flush them itself, or every Nest Logger line, this
    // filter's among them, stays in the buffer and TEST_LOG_LEVEL=error shows nothing.
    const written = vi.spyOn(PinoLogger.prototype, 'error');
    try {
      const problem = expectProblem(await http().get('/api/v1/platform-test/crash'), 500, 'INTERNAL');
      const call = written.mock.calls.find(
        ([arg]) => (arg as { requestId?: string }).requestId === problem.requestId,
      );
      expect(call?.[1]).toBe('unhandled error while handling a request');
    } finally {
      written.mockRestore();
    }
  });

  it('a response that breaks its own schema is a 500, not a leak', async () => {
    const res = await http().get('/api/v1/platform-test/broken-response');
    expectProblem(res, 500, 'INTERNAL');
    expect(res.text).not.toContain('not a number');
  });

  it('so it is where answers are also checked with zod (NODE_ENV=test), and nothing else changes', async () => {
    const checked = await appWith({ NODE_ENV: 'test' });
    await checked.init();
    try {
      const broken = await request(checked.getHttpServer()).get('/api/v1/platform-test/broken-response');
      expectProblem(broken, 500, 'INTERNAL');
      expect(broken.text).not.toContain('not a number');
      const created = await request(checked.getHttpServer())
        .post('/api/v1/platform-test/entries')
        .send(validEntry)
        .expect(201);
      expect(created.text).toBe('{"name":"Design","hours":1.5}');
    } finally {
      await checked.close();
    }
  });

  it('an unknown /api route is a 404 problem', async () => {
    const res = await http().get('/api/v1/no-such-thing?token=abc');
    expectProblem(res, 404, 'NOT_FOUND');
    expect(res.body.instance).toBe('/api/v1/no-such-thing');
    expectProblem(await http().delete('/api/nothing-here'), 404, 'NOT_FOUND');
  });
});

describe('request validation', () => {
  const post = (body: unknown) =>
    http()
      .post('/api/v1/platform-test/entries')
      .send(body as object);

  it('accepts a valid body and answers only what the response schema declares', async () => {
    const res = await post(validEntry).expect(201);
    expect(res.body).toEqual({ name: 'Design', hours: 1.5 });
    expect(res.text).not.toContain(SECRET);
  });

  it('writes the answer as UTF-8 JSON with its exact length, and only headers for HEAD', async () => {
    const res = await post({ ...validEntry, name: 'Zürich ✓ 東京' }).expect(201);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
    expect(res.body).toEqual({ name: 'Zürich ✓ 東京', hours: 1.5 });
    const get = await http().get('/api/v1/platform-test/custom-decorator').expect(200);
    const head = await http().head('/api/v1/platform-test/custom-decorator').expect(200);
    expect(head.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.text ?? '').toBe('');
  });

  it('reports every bad field with its dotted path', async () => {
    const res = await post({ name: 'x'.repeat(21), hours: 'two', kind: 'nap', tags: ['ok', 'too-long'] });
    const problem = expectProblem(res, 400, 'VALIDATION');
    expect(problem.errors?.map((e) => e.path).sort()).toEqual([
      'hours',
      'kind',
      'name',
      'startedAt',
      'tags.1',
    ]);
    for (const e of problem.errors ?? []) expect(e.message).toBeTruthy();
  });

  it('rejects times without a zone, and out-of-range numbers', async () => {
    const res = await post({ ...validEntry, startedAt: '2025-03-01T09:00:00', hours: 25 });
    expect(expectProblem(res, 400, 'VALIDATION').errors?.map((e) => e.path)).toEqual(['hours', 'startedAt']);
  });

  it('rejects unknown fields instead of ignoring them', async () => {
    const res = await post({ ...validEntry, billabel: true, tags: ['a'], nested: {} });
    const problem = expectProblem(res, 400, 'VALIDATION');
    expect(problem.errors).toEqual([
      { path: 'billabel', message: 'Unknown field' },
      { path: 'nested', message: 'Unknown field' },
    ]);
  });

  it('validates route params too', async () => {
    const res = await http().get('/api/v1/platform-test/domain/TEAPOT');
    expect(expectProblem(res, 400, 'VALIDATION').errors?.[0]?.path).toBe('code');
  });

  it('refuses input not typed with a zod DTO, so nothing slips through unvalidated', async () => {
    expectProblem(await http().get('/api/v1/platform-test/undeclared?q=x'), 500, 'INTERNAL');
    const res = await http().get('/api/v1/platform-test/custom-decorator').expect(200);
    expect(res.body).toEqual({ marker: 'from-decorator' });
  });

  it('answers malformed JSON with 400 BAD_REQUEST', async () => {
    const res = await http()
      .post('/api/v1/platform-test/entries')
      .set('Content-Type', 'application/json')
      .send('{"name": "Design",');
    const problem = expectProblem(res, 400, 'BAD_REQUEST');
    expect(problem.detail).toBe('The request body is not valid JSON');
  });

  it('answers a body over BODY_LIMIT (1mb by default) with 413', async () => {
    const big = { ...validEntry, name: 'x'.repeat(1024 * 1024) };
    expectProblem(await post(big), 413, 'PAYLOAD_TOO_LARGE');
    const small = await appWith({ BODY_LIMIT: '1kb' });
    await small.init();
    try {
      const res = await request(small.getHttpServer())
        .post('/api/v1/platform-test/entries')
        .send({ ...validEntry, name: 'x'.repeat(1100) });
      expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    } finally {
      await small.close();
    }
  });

  it('refuses form-encoded and plain-text bodies (JSON only) with 415', async () => {
    const form = await http().post('/api/v1/platform-test/entries').type('form').send(validEntry);
    expectProblem(form, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const text = await http()
      .post('/api/v1/platform-test/entries')
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify(validEntry));
    expectProblem(text, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('takes an empty JSON body as {} (clients that send the JSON type on every POST)', async () => {
    const res = await http().post('/api/v1/platform-test/entries').set('Content-Type', 'application/json');
    const problem = expectProblem(res, 400, 'VALIDATION');
    // The body was read as an empty object: each required field is named, not the body as a whole.
    expect(problem.errors!.map((e) => e.path)).toEqual(expect.arrayContaining(['name', 'hours']));
  });
});

describe('security headers', () => {
  it.each(['/', '/api/v1/health', '/api/docs', '/api/v1/no-such-thing'])('are sent on %s', async (url) => {
    const res = await http().get(url);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-powered-by']).toBeUndefined();
    const csp = String(res.headers['content-security-policy']);
    // Same-origin scripts only (the admin bundle, Swagger UI's files), no plugins, no framing.
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it("are exactly the ones helmet's own middleware sets", async () => {
    const answer = (res: ServerResponse) => res.end('x');
    const bare = await request(createServer((_req, res) => answer(res))).get('/');
    const guarded = helmet(HELMET_OPTIONS);
    const withHelmet = await request(createServer((req, res) => guarded(req, res, () => answer(res)))).get(
      '/',
    );
    const names = Object.keys(withHelmet.headers).filter((name) => !(name in bare.headers));
    expect(names.length).toBeGreaterThanOrEqual(10);
    const ours = await http().get('/api/v1/health');
    for (const name of names) expect([name, ours.headers[name]]).toEqual([name, withHelmet.headers[name]]);
  });
});

describe('routing', () => {
  it('answers a path with a trailing slash as the path itself', async () => {
    const res = await http().get('/api/v1/health/').expect(200);
    expect(res.body.status).toBe('ok');
  });
});

describe('CORS', () => {
  it('is off by default: no origin is allowed', async () => {
    const res = await http().get('/api/v1/health').set('Origin', 'https://app.example.com');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await http()
      .options('/api/v1/platform-test/entries')
      .set('Origin', 'https://app.example.com')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows exactly the origins in CORS_ORIGINS, with credentials', async () => {
    const cors = await appWith({ CORS_ORIGINS: 'https://app.example.com,http://localhost:5173' });
    await cors.init();
    try {
      const listed = await request(cors.getHttpServer())
        .options('/api/v1/platform-test/entries')
        .set('Origin', 'https://app.example.com')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'content-type,x-csrf-token');
      expect(listed.status).toBe(204);
      expect(listed.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(listed.headers['access-control-allow-credentials']).toBe('true');
      expect(listed.headers['access-control-allow-headers']).toMatch(/x-csrf-token/i);
      const other = await request(cors.getHttpServer())
        .get('/api/v1/health')
        .set('Origin', 'https://evil.example.net');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await cors.close();
    }
  });
});

describe('API documentation', () => {
  it('serves the OpenAPI document at /api/openapi.json', async () => {
    const res = await http().get('/api/openapi.json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.info.title).toBe('TimeTracker API');
    expect(Object.keys(res.body.paths)).toContain('/api/v1/health/ready');
  });

  it('serves Swagger UI at /api/docs, with its assets from our own origin', async () => {
    const res = await http().get('/api/docs').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('swagger-ui-bundle.js');
    expect(res.text).toContain('<title>TimeTracker API</title>');
    await http().get('/api/docs/swagger-ui-bundle.js').expect(200);
    const init = await http().get('/api/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('TimeTracker API');
  });
});
