import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, signIn, startApi } from './support';
import type { ApiApp } from '../src/app';

// Issue #16: odd input (ids beyond int4, NUL in text, instants outside 1970–2100, wrong types)
// must be a 4xx problem, never a 500, on every route. This drives every operation of the OpenAPI
// document: each path parameter, query parameter and top-level body field in turn gets each
// malformed kind while everything else is a well-formed value (fixtures' real ids), so the
// malformed value is what reaches the server's validation — and, were it let through, PostgreSQL.

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
};
type Parameter = { in: 'path' | 'query'; name: string; schema?: Schema };
type Operation = {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};

const doc = JSON.parse(readFileSync(path.join(__dirname, '..', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const OPERATIONS = Object.entries(doc.paths).flatMap(([route, item]) =>
  METHODS.filter((m) => item[m]).map((method) => ({ method, route, op: item[method]! })),
);

const resolve = (s: Schema): Schema =>
  s.$ref ? resolve(doc.components.schemas[s.$ref.split('/').pop()!]!) : s;
/** The non-null branch of `X | null`, the schema itself otherwise. */
const unwrap = (s: Schema): Schema => {
  const r = resolve(s);
  const options = r.anyOf ?? r.oneOf;
  return options ? unwrap(options.find((o) => resolve(o).type !== 'null') ?? options[0]!) : r;
};

const MALFORMED = {
  'huge id': 3_000_000_000,
  'negative id': -1,
  'NUL text': 'fuzz\u0000text',
  'out-of-range instant': '2150-06-01T10:00:00Z',
  'wrong type': { not: 'this' },
} as const;
type Kind = keyof typeof MALFORMED;
const KINDS = Object.keys(MALFORMED) as Kind[];

/** The malformed value of a kind for a field; dates get a well-formed day outside the range. */
function malformed(kind: Kind, field: Schema | undefined): unknown {
  if (kind === 'out-of-range instant' && field && unwrap(field).format === 'date') return '1969-12-31';
  return MALFORMED[kind];
}

/** As a query string or path carries it. */
function inText(kind: Kind, field: Schema | undefined): string | string[] {
  if (kind === 'wrong type') return ['1', '2']; // a repeated parameter: an array where one value goes
  return String(malformed(kind, field));
}

let db: TestDatabase;
let app: ApiApp;
let token: string;
const ids: Record<string, number> = {};

/** A well-formed value for a field, by its name (fixtures' ids) or its schema. */
function example(schema: Schema, name: string): unknown {
  const s = unwrap(schema);
  const byName: Record<string, unknown> = {
    projectId: ids.project,
    taskId: ids.task,
    clientId: ids.client,
    userId: ids.user,
    assignedTo: ids.user,
    entryIds: [ids.entry],
    users: String(ids.user),
    projects: String(ids.project),
    clients: String(ids.client),
    tasks: String(ids.task),
  };
  // The SSO settings' clientId is the provider's client, a string, not one of our clients.
  if (name in byName && !(name === 'clientId' && s.type === 'string')) return byName[name];
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  switch (s.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(s.properties ?? {})
          .filter(([key]) => s.required?.includes(key))
          .map(([key, value]) => [key, example(value, key)]),
      );
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => example(s.items ?? {}, name));
    case 'integer':
    case 'number':
      return Math.max(s.minimum ?? 1, (s.exclusiveMinimum ?? 0) + 1);
    case 'boolean':
      return true;
    case 'string':
      return exampleText(s, name);
    default:
      return 'x';
  }
}

function exampleText(s: Schema, name: string): string {
  if (s.format === 'date-time') return '2026-01-05T10:00:00Z';
  if (s.format === 'date') return '2026-01-05';
  if (s.format === 'email') return 'fuzz@example.com';
  if (s.format === 'uri') return 'https://fuzz.example.com/hook';
  const pattern = s.pattern ?? '';
  if (pattern.includes('2[0-3]):[0-5]')) return name === 'endTime' ? '17:00' : '09:00';
  if (pattern.startsWith('^\\d{1,')) return '1.50';
  if (pattern.includes('[a-z0-9._@-]')) return 'fuzz-someone';
  if (pattern.includes('[A-Za-z0-9_-]{1,10}')) return 'FZ';
  if (pattern.includes('pending')) return 'pending';
  // SSO settings (refined beyond what the schema's JSON says): an https URL, openid among the scopes.
  if (name === 'issuer') return 'https://id.example.com';
  if (name === 'scopes') return 'openid';
  return name === 'timezone' ? 'UTC' : 'x'.repeat(Math.max(1, s.minLength ?? 1));
}

function send(method: string, url: string, query: Record<string, unknown>, body?: unknown) {
  const req = request(app.getHttpServer())
    [method as 'get'](url)
    .set('Authorization', `Bearer ${token}`)
    .query(query as Record<string, string>);
  return body === undefined ? req : req.send(body as object);
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  const admin = await signIn(app, ADMIN);
  const post = async (url: string, body: object) =>
    (await admin.agent.post(url).set('X-CSRF-Token', admin.csrf).send(body).expect(201)).body;
  token = (await post('/api/v1/tokens', { name: 'fuzz' })).token;
  ids.token = (await post('/api/v1/tokens', { name: 'fuzz, revoked by nobody' })).id;
  ids.user = (await post('/api/v1/users', { username: 'fuzz-user', password: 'fuzz-password-1' })).id;
  ids.client = (await post('/api/v1/clients', { name: 'Fuzz client' })).id;
  ids.project = (await post('/api/v1/projects', { name: 'Fuzz', clientId: ids.client })).id;
  ids.task = (await post('/api/v1/tasks', { projectId: ids.project, name: 'Fuzz task' })).id;
  ids.entry = (
    await post('/api/v1/time-entries', {
      projectId: ids.project,
      startTime: '2026-01-05T09:00:00Z',
      endTime: '2026-01-05T10:00:00Z',
    })
  ).id;
  const invoice = await post('/api/v1/invoices', { projectId: ids.project });
  ids.invoice = invoice.id;
  ids.item = (
    await post(`/api/v1/invoices/${invoice.id}/items`, { description: 'x', quantity: '1', unitPrice: '1.00' })
  ).items[0].id;
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

/** A well-formed value of each path parameter: the fixture the route is about. */
function pathValue(route: string, name: string): string {
  if (name === 'itemId') return String(ids.item);
  if (name === 'name') return 'hours-by-day';
  const resource = route.split('/')[3]!;
  const byResource: Record<string, number | undefined> = {
    'time-entries': ids.entry,
    tokens: ids.token,
    users: ids.user,
    tasks: ids.task,
    clients: ids.client,
    projects: ids.project,
    invoices: ids.invoice,
  };
  return String(byResource[resource] ?? 1);
}

/** The body's required fields; an update (nothing required) changes its first field, as it must. */
function wellFormedBody(schema: Schema): Record<string, unknown> {
  const body = example(schema, '') as Record<string, unknown>;
  const [first] = Object.entries(resolve(schema).properties ?? {});
  if (Object.keys(body).length === 0 && first) body[first[0]] = example(first[1], first[0]);
  return body;
}

/**
 * Fields a well-formed body cannot hold a valid value of: a single-use credential (a password
 * link's token is spent by the first request that gets through). A 400 about that field alone is
 * the right answer to any probe of the other fields; its own refusals are in password-reset.e2e.
 */
const SINGLE_USE: Record<string, string> = { 'POST /api/v1/auth/password-reset': 'token' };

interface Probe {
  what: string;
  /** The field the malformed value went into: a 400's errors must all be about it. */
  field: string;
  url: string;
  query: Record<string, unknown>;
  body?: unknown;
}

function probes(route: string, op: Operation): Probe[] {
  const params = op.parameters ?? [];
  const pathOf = (values: Record<string, string>) =>
    route.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name]!));
  const wellFormedPath = Object.fromEntries(
    params.filter((p) => p.in === 'path').map((p) => [p.name, pathValue(route, p.name)]),
  );
  const jsonBody = op.requestBody?.content?.['application/json']?.schema;
  const body = jsonBody ? wellFormedBody(jsonBody) : undefined;
  const out: Probe[] = [];
  for (const kind of KINDS) {
    for (const p of params) {
      const value = inText(kind, p.schema);
      if (p.in === 'path') {
        if (Array.isArray(value)) continue; // a path segment cannot repeat
        out.push({
          what: `path ${p.name}: ${kind}`,
          field: p.name,
          url: pathOf({ ...wellFormedPath, [p.name]: value }),
          query: {},
          body,
        });
      } else {
        out.push({
          what: `query ${p.name}: ${kind}`,
          field: p.name,
          url: pathOf(wellFormedPath),
          query: { [p.name]: value },
          body,
        });
      }
    }
    if (!jsonBody) continue;
    for (const [name, field] of Object.entries(resolve(jsonBody).properties ?? {})) {
      const value = malformed(kind, field);
      const url = pathOf(wellFormedPath);
      out.push({
        what: `body ${name}: ${kind}`,
        field: name,
        url,
        query: {},
        body: { ...body, [name]: value },
      });
      if (unwrap(field).type === 'array') {
        out.push({
          what: `body ${name}[0]: ${kind}`,
          field: name,
          url,
          query: {},
          body: { ...body, [name]: [value] },
        });
      }
    }
  }
  if (jsonBody)
    out.push({ what: 'body: an array', field: '', url: pathOf(wellFormedPath), query: {}, body: [] });
  return out;
}

describe('malformed input on every operation of the OpenAPI document', () => {
  it('covers the whole document', () => {
    expect(OPERATIONS.length).toBeGreaterThan(70);
    expect(OPERATIONS.filter(({ route, op }) => probes(route, op).length > 0).length).toBeGreaterThan(55);
  });

  it.each(OPERATIONS.map((o) => [`${o.method.toUpperCase()} ${o.route}`, o] as const))(
    '%s answers 4xx problems, never 5xx',
    { timeout: 60_000 },
    async (_, { method, route, op }) => {
      const failures: string[] = [];
      const list = probes(route, op);
      // A few at a time: the machine running the suite is shared.
      for (let i = 0; i < list.length; i += 6) {
        await Promise.all(
          list.slice(i, i + 6).map(async (probe) => {
            const res = await send(method, probe.url, probe.query, probe.body);
            const at = `${probe.what} → ${res.status}`;
            if (res.status >= 500) failures.push(`${at} ${JSON.stringify(res.body)}`);
            if (
              res.status >= 400 &&
              !String(res.headers['content-type']).startsWith('application/problem+json')
            )
              failures.push(`${at} without a problem body`);
            // The value put in was what got refused (not a badly made rest of the request); a
            // cross-field rule (end after start, "nothing to change") may add its own errors.
            const errors = (res.status === 400 ? (res.body.errors ?? []) : []) as { path: string }[];
            const about = errors.some((e) => e.path.split(/[.[]/)[0] === probe.field);
            const spent = SINGLE_USE[`${method.toUpperCase()} ${route}`];
            const onlySpent = spent !== undefined && errors.every((e) => e.path === spent);
            if (probe.field && errors.length > 0 && !about && !onlySpent)
              failures.push(`${at} about ${JSON.stringify(errors)}`);
          }),
        );
      }
      expect(failures).toEqual([]);
    },
  );
});
