import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@timetracker/contracts';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { API_VERSION } from '../version';
import { Problem } from './api-problems.decorator';
import { PROBLEM_TYPE_BASE } from './problem.mapping';
import { PUBLIC_SECURITY_MARKER } from '../auth/auth.decorators';

/** Outside /api/v1 on purpose: the document describes the version, it is not part of it. */
export const OPENAPI_JSON_PATH = '/api/openapi.json';
export const DOCS_PATH = '/api/docs';

/** The session cookie's name; the auth module sets it, the document declares it. */
export const SESSION_COOKIE = 'tt_session';

const DESCRIPTION = `
REST API of TimeTracker, a self-hosted time tracker. Every endpoint is under \`/api/v1\`.
This document is generated from the same zod schemas that validate requests and shape responses.

## Authentication

- **Browser session** (security scheme \`session\`): signing in sets the httpOnly cookie
  \`${SESSION_COOKIE}\` and returns a CSRF token. Every write made with the cookie (POST, PUT, PATCH,
  DELETE) must send that token back in the \`X-CSRF-Token\` header.
- **Personal API token** (security scheme \`bearer\`): send \`Authorization: Bearer <token>\`.
  Each user creates and revokes their own tokens; no CSRF header is needed.

## Errors

Every error is \`application/problem+json\` (RFC 9457):

\`\`\`json
{
  "type": "${PROBLEM_TYPE_BASE}not-found",
  "title": "Not Found",
  "status": 404,
  "detail": "Project not found",
  "code": "NOT_FOUND",
  "requestId": "6f1c2a0e-…",
  "instance": "/api/v1/projects/42"
}
\`\`\`

\`code\` is stable: branch on it, not on \`detail\`. \`type\` is always \`${PROBLEM_TYPE_BASE}\`
followed by the code in lower case with dashes. \`requestId\` equals the \`X-Request-Id\` response
header (sent on every response; a sane one you send is kept). Codes:

| status | code | when |
| --- | --- | --- |
| 400 | \`VALIDATION\` | the input breaks its schema or a rule; \`errors\` lists \`{ path, message }\` per field, \`path\` dotted (\`tags.2\`) |
| 400 | \`BAD_REQUEST\` | the request cannot be read at all (e.g. malformed JSON) |
| 401 | \`UNAUTHENTICATED\` | no valid session or token |
| 403 | \`FORBIDDEN\` | authenticated but not allowed |
| 404 | \`NOT_FOUND\` | no such resource (or route), or not yours to see |
| 405 | \`METHOD_NOT_ALLOWED\` | the route exists but not with this method |
| 409 | \`CONFLICT\` | a duplicate, or a record still referenced |
| 409 | \`INVALID_STATE\` | not possible in the resource's current state |
| 413 | \`PAYLOAD_TOO_LARGE\` | the body exceeds the server's limit (\`BODY_LIMIT\`, 1 MB by default) |
| 415 | \`UNSUPPORTED_MEDIA_TYPE\` | the body is not JSON (\`Content-Type: application/json\`), nor multipart where the logo is uploaded |
| 429 | \`RATE_LIMITED\` | too many attempts; the \`Retry-After\` header says how many seconds to wait |
| 500 | \`INTERNAL\` | a server bug or outage; nothing about it is disclosed, quote the \`requestId\` |
| 503 | \`SERVICE_UNAVAILABLE\` | the database is unreachable or saturated; retry after \`Retry-After\` seconds |

No other code is ever answered (docs/api-errors.md).

## Requests

Bodies are JSON (\`Content-Type: application/json\`), except the logo upload
(\`PUT /api/v1/settings/logo\`, \`multipart/form-data\`). Unknown fields are rejected, not ignored.
Times are ISO-8601 strings with \`Z\` or an offset (naive times are rejected), durations are
integer seconds, money is a decimal string.

## Pagination

List endpoints take \`page\` (1-based, default 1), \`pageSize\` (default ${DEFAULT_PAGE_SIZE}, at most
${MAX_PAGE_SIZE}) and, where offered, \`sort\` (a field name, \`-\` in front for descending) and
answer \`{ "items": [...], "total": <matching items on all pages>, "page": 1, "pageSize": ${DEFAULT_PAGE_SIZE} }\`.
`.trim();

/** Builds the OpenAPI 3.1 document of everything `app` routes. Needs no database. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('TimeTracker API')
    .setVersion(API_VERSION)
    .setDescription(DESCRIPTION)
    .addTag('health', 'Liveness and readiness probes for load balancers and orchestrators')
    // addSecurity, not addBearerAuth/addCookieAuth: those add defaults that are wrong here
    // (bearerFormat JWT; our tokens are opaque random strings).
    .addSecurity('bearer', {
      type: 'http',
      scheme: 'bearer',
      description: 'A personal API token: `Authorization: Bearer <token>`',
    })
    .addSecurity('session', {
      type: 'apiKey',
      in: 'cookie',
      name: SESSION_COOKIE,
      description: 'The browser session; cookie-authenticated writes also need the X-CSRF-Token header',
    })
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [Problem] });
  markPublicOperations(document);
  return cleanupOpenApiDoc(document, { version: '3.1' });
}

/** Operations of @Public() routes need no credentials: `security: []` (see PUBLIC_SECURITY_MARKER). */
function markPublicOperations(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as { security?: Record<string, string[]>[] }[]) {
      if (operation?.security?.some((requirement) => PUBLIC_SECURITY_MARKER in requirement)) {
        operation.security = [];
      }
    }
  }
}

/** The committed apps/api/openapi.json: stable key order from the app, 2-space JSON, final newline. */
export function renderOpenApiDocument(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Serves the document at /api/openapi.json and Swagger UI at /api/docs (built on first request). */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH.slice(1), app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH.slice(1),
    raw: ['json'],
    customSiteTitle: 'TimeTracker API',
  });
}
