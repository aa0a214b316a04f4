import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { DOCS_PATH, OPENAPI_JSON_PATH } from '../../src/platform/openapi';
import type { z } from 'zod';
import { jsonWriterFor } from '../../src/platform/json-writer';
import { SHAPED_RESPONSE } from '../../src/platform/zod-response';

// No OpenAPI validator package is installed; these checks cover what a validator would catch
// in a generated document, plus the conventions of this API.

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Operation = {
  operationId?: string;
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: { content?: Record<string, { schema?: Json }> };
  responses?: Record<
    string,
    { $ref?: string; description?: string; content?: Record<string, { schema?: Json }> }
  >;
  security?: Record<string, string[]>[];
};

export function operations(doc: OpenAPIObject): { method: string; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method] as Operation })),
  );
}

/** Structural problems of the document, as readable lines; empty when it is sound. */
export function structuralErrors(doc: OpenAPIObject): string[] {
  const errors: string[] = [];
  if (!/^3\.1\.\d+$/.test(doc.openapi)) errors.push(`openapi is ${doc.openapi}, not 3.1.x`);
  if (!doc.info?.title || !doc.info?.version) errors.push('info.title and info.version are required');
  const ids = new Set<string>();
  for (const { method, path, op } of operations(doc)) {
    const at = `${method.toUpperCase()} ${path}`;
    if (!path.startsWith('/')) errors.push(`${at}: path must start with /`);
    if (!op.operationId || ids.has(op.operationId)) errors.push(`${at}: missing or duplicate operationId`);
    ids.add(op.operationId ?? '');
    const responses = Object.entries(op.responses ?? {});
    if (responses.length === 0) errors.push(`${at}: no responses`);
    for (const [status, response] of responses) {
      if (!/^(?:[1-5]\d\d|[1-5]XX|default)$/.test(status)) errors.push(`${at}: bad status ${status}`);
      if (response.$ref === undefined && typeof response.description !== 'string')
        errors.push(`${at} ${status}: no description`);
    }
    for (const name of path.match(/\{(\w+)\}/g) ?? []) {
      const param = op.parameters?.find((p) => p.in === 'path' && `{${p.name}}` === name);
      if (!param?.required) errors.push(`${at}: path parameter ${name} is not declared as required`);
    }
    for (const requirement of op.security ?? []) {
      for (const scheme of Object.keys(requirement)) {
        if (!doc.components?.securitySchemes?.[scheme]) errors.push(`${at}: unknown security ${scheme}`);
      }
    }
  }
  walk(doc as unknown as Json, (node, where) => {
    const ref = node.$ref;
    if (typeof ref === 'string' && resolvePointer(doc, ref) === undefined) {
      errors.push(`${where}: $ref ${ref} does not resolve`);
    }
  });
  return errors;
}

/** This API's conventions: errors are problem+json, JSON bodies reject unknown fields. */
export function conventionErrors(doc: OpenAPIObject): string[] {
  const errors: string[] = [];
  for (const { method, path, op } of operations(doc)) {
    const at = `${method.toUpperCase()} ${path}`;
    for (const [status, response] of Object.entries(op.responses ?? {})) {
      if (!/^4/.test(status)) continue;
      const schema = response.content?.['application/problem+json']?.schema as { $ref?: string } | undefined;
      if (schema?.$ref !== '#/components/schemas/Problem') {
        errors.push(`${at} ${status}: document errors with @ApiProblems (application/problem+json)`);
      }
    }
    const body = op.requestBody?.content?.['application/json']?.schema;
    if (body !== undefined) {
      walk(resolveRefs(doc, body), (node, where) => {
        // Records (additionalProperties: <schema>) are fine; objects with fields must be strict.
        if (node.type === 'object' && node.properties !== undefined && node.additionalProperties !== false) {
          errors.push(`${at} request body${where}: use z.strictObject so unknown fields are rejected`);
        }
      });
    }
  }
  return errors;
}

const recorded = new WeakMap<INestApplication, Set<string>>();

/**
 * Records the routes Fastify is given from now on: call it before `app.init()`, where Nest adds
 * every controller's routes (Fastify keeps no list to read back).
 */
export function recordRoutes(app: INestApplication): void {
  const routes = new Set<string>();
  recorded.set(app, routes);
  (app.getHttpAdapter().getInstance() as FastifyInstance).addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.add(`${method} ${route.url}`);
  });
}

/** `GET /api/v1/x/{id}` for every route the app serves (see recordRoutes), except the docs' own. */
export function servedRoutes(app: INestApplication): string[] {
  const routes = recorded.get(app);
  if (!routes) throw new Error('servedRoutes needs recordRoutes(app) before app.init()');
  const served = new Set<string>();
  for (const route of routes) {
    const [method, path] = route.split(' ') as [string, string];
    // Fastify answers HEAD for every GET by itself; controllers declare no HEAD routes of their own.
    if (method === 'HEAD' || path === OPENAPI_JSON_PATH || path.startsWith(DOCS_PATH)) continue;
    served.add(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
  }
  return [...served].sort();
}

/** nestjs-zod's @ZodResponse (and ours, which applies it) records the response DTO under this key. */
const RESPONSE_DTO_METADATA = 'ZOD_SERIALIZER_DTO_OPTIONS';

/**
 * Controller methods that document a response schema, split by whether their result is parsed
 * with it (src/platform/zod-response.ts) or would leave unshaped (nestjs-zod's own decorator,
 * whose interceptor the API does not install).
 */
export function responseShaping(app: INestApplication): { shaped: string[]; unshaped: string[] } {
  const shaped: string[] = [];
  const unshaped: string[] = [];
  for (const { label, handler } of controllerHandlers(app)) {
    if (!Reflect.getMetadata(RESPONSE_DTO_METADATA, handler)) continue;
    (Reflect.getMetadata(SHAPED_RESPONSE, handler) ? shaped : unshaped).push(label);
  }
  return { shaped: shaped.sort(), unshaped: unshaped.sort() };
}

/** Every controller method of the app, labelled `Controller.method`. */
function* controllerHandlers(app: INestApplication): Generator<{ label: string; handler: object }> {
  for (const module of app.get(ModulesContainer).values()) {
    for (const { instance } of module.controllers.values()) {
      const proto = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (typeof handler === 'function' && name !== 'constructor')
          yield { label: `${proto.constructor.name}.${name}`, handler };
      }
    }
  }
}

/** Shaped handlers whose response schema cannot be compiled into a JSON writer, with why. */
export function unwritableResponses(app: INestApplication): string[] {
  const failures: string[] = [];
  for (const { label, handler } of controllerHandlers(app)) {
    const schema = Reflect.getMetadata(SHAPED_RESPONSE, handler) as z.ZodType | undefined;
    if (!schema) continue;
    try {
      jsonWriterFor(schema);
    } catch (error) {
      failures.push(`${label}: ${(error as Error).message}`);
    }
  }
  return failures.sort();
}

export function documentedRoutes(doc: OpenAPIObject): string[] {
  return operations(doc)
    .map(({ method, path }) => `${method.toUpperCase()} ${path}`)
    .sort();
}

function resolvePointer(doc: OpenAPIObject, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
}

/** Inlines $refs (once each) so nested object schemas of a body can be checked too. */
function resolveRefs(doc: OpenAPIObject, node: Json, seen = new Set<string>()): Json {
  if (Array.isArray(node)) return node.map((n) => resolveRefs(doc, n, seen));
  if (node === null || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string' && !seen.has(node.$ref)) {
    return resolveRefs(doc, resolvePointer(doc, node.$ref) as Json, new Set([...seen, node.$ref]));
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolveRefs(doc, v, seen)]));
}

function walk(node: Json, visit: (node: { [key: string]: Json }, where: string) => void, where = ''): void {
  if (Array.isArray(node)) node.forEach((n, i) => walk(n, visit, `${where}/${i}`));
  else if (node !== null && typeof node === 'object') {
    visit(node, where);
    for (const [key, value] of Object.entries(node)) walk(value, visit, `${where}/${key}`);
  }
}
