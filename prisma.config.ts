// Prisma CLI configuration. Only `prisma generate` is run by this project: migrations are
// applied by packages/startup, which never shells out to the Prisma CLI.
import path from 'node:path';
import { defineConfig } from 'prisma/config';

// The CLI insists on locating a native schema engine even for `generate`, and it cannot be
// downloaded on offline machines. `generate` never runs that engine, so any existing file
// satisfies the lookup; an explicitly configured engine always wins.
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}

export default defineConfig({
  schema: path.join(__dirname, 'prisma', 'schema.prisma'),
  migrations: { path: path.join(__dirname, 'prisma', 'migrations') },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/timetracker' },
});
