import type { Client } from 'pg';
import { connect, databaseName, maskUrl, quoteIdent, withDatabase } from './db';
import { errorMessage, formatMs, type Reporter } from './report';

export class DatabaseUnreachableError extends Error {
  constructor(
    readonly url: string,
    readonly attempts: number,
    readonly lastReason: string,
    timeoutMs: number,
  ) {
    super(
      `database ${maskUrl(url)} not reachable after ${attempts} attempt(s) in ${formatMs(timeoutMs)}; ` +
        `last reason: ${lastReason}`,
    );
  }
}

export interface WaitOptions {
  timeoutMs: number;
  reporter: Reporter;
  /** First delay between attempts; doubles up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Create the database when the server answers that it does not exist. */
  createIfMissing?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Connects to the database, retrying with exponential backoff until the deadline. Each failed
 * attempt prints its reason so that an operator sees *why* (refused, auth, DNS, starting up).
 */
export async function waitForDatabase(url: string, options: WaitOptions): Promise<Client> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  let delay = options.initialDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 5_000;
  let attempt = 0;
  let lastReason = 'no attempt made';
  for (;;) {
    attempt += 1;
    const remaining = deadline - Date.now();
    try {
      return await connect(url, { connectionTimeoutMillis: Math.max(1_000, Math.min(5_000, remaining)) });
    } catch (err) {
      lastReason = describeConnectError(err);
      if (options.createIfMissing !== false && (err as { code?: string }).code === '3D000') {
        if (await tryCreateDatabase(url, options.reporter)) continue;
      }
    }
    const left = deadline - Date.now();
    if (left <= 0) throw new DatabaseUnreachableError(url, attempt, lastReason, options.timeoutMs);
    const wait = Math.min(delay, left);
    options.reporter.info(`wait: attempt ${attempt} failed (${lastReason}); retrying in ${formatMs(wait)}`);
    await sleep(wait);
    delay = Math.min(delay * 2, maxDelay);
  }
}

function describeConnectError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  if (e.code === '3D000') return `database does not exist (${e.message})`;
  if (e.code === '28P01' || e.code === '28000') return `authentication failed (${e.message})`;
  if (e.code === '57P03') return 'the server is starting up';
  if (e.code && e.message) return `${e.code}: ${e.message}`;
  return errorMessage(err);
}

async function tryCreateDatabase(url: string, reporter: Reporter): Promise<boolean> {
  const name = databaseName(url);
  let admin: Client | undefined;
  try {
    admin = await connect(withDatabase(url, 'postgres'));
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
    reporter.info(`wait: database "${name}" did not exist; created it`);
    return true;
  } catch (err) {
    // Another starter may have created it in the meantime: that is success too.
    if ((err as { code?: string }).code === '42P04') return true;
    reporter.warn(`could not create database "${name}": ${errorMessage(err)}`);
    return false;
  } finally {
    await admin?.end().catch(() => {});
  }
}
