// Rewrites apps/api/openapi.json from the built app (dist/): `npm run openapi -w apps/api`.
// Runs against dist because Nest needs the decorator metadata that tsc emits.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadApiConfig } from '@timetracker/core';
import { createApp } from '../dist/app.js';
import { buildOpenApiDocument, renderOpenApiDocument } from '../dist/platform/openapi.js';

const apiDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(apiDir, 'openapi.json');

// Nothing connects to it: the document only needs the routes. Port 1 proves it (nothing listens).
const config = loadApiConfig(
  { DATABASE_URL: 'postgresql://openapi@127.0.0.1:1/none', LOG_LEVEL: 'warn' },
  path.join(apiDir, 'no-admin'),
);
const app = await createApp(config);
try {
  writeFileSync(target, renderOpenApiDocument(buildOpenApiDocument(app)));
  console.log(`Wrote ${path.relative(process.cwd(), target)}`);
} finally {
  await app.close();
}
