import path from 'node:path';
import { z } from 'zod';
import { LOG_FORMATS, type LogFormat } from '../logging/log-format';
import { oidcConfigOf, oidcEnvFields, type OidcEnvConfig } from './oidc-env';

/**
 * The V8 flags of the processes each import and each time-entries export runs in
 * (WORKER_IMPORT_NODE_OPTIONS, API_EXPORT_NODE_OPTIONS; docs/configuration.md, "Worker memory"
 * and "Export processes"): an old generation of 128 MB and young semi-spaces of 4 MB.
 */
export const DEFAULT_IMPORT_NODE_OPTIONS = '--max-old-space-size=128 --max-semi-space-size=4';
export const DEFAULT_EXPORT_NODE_OPTIONS = DEFAULT_IMPORT_NODE_OPTIONS;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const NODE_ENVS = ['production', 'development', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/** Environment as the process received it: values may be missing, never typed. */
export type RawEnv = Record<string, string | undefined>;

const BYTE_UNITS = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 } as const;

/** `512kb`, `1mb`, `1.5mb` or a plain byte count, in body-parser's 1024-based units. */
function parseByteSize(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(value.trim());
  if (!match) return undefined;
  const unit = (match[2]?.toLowerCase() ?? 'b') as keyof typeof BYTE_UNITS;
  return Math.floor(Number(match[1]) * BYTE_UNITS[unit]);
}

/** An origin as browsers send it in the Origin header: scheme, host, optional port, nothing else. */
function isOrigin(value: string): boolean {
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol) && new URL(value).origin === value;
}

const required = (what: string) => ({
  error: (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`),
});

/** A PostgreSQL connection URL, as DATABASE_URL and DATABASE_REPLICA_URL take it. */
const postgresUrl = (text: z.ZodString) =>
  text
    .refine((v) => /^postgres(?:ql)?:\/\/\S+$/.test(v), 'must be a postgres:// or postgresql:// URL')
    .refine((v) => URL.canParse(v), 'must be a valid URL');

/**
 * One schema per variable, so each app's schema picks exactly the keys it reads and an
 * operator sees every problem at once.
 */
const fields = {
  DATABASE_URL: postgresUrl(z.string(required('a string'))),
  // Reports and exports read from this PostgreSQL replica when set; everything else (and the
  // dashboard's own figures, which must show a write at once) uses DATABASE_URL.
  DATABASE_REPLICA_URL: postgresUrl(z.string()).optional(),
  HOST: z.string().default('0.0.0.0'),
  // 0 lets the OS pick a free port; the API logs the one it got.
  PORT: z.coerce.number('must be a number').int('must be an integer').min(0).max(65_535).default(3000),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  // Unset: short readable lines on a terminal, JSON (one object a line) anywhere else.
  LOG_FORMAT: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(LOG_FORMATS, { error: `must be one of ${LOG_FORMATS.join(', ')}` }).optional(),
  ),
  // Self-hosters run `npm start` without setting it, and that must be the safe mode.
  NODE_ENV: z.enum(NODE_ENVS, { error: `must be one of ${NODE_ENVS.join(', ')}` }).default('production'),
  ADMIN_DIST_DIR: z.string().optional(),
  TRUST_PROXY: z.stringbool({ error: 'must be true or false' }).default(false),
  SHUTDOWN_TIMEOUT_MS: z.coerce
    .number('must be a number')
    .int('must be an integer')
    .min(0)
    .max(600_000)
    .default(10_000),
  // Unset = no CORS at all: the admin is served from the API's own origin and needs none.
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim().replace(/\/$/, ''))
        .filter((o) => o !== ''),
    )
    .refine((origins) => origins.every(isOrigin), {
      error: 'must be comma-separated origins like https://app.example.com (no path, no *)',
    }),
  BODY_LIMIT: z
    .string()
    .default('1mb')
    .transform((v) => parseByteSize(v) ?? Number.NaN)
    .refine((n) => !Number.isNaN(n), 'must be a size like 512kb, 1mb or 2.5mb')
    .refine((n) => Number.isNaN(n) || (n >= 1024 && n <= 1024 ** 3), 'must be between 1kb and 1gb'),
  // Relative to the working directory; `npm start` passes an absolute one (under the repository).
  BACKUP_DIR: z.string().default('./.data/backups'),
  // The largest file POST /imports accepts (kept in the database until the import is deleted).
  IMPORT_MAX_BYTES: z
    .string()
    .default('50mb')
    .transform((v) => parseByteSize(v) ?? Number.NaN)
    .refine((n) => !Number.isNaN(n), 'must be a size like 512kb, 50mb or 1gb')
    .refine((n) => Number.isNaN(n) || (n >= 1024 && n <= 1024 ** 3), 'must be between 1kb and 1gb'),
  // GET /metrics needs `Authorization: Bearer <token>` when set. Long enough not to be guessed.
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  // Encrypts TOTP secrets at rest (AES-256-GCM): 32 bytes as 64 hex digits or base64.
  TWO_FACTOR_KEY: z
    .string()
    .transform((v) => (/^[0-9a-fA-F]{64}$/.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64')))
    .refine((b) => b.length === 32, 'must be 32 bytes: 64 hex digits or 44 base64 characters')
    .optional(),
  // Webhooks may reach private, loopback and link-local addresses (a receiver on the same
  // network): off by default against SSRF (docs/webhooks.md).
  WEBHOOK_ALLOW_PRIVATE: z.stringbool({ error: 'must be true or false' }).default(false),
  // When set, /metrics is served only on this port (a listener of its own), not on PORT.
  METRICS_PORT: z.coerce.number('must be a number').int('must be an integer').min(0).max(65_535).optional(),
  METRICS_HOST: z.string().optional(),
};

const SMTP_SECURITIES = ['starttls', 'tls', 'none'] as const;

/** The worker's mail settings (docs/configuration.md "Email"); SMTP_HOST unset = no mail is sent. */
const emailFields = {
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce.number('must be a number').int('must be an integer').min(1).max(65_535).optional(),
  // starttls: upgrade with STARTTLS and refuse a server without it; tls: TLS from the first byte.
  SMTP_SECURITY: z
    .enum(SMTP_SECURITIES, { error: `must be one of ${SMTP_SECURITIES.join(', ')}` })
    .default('starttls'),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_TLS_REJECT_UNAUTHORIZED: z.stringbool({ error: 'must be true or false' }).default(true),
  SMTP_TIMEOUT_MS: z.coerce
    .number('must be a number')
    .int('must be an integer')
    .min(1000)
    .max(300_000)
    .default(30_000),
  EMAIL_MAX_ATTEMPTS: z.coerce.number('must be a number').int('must be an integer').min(1).max(50).default(8),
  // Where users reach the dashboard: the base of every link in a mail.
  PUBLIC_URL: z
    .string()
    .default('http://localhost:3000')
    .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), 'must be an http(s) URL'),
};

/**
 * A cron expression (5 fields, or 6 with seconds first). Only its shape is checked here; the
 * worker parses it with its scheduler and reports a bad one as a configuration error too.
 */
const cronField = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v) => v.trim().replace(/\s+/g, ' '))
    .refine((v) => /^(?:\S+ ){4,5}\S+$/.test(v), 'must be a cron expression with 5 or 6 fields');

const ApiEnvSchema = z.object({
  DATABASE_URL: fields.DATABASE_URL,
  DATABASE_REPLICA_URL: fields.DATABASE_REPLICA_URL,
  HOST: fields.HOST,
  PORT: fields.PORT,
  LOG_LEVEL: fields.LOG_LEVEL,
  LOG_FORMAT: fields.LOG_FORMAT,
  NODE_ENV: fields.NODE_ENV,
  ADMIN_DIST_DIR: fields.ADMIN_DIST_DIR,
  TRUST_PROXY: fields.TRUST_PROXY,
  SHUTDOWN_TIMEOUT_MS: fields.SHUTDOWN_TIMEOUT_MS,
  CORS_ORIGINS: fields.CORS_ORIGINS,
  BODY_LIMIT: fields.BODY_LIMIT,
  BACKUP_DIR: fields.BACKUP_DIR,
  IMPORT_MAX_BYTES: fields.IMPORT_MAX_BYTES,
  METRICS_TOKEN: fields.METRICS_TOKEN,
  METRICS_PORT: fields.METRICS_PORT,
  METRICS_HOST: fields.METRICS_HOST,
  TWO_FACTOR_KEY: fields.TWO_FACTOR_KEY,
  WEBHOOK_ALLOW_PRIVATE: fields.WEBHOOK_ALLOW_PRIVATE,
  PUBLIC_URL: emailFields.PUBLIC_URL,
  // How many time-entries exports run at once, each in a process of its own (more wait their
  // turn); 0 = in the API's own process.
  API_EXPORT_PROCESSES: z.coerce
    .number('must be a number')
    .int('must be an integer')
    .min(0)
    .max(64)
    .default(2),
  API_EXPORT_NODE_OPTIONS: z.string().default(DEFAULT_EXPORT_NODE_OPTIONS),
  ...oidcEnvFields,
});

const WorkerEnvSchema = z.object({
  DATABASE_URL: fields.DATABASE_URL,
  LOG_LEVEL: fields.LOG_LEVEL,
  LOG_FORMAT: fields.LOG_FORMAT,
  SHUTDOWN_TIMEOUT_MS: fields.SHUTDOWN_TIMEOUT_MS,
  // Every minute, at second 0: a timer overruns its idle limit by at most a minute.
  WORKER_IDLE_CRON: cronField('0 * * * * *'),
  // Hourly (idempotent): invoices turn overdue within the hour after midnight in settings.timezone,
  // whatever that zone is and even right after it changes.
  WORKER_OVERDUE_INVOICES_CRON: cronField('0 5 * * * *'),
  // Every minute: is today's backup (settings.backup_time in settings.timezone) due?
  WORKER_BACKUP_SCHEDULE_CRON: cronField('30 * * * * *'),
  // Every 5 seconds: pick up backups requested from the API (or by the schedule check).
  WORKER_BACKUP_POLL_CRON: cronField('*/5 * * * * *'),
  // Hourly: delete expired sessions (and pending second steps, remembered browsers), spent
  // rate-limit windows and usage counts past 400 days.
  WORKER_HOUSEKEEPING_CRON: cronField('0 17 * * * *'),
  // Every 10 seconds: fold the reports' rollup deltas into entry_rollups.
  WORKER_ROLLUP_FOLD_CRON: cronField('*/10 * * * * *'),
  BACKUP_DIR: fields.BACKUP_DIR,
  // Every 5 seconds: send the mails queued in the outbox (docs/email.md).
  WORKER_EMAIL_CRON: cronField('*/5 * * * * *'),
  // Queues the weekly digest; hourly, so each user's goes out on their own first day of the week.
  WORKER_DIGEST_CRON: cronField('0 * * * *'),
  // Every 2 seconds: pick up imports queued from the API or CLI (docs/import.md).
  WORKER_IMPORT_CRON: cronField('*/2 * * * * *'),
  WORKER_IMPORT_NODE_OPTIONS: z.string().default(DEFAULT_IMPORT_NODE_OPTIONS),
  ...emailFields,
  // Every 5 seconds: send the webhook deliveries due (docs/webhooks.md).
  WORKER_WEBHOOK_CRON: cronField('*/5 * * * * *'),
  WEBHOOK_ALLOW_PRIVATE: fields.WEBHOOK_ALLOW_PRIVATE,
  WEBHOOK_TIMEOUT_MS: z.coerce
    .number('must be a number')
    .int('must be an integer')
    .min(1000)
    .max(120_000)
    .default(10_000),
  WEBHOOK_MAX_ATTEMPTS: z.coerce
    .number('must be a number')
    .int('must be an integer')
    .min(1)
    .max(100)
    .default(32),
  // Seals webhook secrets, like the API (the worker opens them to sign).
  TWO_FACTOR_KEY: fields.TWO_FACTOR_KEY,
});

export interface ApiConfig {
  databaseUrl: string;
  /** A read replica for reports and exports; undefined = they read DATABASE_URL. */
  databaseReplicaUrl?: string;
  host: string;
  port: number;
  logLevel: LogLevel;
  logFormat: LogFormat;
  nodeEnv: NodeEnv;
  /** Absolute path of the built admin dashboard (its index.html may not exist yet). */
  adminDistDir: string;
  trustProxy: boolean;
  shutdownTimeoutMs: number;
  /** Browser origins allowed to call the API with credentials; empty = CORS disabled. */
  corsOrigins: string[];
  /** Largest accepted request body; bigger ones get 413. */
  bodyLimitBytes: number;
  /** Absolute path of the folder the worker writes backups to (downloads are served from it). */
  backupDir: string;
  /** The largest import file an upload may have (IMPORT_MAX_BYTES). */
  importMaxBytes: number;
  /**
   * Prometheus metrics (GET /metrics). With neither a token nor a port they are not served:
   * the series name users and jobs, which is not for the open internet.
   */
  metrics?: MetricsConfig;
  /** Encrypts TOTP secrets at rest; undefined = they are stored as they are (never sent out). */
  twoFactorKey?: Buffer;
  /** WEBHOOK_ALLOW_PRIVATE: webhook URLs may name private and loopback addresses. */
  webhookAllowPrivate: boolean;
  /** Where users reach the dashboard: the SSO redirect URI is built from it. */
  publicUrl: string;
  /** SSO settings from OIDC_* (OIDC_ISSUER set); undefined = the dashboard's apply. */
  oidc?: OidcEnvConfig;
  /** Username that keeps password sign-in in SSO-only mode, normalized. */
  oidcBreakGlassUser: string;
  /**
   * Time-entries exports (CSV, XLSX): how many run at once, each in a process of its own under
   * `nodeOptions` (V8 flags); `processes` 0 = in the API's own process, unbounded.
   */
  exports: { processes: number; nodeOptions: string };
}

export interface MetricsConfig {
  /** Bearer token a scrape must send; undefined = none (then only `port` protects them). */
  token?: string;
  /** A separate listener for /metrics only (e.g. not published outside the host); undefined = PORT. */
  listen?: { host: string; port: number };
}

export interface WorkerConfig {
  databaseUrl: string;
  logLevel: LogLevel;
  logFormat: LogFormat;
  shutdownTimeoutMs: number;
  /** Cron expressions of the scheduled jobs (the worker's clock, 6 fields = with seconds). */
  schedules: {
    idleTimeout: string;
    overdueInvoices: string;
    backupSchedule: string;
    backupPoll: string;
    housekeeping: string;
    rollupFold: string;
    emailPoll: string;
    webhookPoll: string;
    weeklyDigest: string;
    importPoll: string;
  };
  /** Absolute path of the folder backups are written to. */
  backupDir: string;
  email: EmailConfig;
  webhooks: WebhookConfig;
  /** WORKER_IMPORT_NODE_OPTIONS: the V8 flags of the process each import runs in. */
  importNodeOptions: string;
}

export interface WebhookConfig {
  allowPrivate: boolean;
  timeoutMs: number;
  maxAttempts: number;
  /** TWO_FACTOR_KEY: opens the sealed signing secrets. */
  secretKey?: Buffer;
}

export interface SmtpConfig {
  host: string;
  port: number;
  security: (typeof SMTP_SECURITIES)[number];
  user?: string;
  password?: string;
  tlsRejectUnauthorized: boolean;
  timeoutMs: number;
}

export interface EmailConfig {
  /** null: SMTP_HOST is unset, mails stay queued until it is. */
  smtp: SmtpConfig | null;
  publicUrl: string;
  maxAttempts: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  /** One `KEY: message` line per bad variable. */
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
  }
}

/** `defaultAdminDistDir` is used when ADMIN_DIST_DIR is unset; only the API knows its own layout. */
export function loadApiConfig(
  env: RawEnv,
  defaultAdminDistDir: string,
  onTerminal = process.stdout.isTTY === true,
): ApiConfig {
  const e = parse(ApiEnvSchema, env);
  return {
    databaseUrl: e.DATABASE_URL,
    ...(e.DATABASE_REPLICA_URL ? { databaseReplicaUrl: e.DATABASE_REPLICA_URL } : {}),
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (onTerminal ? 'pretty' : 'json'),
    nodeEnv: e.NODE_ENV,
    adminDistDir: path.resolve(e.ADMIN_DIST_DIR ?? defaultAdminDistDir),
    trustProxy: e.TRUST_PROXY,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    corsOrigins: e.CORS_ORIGINS,
    bodyLimitBytes: e.BODY_LIMIT,
    backupDir: path.resolve(e.BACKUP_DIR),
    importMaxBytes: e.IMPORT_MAX_BYTES,
    ...metricsConfig(e),
    ...(e.TWO_FACTOR_KEY ? { twoFactorKey: e.TWO_FACTOR_KEY } : {}),
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
    publicUrl: e.PUBLIC_URL.replace(/\/+$/, ''),
    ...oidcConfigOf(e),
    exports: { processes: e.API_EXPORT_PROCESSES, nodeOptions: e.API_EXPORT_NODE_OPTIONS },
  };
}

function metricsConfig(e: z.output<typeof ApiEnvSchema>): { metrics?: MetricsConfig } {
  if (e.METRICS_TOKEN === undefined && e.METRICS_PORT === undefined) return {};
  return {
    metrics: {
      ...(e.METRICS_TOKEN !== undefined ? { token: e.METRICS_TOKEN } : {}),
      ...(e.METRICS_PORT !== undefined
        ? { listen: { host: e.METRICS_HOST ?? e.HOST, port: e.METRICS_PORT } }
        : {}),
    },
  };
}

export function loadWorkerConfig(env: RawEnv, onTerminal = process.stdout.isTTY === true): WorkerConfig {
  const e = parse(WorkerEnvSchema, env);
  return {
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (onTerminal ? 'pretty' : 'json'),
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    schedules: {
      idleTimeout: e.WORKER_IDLE_CRON,
      overdueInvoices: e.WORKER_OVERDUE_INVOICES_CRON,
      backupSchedule: e.WORKER_BACKUP_SCHEDULE_CRON,
      backupPoll: e.WORKER_BACKUP_POLL_CRON,
      housekeeping: e.WORKER_HOUSEKEEPING_CRON,
      rollupFold: e.WORKER_ROLLUP_FOLD_CRON,
      emailPoll: e.WORKER_EMAIL_CRON,
      webhookPoll: e.WORKER_WEBHOOK_CRON,
      weeklyDigest: e.WORKER_DIGEST_CRON,
      importPoll: e.WORKER_IMPORT_CRON,
    },
    backupDir: path.resolve(e.BACKUP_DIR),
    importNodeOptions: e.WORKER_IMPORT_NODE_OPTIONS,
    email: {
      smtp: e.SMTP_HOST
        ? {
            host: e.SMTP_HOST,
            port: e.SMTP_PORT ?? (e.SMTP_SECURITY === 'tls' ? 465 : 587),
            security: e.SMTP_SECURITY,
            ...(e.SMTP_USER !== undefined ? { user: e.SMTP_USER } : {}),
            ...(e.SMTP_PASSWORD !== undefined ? { password: e.SMTP_PASSWORD } : {}),
            tlsRejectUnauthorized: e.SMTP_TLS_REJECT_UNAUTHORIZED,
            timeoutMs: e.SMTP_TIMEOUT_MS,
          }
        : null,
      publicUrl: e.PUBLIC_URL.replace(/\/+$/, ''),
      maxAttempts: e.EMAIL_MAX_ATTEMPTS,
    },
    webhooks: {
      allowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      ...(e.TWO_FACTOR_KEY ? { secretKey: e.TWO_FACTOR_KEY } : {}),
    },
  };
}

function parse<S extends z.ZodType>(schema: S, env: RawEnv): z.output<S> {
  const result = schema.safeParse(withoutBlanks(env));
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
}

/** `KEY=` in a .env file or compose file means "not set", not "set to nothing". */
function withoutBlanks(env: RawEnv): RawEnv {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
}
