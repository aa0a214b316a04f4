import { ImportCreateQuerySchema, type ImportCreateQuery, type ImportResponse } from '@timetracker/contracts';
import {
  DomainError,
  ImportsRepository,
  ImportsService,
  TimeEntriesRepository,
  type Principal,
} from '@timetracker/core';
import { createPrismaClient, type PrismaClient } from '@timetracker/db';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './cli-commands';

export interface ImportCliOptions {
  query: ImportCreateQuery;
  dryRun: boolean;
  /** Source user (email or name) → TimeTracker username or email. */
  userMap: [string, string][];
  placeholders: boolean;
  /** The admin the import is recorded for; default the first active admin. */
  as?: string;
}

/** `--format F --zone Z --dry-run --user-map a@x=b@y[,…] --placeholders --as U`, else exit 64. */
export function importOptions(options: Map<string, string | true>): ImportCliOptions {
  const query = ImportCreateQuerySchema.safeParse({
    format: options.get('--format'),
    timezone: options.get('--zone'),
  });
  if (!query.success) {
    const issue = query.error.issues[0]!;
    const name = issue.path[0] === 'timezone' ? '--zone' : '--format';
    throw new UsageError(`${name}: ${issue.message}`);
  }
  const userMap: [string, string][] = [];
  const raw = options.get('--user-map');
  for (const pair of typeof raw === 'string' ? raw.split(',') : []) {
    const at = pair.indexOf('=');
    if (at <= 0 || at === pair.length - 1)
      throw new UsageError(`--user-map takes source=user pairs (a@x=b@y), not "${pair}"`);
    userMap.push([pair.slice(0, at).trim(), pair.slice(at + 1).trim()]);
  }
  const as = options.get('--as');
  return {
    query: query.data,
    dryRun: options.has('--dry-run'),
    userMap,
    placeholders: options.has('--placeholders'),
    as: typeof as === 'string' ? as : undefined,
  };
}

/** How often progress goes to stderr while a job runs. */
const PROGRESS_MS = 1_000;

/**
 * `timetracker import <file>`: uploads the file as an admin, runs the dry run in this process
 * and prints its counts and refused rows, then (without --dry-run) the import itself.
 * 0 done, nothing refused; 3 done, some rows refused (listed); 1 the job failed or was
 * cancelled; 65 the file or mapping is refused; 66 the file cannot be read.
 */
export async function importCommand(url: string, file: string, options: ImportCliOptions): Promise<number> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    console.error(`[startup] error: cannot read ${file}: ${(err as Error).message}`);
    return 66;
  }
  const prisma = createPrismaClient(url, { poolSize: 3 });
  try {
    const actor = await adminActor(prisma, options.as);
    if (!actor) {
      console.error(
        `[startup] error: ${options.as ? `"${options.as}" is not an active admin` : 'there is no active admin'}`,
      );
      return 1;
    }
    // The file is read here, not sent over HTTP: no upload size applies.
    const service = new ImportsService(
      new ImportsRepository(prisma),
      new TimeEntriesRepository(prisma),
      Number.MAX_SAFE_INTEGER,
      `cli:${process.pid}`,
    );
    const users: Record<string, number> = {};
    for (const [source, target] of options.userMap) {
      const id = await userIdOf(prisma, target);
      if (id === null) {
        console.error(`[startup] error: --user-map: no active user "${target}"`);
        return 65;
      }
      users[source.toLowerCase()] = id;
    }
    let item = await service.upload(actor, { bytes, fileName: path.basename(file) }, options.query);
    console.log(`import #${item.id}: ${item.fileName}, format ${item.format}, zone ${item.timezone}`);
    if (options.userMap.length > 0 || options.placeholders)
      item = await service.update(actor, item.id, {
        mapping: { users, createMissingUsers: options.placeholders },
      });

    await service.dryRun(actor, item.id);
    item = await finish(service, actor, item.id, 'dry run');
    if (item.status !== 'checked') return failed(item);
    console.log(`dry run: ${counts(item)}`);
    await printRefused(service, actor, item);
    if (options.dryRun) return item.progress.refused > 0 ? 3 : 0;

    await service.run(actor, item.id);
    item = await finish(service, actor, item.id, 'import');
    if (item.status !== 'done') return failed(item);
    console.log(`imported: ${counts(item)}`);
    return item.progress.refused > 0 ? 3 : 0;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const fields = err.extra.fieldErrors?.map((f) => `${f.path} ${f.message}`).join('; ');
    console.error(`[startup] error: ${err.message}${fields ? ` (${fields})` : ''}`);
    return 65;
  } finally {
    await prisma.$disconnect();
  }
}

/** Runs the queued job here (or waits for the worker that claimed it first), showing progress. */
async function finish(
  service: ImportsService,
  actor: Principal,
  id: number,
  what: string,
): Promise<ImportResponse> {
  const show = async () => {
    const { progress } = await service.get(actor, id, { page: 1, pageSize: 1 });
    const total = progress.rowsTotal === null ? '?' : String(progress.rowsTotal);
    process.stderr.write(`[startup] ${what}: ${progress.rowsDone}/${total} rows\n`);
  };
  const timer = setInterval(() => void show().catch(() => undefined), PROGRESS_MS);
  try {
    for (;;) {
      await service.processNext(new Date(), id);
      const item = await service.get(actor, id, { page: 1, pageSize: 1 });
      if (item.status !== 'queued' && item.status !== 'running') return item;
      // A worker has it: wait for its next progress.
      await new Promise((resolve) => setTimeout(resolve, PROGRESS_MS));
    }
  } finally {
    clearInterval(timer);
    await show().catch(() => undefined);
  }
}

const counts = (item: ImportResponse) =>
  `${item.progress.created} ${item.mode === 'run' ? 'created' : 'to create'}, ${item.progress.skipped} skipped, ${item.progress.refused} refused`;

function failed(item: ImportResponse): number {
  console.error(`[startup] error: the import ended ${item.status}${item.error ? `: ${item.error}` : ''}`);
  return 1;
}

/** Every refused row, a page at a time: `row 5: <reason>`. */
async function printRefused(service: ImportsService, actor: Principal, item: ImportResponse): Promise<void> {
  for (let page = 1; ; page += 1) {
    const { rows } = await service.get(actor, item.id, { page, pageSize: 200, outcome: 'refuse' });
    for (const r of rows.items) console.log(`  row ${r.rowNumber}: ${r.reason ?? 'refused'}`);
    if (page * rows.pageSize >= rows.total) return;
  }
}

async function adminActor(prisma: PrismaClient, username?: string): Promise<Principal | null> {
  const admin = await prisma.user.findFirst({
    where: {
      role: 'admin',
      isActive: true,
      ...(username ? { username: { equals: username, mode: 'insensitive' } } : {}),
    },
    orderBy: { id: 'asc' },
  });
  return admin ? { userId: admin.id, username: admin.username, role: 'admin', via: 'token' } : null;
}

async function userIdOf(prisma: PrismaClient, name: string): Promise<number | null> {
  const user = await prisma.user.findFirst({
    where: {
      isActive: true,
      OR: [
        { email: { equals: name, mode: 'insensitive' } },
        { username: { equals: name, mode: 'insensitive' } },
      ],
    },
  });
  return user?.id ?? null;
}
