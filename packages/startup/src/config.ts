import path from 'node:path';
import { z } from 'zod';
import { findRepoRoot } from './paths';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const postgresUrl = z
  .string()
  .trim()
  .refine((v) => /^postgres(?:ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL');

const StartupEnvSchema = z.object({
  DATABASE_URL: optionalString.pipe(postgresUrl.optional()),
  STARTUP_WAIT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  ADMIN_USERNAME: z
    .string()
    .trim()
    .toLowerCase()
    .min(1)
    .max(80)
    .regex(/^[a-z0-9._@-]+$/, 'letters, digits and . _ @ - only')
    .default('admin'),
  ADMIN_PASSWORD: optionalString.pipe(z.string().min(10, 'must be at least 10 characters').optional()),
  DATA_DIR: optionalString,
  PRISMA_DIR: optionalString,
  BACKUP_DIR: optionalString,
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  LOG_FORMAT: optionalString.pipe(z.enum(['json', 'pretty']).optional()),
});

export interface StartupConfig {
  databaseUrl?: string;
  waitTimeoutMs: number;
  adminUsername: string;
  adminPassword?: string;
  dataDir: string;
  prismaDir: string;
  /** Where backups are written (the worker's BACKUP_DIR; relative paths are from the repository). */
  backupDir: string;
  embeddedPgPort: number;
  apiPort: number;
  apiHost: string;
  /**
   * The apps' log format under `npm start`: a person's terminal, though turbo hands the apps a
   * pipe (so their own TTY check would pick JSON). LOG_FORMAT=json keeps JSON.
   */
  logFormat: 'json' | 'pretty';
}

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
  }
}

/** Parses the environment once; every bad key is listed, not just the first. */
export function loadStartupConfig(env: NodeJS.ProcessEnv = process.env): StartupConfig {
  const parsed = StartupEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const root = findRepoRoot();
  return {
    databaseUrl: e.DATABASE_URL,
    waitTimeoutMs: e.STARTUP_WAIT_TIMEOUT_MS,
    adminUsername: e.ADMIN_USERNAME,
    adminPassword: e.ADMIN_PASSWORD,
    dataDir: path.resolve(root, e.DATA_DIR ?? '.data'),
    prismaDir: path.resolve(root, e.PRISMA_DIR ?? 'prisma'),
    backupDir: path.resolve(root, e.BACKUP_DIR ?? '.data/backups'),
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    apiPort: e.PORT,
    apiHost: e.HOST,
    logFormat: e.LOG_FORMAT ?? 'pretty',
  };
}
