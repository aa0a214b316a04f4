import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROBLEM_CODES, ProblemSchema } from '@timetracker/contracts';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiApp } from '../src/app';
import { ADMIN, signIn, startApi } from './support';

// Clients (and the dashboard, which translates problems by code) branch on `code`: every error
// the API answers must carry one of the codes docs/api-errors.md lists, on every route of the
// OpenAPI document and for what Fastify refuses before a route runs.

type Operation = { security?: unknown[]; requestBody?: unknown };
const doc = JSON.parse(readFileSync(path.join(__dirname, '..', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
};
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const OPERATIONS = Object.entries(doc.paths).flatMap(([route, item]) =>
  METHODS.filter((m) => item[m]).map((method) => ({ method, route, op: item[method]! })),
);
/** Path parameters set to an id nobody has (int4, so it reaches the service: a 404 there). */
const urlOf = (route: string) => route.replace(/\{\w+\}/g, '2147483000');

let db: TestDatabase;
let app: ApiApp;
let token: string;
let session: Awaited<ReturnType<typeof signIn>>;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  session = await signIn(app, ADMIN);
  token = (
    await session.agent
      .post('/api/v1/tokens')
      .set('X-CSRF-Token', session.csrf)
      .send({ name: 'codes' })
      .expect(201)
  ).body.token;
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

/** What is wrong with an error response, or nothing when it is a problem with a listed code. */
function problemFault(res: Response): string | null {
  if (res.status < 400) return null;
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) return 'not a problem';
  const parsed = ProblemSchema.safeParse(res.body);
  if (!parsed.success) return `code ${JSON.stringify(res.body?.code)} is not a documented one`;
  return parsed.data.status === res.status ? null : `status ${parsed.data.status} in the body`;
}

describe('every problem carries a documented code', () => {
  it('lists each code once, in UPPER_SNAKE_CASE, and docs/api-errors.md explains exactly those', () => {
    expect(new Set(PROBLEM_CODES).size).toBe(PROBLEM_CODES.length);
    for (const code of PROBLEM_CODES) expect(code).toMatch(/^[A-Z]+(?:_[A-Z]+)*$/);
    const docs = readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'api-errors.md'), 'utf8');
    const documented = [...docs.matchAll(/^\| \d{3} +\| `([A-Z_]+)`/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...PROBLEM_CODES].sort());
  });

  it.each(OPERATIONS.map((o) => [`${o.method.toUpperCase()} ${o.route}`, o] as const))(
    '%s, signed out, with an unknown id and with an unknown field',
    async (_, { method, route, op }) => {
      const url = urlOf(route);
      const anonymous = await request(app.getHttpServer())[method](url);
      const authed = request(app.getHttpServer())[method](url).set('Authorization', `Bearer ${token}`);
      const unknownField = await (op.requestBody ? authed.send({ notAField: 1 }) : authed);
      const faults = [
        [anonymous, problemFault(anonymous)],
        [unknownField, problemFault(unknownField)],
      ]
        .filter(([, fault]) => fault)
        .map(([res, fault]) => `${(res as Response).status}: ${String(fault)}`);
      expect(faults).toEqual([]);
      // Everything but the few public routes wants credentials.
      if (op.security?.length !== 0) {
        expect(anonymous.status).toBe(401);
        expect(anonymous.body.code).toBe('UNAUTHENTICATED');
      }
      expect(unknownField.status).toBeLessThan(500);
    },
  );

  it('for what is refused before a route runs: no route, bad JSON, wrong type, no CSRF token', async () => {
    const http = () => request(app.getHttpServer());
    const withToken = (req: request.Test) => req.set('Authorization', `Bearer ${token}`);
    const cases: [Response, number, string][] = [
      [await http().get('/api/v1/no-such-thing'), 404, 'NOT_FOUND'],
      [
        await withToken(http().post('/api/v1/clients'))
          .set('Content-Type', 'application/json')
          .send('{"name": '),
        400,
        'BAD_REQUEST',
      ],
      [
        await withToken(http().post('/api/v1/clients')).set('Content-Type', 'text/plain').send('name=x'),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      // A session of its own: the sweep over every operation may end the others (end-others).
      [
        await (await signIn(app, ADMIN)).agent.post('/api/v1/clients').send({ name: 'No CSRF' }),
        403,
        'FORBIDDEN',
      ],
      [await withToken(http().post('/api/v1/clients')).send({ name: '' }), 400, 'VALIDATION'],
    ];
    for (const [res, status, code] of cases) {
      expect(problemFault(res)).toBeNull();
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    }
  });
});
