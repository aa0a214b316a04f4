import type { Client } from 'pg';

/**
 * The key Prisma Migrate itself locks with, so that our startup and a real `prisma migrate deploy`
 * never run against the same database at once.
 */
export const MIGRATION_LOCK_KEY = 72707369;

/**
 * Holds a session-level advisory lock for the duration of `run`. Concurrent starters queue on
 * it; the lock is released even when `run` throws, and PostgreSQL drops it if we crash.
 */
export async function withAdvisoryLock<T>(
  client: Client,
  run: (waitedMs: number) => Promise<T>,
  key: number = MIGRATION_LOCK_KEY,
): Promise<T> {
  const started = performance.now();
  await client.query('SELECT pg_advisory_lock($1)', [key]);
  const waited = performance.now() - started;
  try {
    return await run(waited);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => {});
  }
}
