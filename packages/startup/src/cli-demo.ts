import type { Client } from 'pg';
import { UsageError } from './cli-commands';
import { DEMO_PASSWORD, seedDemoData, type DemoOptions } from './demo';
import { formatMs } from './report';

const LIMITS = {
  '--users': { min: 1, max: 100_000, fallback: 10 },
  '--entries': { min: 0, max: 100_000_000, fallback: 10_000 },
  '--days': { min: 1, max: 36_500, fallback: 365 },
} as const;

/** `--users N --entries M --days D` as whole numbers within their limits, else a usage error (exit 64). */
export function demoOptions(
  options: Map<string, string | true>,
): Required<Pick<DemoOptions, 'users' | 'entries' | 'days'>> {
  const read = (name: keyof typeof LIMITS) => {
    const { min, max, fallback } = LIMITS[name];
    const raw = options.get(name);
    if (raw === undefined) return fallback;
    const text = String(raw).replace(/_/g, '');
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not "${String(raw)}"`);
    }
    return n;
  };
  return { users: read('--users'), entries: read('--entries'), days: read('--days') };
}

/** `timetracker seed:demo`: 0 added, 1 the database has no schema yet. */
export async function seedDemoCommand(
  client: Client,
  options: Required<Pick<DemoOptions, 'users' | 'entries' | 'days'>>,
): Promise<number> {
  const { rows } = await client.query<{ ok: boolean }>(
    `SELECT to_regclass('time_entries') IS NOT NULL AS ok`,
  );
  if (!rows[0]?.ok) {
    console.error(
      '[startup] error: the database has no schema yet: run `npm run startup` (or `timetracker startup`) first',
    );
    return 1;
  }
  const started = performance.now();
  const result = await seedDemoData(client, options);
  console.log(
    `demo data: added ${result.entries} time entries over the last ${options.days} days (${formatMs(performance.now() - started)})\n` +
      `  users:    ${result.users} (demo1, demo2, …; new ones sign in with "${DEMO_PASSWORD}")\n` +
      `  clients:  ${result.clients}\n` +
      `  projects: ${result.projects}\n` +
      `  tasks:    ${result.tasks}\n` +
      'Users, clients, projects and tasks that existed are reused; entries are always added.',
  );
  return 0;
}
