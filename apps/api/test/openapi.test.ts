import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { ApiExcludeController, ApiResponse, type OpenAPIObject } from '@nestjs/swagger';
import { loadApiConfig } from '@timetracker/core';
// eslint-disable-next-line no-restricted-imports -- the check below must catch this decorator
import { createZodDto, ZodResponse as UnshapedResponse } from 'nestjs-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp, type AppModuleImport, type ApiApp } from '../src/app';
import { ApiProblems } from '../src/platform/api-problems.decorator';
import { ZodResponse } from '../src/platform/zod-response';
import { buildOpenApiDocument, renderOpenApiDocument } from '../src/platform/openapi';
import {
  conventionErrors,
  documentedRoutes,
  recordRoutes,
  responseShaping,
  servedRoutes,
  structuralErrors,
  unwritableResponses,
} from './platform-support/openapi-checks';

const COMMITTED = path.resolve(__dirname, '../openapi.json');

/** Like the `openapi` script: no database behind the URL, so anything connecting would fail. */
async function appWithoutDatabase(extraModules: AppModuleImport[] = []): Promise<ApiApp> {
  const config = loadApiConfig(
    { DATABASE_URL: 'postgresql://openapi@127.0.0.1:1/none', LOG_LEVEL: 'silent' },
    '/nonexistent',
  );
  const app = await createApp(config, extraModules);
  recordRoutes(app);
  await app.init();
  return app;
}

let app: ApiApp;
let doc: OpenAPIObject;

beforeAll(async () => {
  app = await appWithoutDatabase();
  doc = buildOpenApiDocument(app);
});

afterAll(async () => {
  await app?.close();
});

describe('apps/api/openapi.json', () => {
  it('is what the code generates now', () => {
    const committed = readFileSync(COMMITTED, 'utf8');
    expect(
      renderOpenApiDocument(doc),
      'apps/api/openapi.json is stale: run `npm run openapi -w apps/api` and commit the result',
    ).toBe(committed);
  });

  it('is generated deterministically', async () => {
    const again = await appWithoutDatabase();
    try {
      expect(renderOpenApiDocument(buildOpenApiDocument(again))).toBe(renderOpenApiDocument(doc));
    } finally {
      await again.close();
    }
  });

  it('is a sound OpenAPI 3.1 document', () => {
    expect(structuralErrors(doc)).toEqual([]);
    expect(doc.info).toMatchObject({ title: 'TimeTracker API', version: '0.1.0' });
    expect(doc.info.description).toMatch(/X-CSRF-Token/);
    expect(doc.info.description).toMatch(/Authorization: Bearer/);
    expect(doc.info.description).toMatch(/application\/problem\+json/);
    expect(doc.info.description).toMatch(/pageSize/);
    expect(doc.components?.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      session: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'tt_session' }),
    });
    expect(doc.components?.schemas?.Problem).toMatchObject({
      required: expect.arrayContaining(['type', 'title', 'status', 'code']),
    });
  });

  it('follows the API conventions (problem+json errors, strict request bodies)', () => {
    expect(conventionErrors(doc)).toEqual([]);
  });

  it('documents every route the app serves, and no other', () => {
    expect(servedRoutes(app)).toContain('GET /api/v1/health/ready');
    expect(documentedRoutes(doc)).toEqual(servedRoutes(app));
  });

  it('parses every documented response with its schema (nothing undeclared leaves)', () => {
    const { shaped, unshaped } = responseShaping(app);
    expect(unshaped).toEqual([]);
    expect(shaped).toContain('TimeEntriesController.list');
    expect(shaped.length).toBeGreaterThan(60);
    expect(unwritableResponses(app)).toEqual([]);
  });

  it('documents the health endpoints with their contract schemas', () => {
    const ready = doc.paths['/api/v1/health/ready']?.get;
    expect(Object.keys(ready?.responses ?? {})).toEqual(['200', '503']);
    expect(JSON.stringify(ready?.responses)).toContain('#/components/schemas/ReadinessResponseDto_Output');
    expect(doc.paths['/api/v1/health']?.get?.responses?.['200']).toBeDefined();
  });
});

// The checks above are only worth something if they catch what they claim to.
describe('the checks themselves', () => {
  class LooseBody extends createZodDto(z.object({ name: z.string() })) {}
  class StrictBody extends createZodDto(
    z.strictObject({
      name: z.string(),
      rates: z.record(z.string(), z.string()),
      address: z.strictObject({ city: z.string() }).optional(),
    }),
  ) {}
  /** A response schema with a transform: JSON Schema cannot say what it writes. */
  class Transformed extends createZodDto(z.object({ name: z.string().transform((v) => v.toUpperCase()) })) {}

  @ApiExcludeController()
  @Controller('hidden')
  class HiddenController {
    @Get()
    list() {
      return [];
    }
  }

  @Controller('loose')
  class LooseController {
    @Post()
    @ApiResponse({ status: 201, description: 'Created' })
    @ApiResponse({ status: 404, description: 'Plain JSON error' })
    create(@Body() body: LooseBody) {
      return body;
    }

    @Post('strict')
    @ApiResponse({ status: 201, description: 'Created' })
    @ApiProblems(400, 409)
    strict(@Body() body: StrictBody) {
      return body;
    }

    @Post('unshaped')
    @UnshapedResponse({ status: 201, type: StrictBody })
    @ApiProblems(400)
    unshaped(@Body() body: StrictBody) {
      return body;
    }
  }

  @Module({ controllers: [HiddenController, LooseController] })
  class BrokenDocsModule {}

  it('catch a hidden route, a non-strict body, an undocumented error format and an unshaped response, and only those', async () => {
    const broken = await appWithoutDatabase([BrokenDocsModule]);
    try {
      const brokenDoc = buildOpenApiDocument(broken);
      expect(servedRoutes(broken)).toContain('GET /api/v1/hidden');
      expect(documentedRoutes(brokenDoc)).not.toContain('GET /api/v1/hidden');
      expect(conventionErrors(brokenDoc)).toEqual([
        'POST /api/v1/loose 404: document errors with @ApiProblems (application/problem+json)',
        'POST /api/v1/loose request body: use z.strictObject so unknown fields are rejected',
      ]);
      brokenDoc.paths['/api/v1/loose']!.post!.responses['201'] = { $ref: '#/components/schemas/Nope' };
      expect(structuralErrors(brokenDoc)).toEqual([
        expect.stringContaining('$ref #/components/schemas/Nope does not resolve'),
      ]);
      expect(responseShaping(broken).unshaped).toEqual(['LooseController.unshaped']);
    } finally {
      await broken.close();
    }
  });

  @Controller('transformed')
  class TransformedController {
    @Post()
    @ZodResponse({ status: 201, type: Transformed })
    transformed(@Body() body: StrictBody) {
      return body;
    }
  }

  @Module({ controllers: [TransformedController] })
  class TransformedModule {}

  it('catch a response schema that no JSON writer can follow', async () => {
    const odd = await appWithoutDatabase([TransformedModule]);
    try {
      expect(unwritableResponses(odd)).toEqual([
        expect.stringMatching(/^TransformedController\.transformed: Transforms cannot be represented/),
      ]);
    } finally {
      await odd.close();
    }
  });
});
