import {
  directDatabase,
  Prisma,
  type DirectDatabase,
  type DirectSql,
  type PrismaClient,
} from '@timetracker/db';
import type { ImportMapping, ImportRowCode, ImportRowParams } from '@timetracker/contracts';
import { Readable } from 'node:stream';
import { AuditLog, type AuditActor } from '../audit/audit-log.repository';
import { ENTRY_AUDIT_JSON } from '../time-entries/entry-audit.repository';
import { BULK_WRITE_SQL } from '../time-entries/entry-sql';

export const IMPORT_FIELDS = {
  id: true,
  format: true,
  timezone: true,
  mapping: true,
  headers: true,
  delimiter: true,
  fileName: true,
  fileSize: true,
  status: true,
  mode: true,
  cancelRequested: true,
  rowsTotal: true,
  rowsDone: true,
  created: true,
  skipped: true,
  refused: true,
  error: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  undoneAt: true,
  creator: { select: { id: true, username: true } },
} satisfies Prisma.ImportSelect;

export type ImportRecord = Prisma.ImportGetPayload<{ select: typeof IMPORT_FIELDS }>;

/** A job a worker claimed: `attempts` identifies the claim (a later claim bumps it). */
export interface ClaimedImport {
  id: number;
  attempts: number;
  mode: 'dry_run' | 'run';
  format: string;
  timezone: string;
  mapping: unknown;
  headers: unknown;
  delimiter: string;
  createdBy: number | null;
  /** The stored file's bytes (the progress total is estimated from those read). */
  fileSize: number;
}

export interface Progress {
  rowsDone: number;
  created: number;
  skipped: number;
  refused: number;
}

export interface StoredRow {
  rowNumber: number;
  outcome: 'create' | 'skip' | 'refuse';
  /** English, for API clients and the CLI; code and params say it for a translation. */
  reason: string | null;
  /** Null for a created row, and for rows stored before the codes (migration import_row_codes). */
  code: ImportRowCode | null;
  params: ImportRowParams | null;
  summary: {
    user: string | null;
    project: string | null;
    start: string | null;
    end: string | null;
    seconds: number | null;
    /** The user the row goes to (absent: nobody, or a row stored before owners were kept). */
    ownerId?: number;
    /** A placeholder user is to be made for the row's source user (a dry run). */
    placeholder?: true;
  };
}

/** A stored row as a page shows it: with the current username of the user it goes to. */
export type PagedRow = StoredRow & { owner: { userId: number; username: string } | null };

/** An entry ready to insert (ids of user, project, task and tags resolved). */
export interface ImportedEntry {
  rowNumber: number;
  userId: number;
  projectId: number;
  taskId: number | null;
  start: Date;
  end: Date;
  durationSeconds: number;
  notes: string | null;
  billable: boolean;
  tagIds: number[];
  sourceKey: string;
}

/** The transaction an import batch runs in (see insertBatch). */
export type ImportTx = DirectSql;

/** Marks the transaction's writes of time_entries as bulk (BULK_WRITE_SQL). */
async function bulkWrite(tx: ImportTx): Promise<void> {
  await tx.rows(BULK_WRITE_SQL);
}

/** A source key some other import wrote between this batch's check and its insert. */
export function isSourceKeyConflict(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}

/**
 * For each probe, an entry of its user overlapping [start, end) (the earliest), or null: one
 * statement for a whole batch, on the batch's transaction (under the users' timer locks). The
 * finished entries are read from a bounded range of the user's starts, as
 * TimeEntriesRepository's overlap check does: every finished entry lasts at most GREATEST(a day,
 * user_longest_entries.longest_seconds) (prisma/sql/007), so none that overlaps starts earlier.
 */
export async function overlappingEntryIds(
  tx: ImportTx,
  probes: { userId: number; start: Date; end: Date }[],
): Promise<(number | null)[]> {
  if (probes.length === 0) return [];
  // Raw SQL: a lateral probe per row of parallel arrays, which Prisma cannot express.
  const rows = await tx.rows<{ i: number; id: number | null }>(Prisma.sql`
    WITH p AS (
      SELECT u.*, CASE WHEN b.seconds <= 10000000000 THEN u.s - make_interval(secs => b.seconds)
                       ELSE '-infinity'::timestamptz END AS floor -- longer: junk data, the whole history
        FROM unnest(${probes.map((p) => p.userId)}::int[], ${probes.map((p) => p.start)}::timestamptz[],
                    ${probes.map((p) => p.end)}::timestamptz[]) WITH ORDINALITY AS u(user_id, s, e, i)
        CROSS JOIN LATERAL (SELECT GREATEST(86400, max(l.longest_seconds)) AS seconds
                              FROM user_longest_entries l WHERE l.user_id = u.user_id) b)
    SELECT p.i::int AS i,
           (SELECT o.id FROM (
                SELECT f.id, f.start_time FROM time_entries f
                 WHERE f.user_id = p.user_id AND f.start_time >= p.floor AND f.start_time < p.e AND f.end_time > p.s
                UNION ALL -- running entries (and those the idle sweep stopped, still listed there)
                SELECT te.id, te.start_time FROM running_timers r JOIN time_entries te ON te.id = r.entry_id
                 WHERE r.user_id = p.user_id AND te.user_id = p.user_id AND te.start_time < p.e
                   AND (te.end_time IS NULL OR te.end_time > p.s)) o
             ORDER BY o.start_time LIMIT 1) AS id
      FROM p`);
  const out: (number | null)[] = probes.map(() => null);
  for (const r of rows) out[r.i - 1] = r.id;
  return out;
}

/**
 * Which of `keys` are imported already, as one probe of the source keys' unique index per key:
 * the LIMIT makes the lateral subquery a nested loop's inner side, whatever the statistics say.
 * `source_key = ANY(keys)` let the planner scan the whole table instead once import_entries was
 * analyzed (2,000 keys against 100k rows already): a batch's two lookups grew with every entry
 * ever imported, to 60-90 ms at 600k (docs/benchmarks.md, "The source keys' lookup").
 */
export function existingKeysSql(keys: readonly string[]): Prisma.Sql {
  return Prisma.sql`
    SELECT u.key FROM unnest(${keys}::varchar[]) AS u(key)
     CROSS JOIN LATERAL (SELECT 1 FROM import_entries ie WHERE ie.source_key = u.key LIMIT 1) found`;
}

/** existingKeys on a given transaction (a batch's, under its users' timer locks). */
export async function existingKeysIn(sql: ImportTx, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await sql.rows<{ key: string }>(existingKeysSql(keys));
  return new Set(rows.map((r) => r.key));
}

/** Slices the worker reads the stored file in: memory stays flat whatever its size. */
const FILE_SLICE_BYTES = 1024 * 1024;

/**
 * Imports and what they made (docs/import.md). The job is claimed with a lease like the email
 * outbox; rows go in with their source keys (unique), so nothing is imported twice.
 */
export class ImportsRepository {
  readonly direct: DirectDatabase;

  constructor(private readonly prisma: PrismaClient) {
    this.direct = directDatabase(prisma);
  }

  create(data: {
    format: string;
    timezone: string;
    headers: string[];
    delimiter: string;
    fileName: string;
    fileSize: number;
    sha256: string;
    data: Buffer;
    createdBy: number;
  }): Promise<ImportRecord> {
    return this.prisma.import.create({
      data: { ...data, data: new Uint8Array(data.data) },
      select: IMPORT_FIELDS,
    });
  }

  find(id: number): Promise<ImportRecord | null> {
    return this.prisma.import.findUnique({ where: { id }, select: IMPORT_FIELDS });
  }

  async page(skip: number, take: number): Promise<{ rows: ImportRecord[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.prisma.import.findMany({ select: IMPORT_FIELDS, orderBy: { id: 'desc' }, skip, take }),
      this.prisma.import.count(),
    ]);
    return { rows, total };
  }

  /** Changes format, zone or mapping unless a worker has the import; false when it has. */
  async update(
    id: number,
    data: { format?: string; timezone?: string; mapping?: ImportMapping },
  ): Promise<boolean> {
    const { count } = await this.prisma.import.updateMany({
      where: { id, status: { in: ['uploaded', 'checked', 'failed', 'cancelled'] } },
      data: { ...data, mapping: data.mapping as Prisma.InputJsonValue | undefined },
    });
    return count === 1;
  }

  /** Queues a dry run or a run; false unless the import is waiting, checked, failed or cancelled. */
  async queue(id: number, mode: 'dry_run' | 'run'): Promise<boolean> {
    const { count } = await this.prisma.import.updateMany({
      where: { id, status: { in: ['uploaded', 'checked', 'failed', 'cancelled'] } },
      data: {
        status: 'queued',
        mode,
        cancelRequested: false,
        rowsDone: 0,
        created: 0,
        skipped: 0,
        refused: 0,
        error: null,
        finishedAt: null,
      },
    });
    return count === 1;
  }

  /** A queued job is cancelled at once; a running one is asked to stop at its next batch. */
  async cancel(id: number, now: Date): Promise<boolean> {
    const queued = await this.prisma.import.updateMany({
      where: { id, status: 'queued' },
      data: { status: 'cancelled', finishedAt: now },
    });
    if (queued.count === 1) return true;
    const running = await this.prisma.import.updateMany({
      where: { id, status: 'running' },
      data: { cancelRequested: true },
    });
    return running.count === 1;
  }

  /**
   * Claims the oldest queued import, or a running one whose worker's lease ran out (it died).
   * Raw SQL: FOR UPDATE SKIP LOCKED, so workers polling at once never claim the same import.
   */
  async claimNext(
    now: Date,
    leaseMs: number,
    worker: string,
    /** Only this import (the CLI runs its own, never another admin's). */
    onlyId: number | null = null,
  ): Promise<ClaimedImport | null> {
    const [row] = await this.direct.rows<ClaimedImport>(Prisma.sql`
      UPDATE imports i
         SET status = 'running', attempts = i.attempts + 1, worker = ${worker},
             locked_until = ${now}::timestamptz + make_interval(secs => ${leaseMs / 1000}),
             started_at = ${now}, rows_done = 0, created = 0, skipped = 0, refused = 0,
             updated_at = CURRENT_TIMESTAMP
        FROM (SELECT id FROM imports
               WHERE (status = 'queued' OR (status = 'running' AND locked_until < ${now}::timestamptz))
                 AND (${onlyId}::int IS NULL OR id = ${onlyId}::int)
               ORDER BY id
               LIMIT 1
               FOR UPDATE SKIP LOCKED) due
       WHERE i.id = due.id
      RETURNING i.id, i.attempts, i.mode, i.format, i.timezone, i.mapping, i.headers, i.delimiter,
                i.created_by AS "createdBy", i.file_size AS "fileSize"`);
    return row ?? null;
  }

  /** Whether claimNext would find an import now (a poll that finds none starts no process). */
  async hasDue(now: Date): Promise<boolean> {
    const due = await this.prisma.import.findFirst({
      where: { OR: [{ status: 'queued' }, { status: 'running', lockedUntil: { lt: now } }] },
      select: { id: true },
    });
    return due !== null;
  }

  /** The import `worker` is running, with its progress so far, if any. */
  async runningBy(
    worker: string,
  ): Promise<(Pick<ClaimedImport, 'id' | 'attempts' | 'mode'> & Progress) | null> {
    const row = await this.prisma.import.findFirst({
      where: { status: 'running', worker },
      select: {
        id: true,
        attempts: true,
        mode: true,
        rowsDone: true,
        created: true,
        skipped: true,
        refused: true,
      },
    });
    return row && { ...row, mode: row.mode as ClaimedImport['mode'] };
  }

  /**
   * Records progress and extends the lease; null when the claim was lost (another worker took
   * over after the lease ran out), else whether a cancel was asked for.
   */
  async renew(
    claim: Pick<ClaimedImport, 'id' | 'attempts'>,
    now: Date,
    leaseMs: number,
    p: Progress,
    rowsTotal?: number,
  ): Promise<{ cancelRequested: boolean } | null> {
    const [row] = await this.direct.rows<{ cancelRequested: boolean }>(Prisma.sql`
      UPDATE imports
         SET locked_until = ${now}::timestamptz + make_interval(secs => ${leaseMs / 1000}),
             rows_done = ${p.rowsDone}, created = ${p.created}, skipped = ${p.skipped}, refused = ${p.refused},
             rows_total = COALESCE(${rowsTotal ?? null}::int, rows_total), updated_at = CURRENT_TIMESTAMP
       WHERE id = ${claim.id} AND attempts = ${claim.attempts} AND status = 'running'
      RETURNING cancel_requested AS "cancelRequested"`);
    return row ?? null;
  }

  /**
   * Marks the claimed job finished. A run (not a dry run) that ends, however it ends, enqueues
   * the `import.finished` webhook in the same transaction: no event for a finish that rolled
   * back, no finish without its event.
   */
  async finish(
    claim: Pick<ClaimedImport, 'id' | 'attempts'> & { mode?: string },
    status: 'checked' | 'done' | 'failed' | 'cancelled',
    now: Date,
    p: Progress,
    error: string | null = null,
  ): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.import.updateMany({
        where: { id: claim.id, attempts: claim.attempts, status: 'running' },
        data: {
          status,
          finishedAt: now,
          lockedUntil: null,
          error: error?.slice(0, 1000) ?? null,
          ...p,
          // Read to the end: the rows read are the total (it was an estimate until now).
          ...(status === 'done' || status === 'checked' ? { rowsTotal: p.rowsDone } : {}),
        },
      });
      // Raw SQL: webhook_enqueue is a database function (prisma/sql/011_webhooks.sql).
      if (count === 1 && claim.mode === 'run' && status !== 'checked')
        await tx.$executeRaw`SELECT webhook_enqueue('import.finished', 'import', ${claim.id}::int)`;
      return count === 1;
    });
  }

  /** The stored file as a stream read in slices (substring of the bytea), never whole. */
  fileStream(id: number): Readable {
    const direct = this.direct;
    let offset = 0;
    return new Readable({
      highWaterMark: FILE_SLICE_BYTES,
      read() {
        // Raw SQL: Prisma reads a bytea whole; substring reads one slice of it.
        direct
          .rows<{ slice: Buffer | null }>(
            Prisma.sql`
            SELECT substring(data FROM ${offset + 1}::int FOR ${FILE_SLICE_BYTES}::int) AS slice
              FROM imports WHERE id = ${id}`,
          )
          .then(([row]) => {
            const slice = row?.slice ?? null;
            if (!slice || slice.length === 0) return this.push(null);
            offset += slice.length;
            this.push(slice);
          })
          .catch((err: Error) => this.destroy(err));
      },
    });
  }

  async clearRows(importId: number, mode: 'dry_run' | 'run'): Promise<void> {
    await this.prisma.importRow.deleteMany({ where: { importId, mode } });
  }

  /** Stores what the job did with rows (one statement per batch; a takeover overwrites). */
  async writeRows(importId: number, mode: 'dry_run' | 'run', rows: StoredRow[]): Promise<void> {
    if (rows.length === 0) return;
    // Raw SQL: unnest of parallel arrays inserts a batch in one round trip; Prisma's createMany
    // has no ON CONFLICT DO UPDATE.
    await this.direct.rows(Prisma.sql`
      INSERT INTO import_rows (import_id, mode, row_number, outcome, reason, code, params, summary)
      SELECT ${importId}, ${mode}, u.n, u.outcome, u.reason, u.code, u.params, u.summary
        FROM unnest(${rows.map((r) => r.rowNumber)}::int[], ${rows.map((r) => r.outcome)}::varchar[],
                    ${rows.map((r) => r.reason)}::varchar[], ${rows.map((r) => r.code)}::varchar[],
                    ${rows.map((r) => (r.params === null ? null : JSON.stringify(r.params)))}::jsonb[],
                    ${rows.map((r) => JSON.stringify(r.summary))}::jsonb[])
             AS u(n, outcome, reason, code, params, summary)
      ON CONFLICT (import_id, mode, row_number)
      DO UPDATE SET outcome = EXCLUDED.outcome, reason = EXCLUDED.reason, code = EXCLUDED.code,
                    params = EXCLUDED.params, summary = EXCLUDED.summary`);
  }

  async rowsPage(
    importId: number,
    mode: 'dry_run' | 'run',
    outcome: string | undefined,
    skip: number,
    take: number,
  ): Promise<{ rows: PagedRow[]; total: number }> {
    const where = { importId, mode, ...(outcome ? { outcome } : {}) };
    const [found, total] = await Promise.all([
      this.prisma.importRow.findMany({
        where,
        orderBy: { rowNumber: 'asc' },
        skip,
        take,
        select: { rowNumber: true, outcome: true, reason: true, code: true, params: true, summary: true },
      }),
      this.prisma.importRow.count({ where }),
    ]);
    const rows = found as unknown as StoredRow[];
    // The page's owners in one query, by id: a user renamed since the dry run shows their name now.
    const ids = [
      ...new Set(rows.flatMap((r) => (typeof r.summary.ownerId === 'number' ? [r.summary.ownerId] : []))),
    ];
    const users =
      ids.length === 0
        ? []
        : await this.prisma.user.findMany({
            where: { id: { in: ids } },
            select: { id: true, username: true },
          });
    const names = new Map(users.map((u) => [u.id, u.username]));
    return {
      rows: rows.map((r) => {
        const id = r.summary.ownerId;
        const username = id === undefined ? undefined : names.get(id);
        return { ...r, owner: id === undefined || username === undefined ? null : { userId: id, username } };
      }),
      total,
    };
  }

  /** The source users rows were refused for because nobody matched them (the job's reason). */
  async unknownUsers(importId: number, mode: 'dry_run' | 'run'): Promise<string[]> {
    // Raw SQL: DISTINCT over a jsonb field, which Prisma's distinct cannot reach.
    const rows = await this.direct.rows<{ user: string }>(Prisma.sql`
      SELECT DISTINCT summary->>'user' AS "user" FROM import_rows
       WHERE import_id = ${importId} AND mode = ${mode} AND outcome = 'refuse'
         AND (code = 'unknown_user' OR (code IS NULL AND reason LIKE 'unknown user%')) -- older rows: reason only
         AND summary->>'user' IS NOT NULL
       ORDER BY 1 LIMIT 200`);
    return rows.map((r) => r.user);
  }

  /** Which of these source keys some import already created an entry for. */
  existingKeys(keys: string[]): Promise<Set<string>> {
    return existingKeysIn(this.direct, keys);
  }

  /** Active users whose email or username (both compared lowercased) is one of `keys`. */
  usersMatching(keys: string[]): Promise<{ id: number; email: string | null; username: string }[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.direct.rows(Prisma.sql`
      SELECT id, lower(email) AS email, lower(btrim(username)) AS username FROM users
       WHERE is_active AND (lower(email) = ANY(${keys}::text[]) OR lower(btrim(username)) = ANY(${keys}::text[]))`);
  }

  async activeUserIds(ids: number[]): Promise<Set<number>> {
    const rows = await this.prisma.user.findMany({
      where: { id: { in: ids }, isActive: true },
      select: { id: true },
    });
    return new Set(rows.map((r) => r.id));
  }

  async actor(userId: number): Promise<{ userId: number; username: string; role: string } | null> {
    const u = await this.prisma.user.findUnique({
      where: { id: userId },
      select: { id: true, username: true, role: true, isActive: true },
    });
    return u?.isActive ? { userId: u.id, username: u.username, role: u.role } : null;
  }

  /**
   * A user for a source person nobody matches: username = their email (or name), no password,
   * so nobody can sign in as them until an admin sets one. Returns the id (existing or new).
   */
  async placeholderUser(username: string): Promise<number> {
    const [row] = await this.direct.rows<{ id: number }>(Prisma.sql`
      WITH made AS (
        INSERT INTO users (username, role, password_hash, is_active)
        VALUES (${username.slice(0, 80)}, 'user', NULL, true)
        ON CONFLICT DO NOTHING RETURNING id)
      SELECT id FROM made
      UNION ALL SELECT id FROM users WHERE lower(btrim(username)) = lower(btrim(${username.slice(0, 80)}))
      LIMIT 1`);
    return row!.id;
  }

  async client(name: string): Promise<number> {
    const [row] = await this.direct.rows<{ id: number }>(Prisma.sql`
      WITH made AS (INSERT INTO clients (name) VALUES (${name}) ON CONFLICT (name) DO NOTHING RETURNING id)
      SELECT id FROM made UNION ALL SELECT id FROM clients WHERE name = ${name} LIMIT 1`);
    return row!.id;
  }

  /** The project of that name under that client (null: none), made when missing. */
  async project(name: string, clientId: number | null): Promise<{ id: number; billable: boolean }> {
    const [found] = await this.direct.rows<{ id: number; billable: boolean }>(Prisma.sql`
      SELECT id, billable FROM projects
       WHERE name = ${name} AND client_id IS NOT DISTINCT FROM ${clientId}::int ORDER BY id LIMIT 1`);
    if (found) return found;
    const [made] = await this.direct.rows<{ id: number; billable: boolean }>(Prisma.sql`
      INSERT INTO projects (name, client_id) VALUES (${name}, ${clientId}::int) RETURNING id, billable`);
    return made!;
  }

  async task(projectId: number, name: string, createdBy: number): Promise<number> {
    const [found] = await this.direct.rows<{ id: number }>(Prisma.sql`
      SELECT id FROM tasks WHERE project_id = ${projectId} AND name = ${name} ORDER BY id LIMIT 1`);
    if (found) return found.id;
    const [made] = await this.direct.rows<{ id: number }>(Prisma.sql`
      INSERT INTO tasks (project_id, name, created_by) VALUES (${projectId}, ${name}, ${createdBy}) RETURNING id`);
    return made!.id;
  }

  /** Tags by name ignoring case (uq_tags_name_ci), made when missing. */
  async tag(name: string): Promise<number> {
    const [row] = await this.direct.rows<{ id: number }>(Prisma.sql`
      WITH made AS (INSERT INTO tags (name) VALUES (${name}) ON CONFLICT ((lower(name))) DO NOTHING RETURNING id)
      SELECT id FROM made UNION ALL SELECT id FROM tags WHERE lower(name) = lower(${name}) LIMIT 1`);
    return row!.id;
  }

  /**
   * Writes a batch of entries of several users in one transaction that holds each of their timer
   * locks (the lock a week's submission and every entry write take; taken in user id order, so
   * that two imports never deadlock), with `check` run first inside it (locks, overlaps): it
   * returns the entries to write. Set-wise, a few statements per batch whatever its size: ids
   * from the table's sequence, then the entries, their source keys and tags from parallel arrays.
   * The statement triggers of time_entries (rollup deltas 010, budgets 009/012) run once for the
   * batch, the rollups' on its bulk path (bulkWrite); the row triggers' conditions
   * (running timers 003, longest entries 007) skip finished entries of at most a day without a
   * call. The audit log gets one event for the batch
   * (time_entry, action import, entity_id NULL, after: the import and the entries' ids): the
   * entries' contents are in time_entries, their origin in import_entries, and no webhook is
   * made per entry (docs/import.md).
   */
  insertBatch<T extends ImportedEntry>(
    userIds: number[],
    importId: number,
    actor: AuditActor,
    lockNamespace: number,
    check: (tx: ImportTx) => Promise<T[]>,
  ): Promise<T[]> {
    const users = [...new Set(userIds)].sort((a, b) => a - b);
    return this.direct.transaction(
      async (tx) => {
        await tx.rows(Prisma.sql`
          SELECT pg_advisory_xact_lock(${lockNamespace}::int, u.id) FROM unnest(${users}::int[]) AS u(id)`);
        await bulkWrite(tx);
        const entries = await check(tx);
        if (entries.length === 0) return entries;
        const ids = (
          await tx.rows<{ id: number }>(Prisma.sql`
            SELECT nextval(pg_get_serial_sequence('time_entries', 'id'))::int AS id
              FROM generate_series(1, ${entries.length}::int)`)
        ).map((r) => r.id);
        const col = <K extends keyof ImportedEntry>(k: K) => entries.map((e) => e[k]);
        // Raw SQL: a batch of entries from parallel arrays in one statement (Prisma's createMany
        // cannot take given ids from a sequence and the links in the same round trip).
        await tx.rows(Prisma.sql`
          INSERT INTO time_entries (id, user_id, project_id, task_id, start_time, end_time,
                                    duration_seconds, break_seconds, notes, source, billable)
          SELECT u.id, u.user_id, u.project_id, u.task_id, u.start_time, u.end_time, u.seconds, 0,
                 u.notes, 'manual', u.billable
            FROM unnest(${ids}::int[], ${col('userId')}::int[], ${col('projectId')}::int[], ${col('taskId')}::int[],
                        ${col('start')}::timestamptz[], ${col('end')}::timestamptz[],
                        ${col('durationSeconds')}::int[], ${col('notes')}::text[], ${col('billable')}::bool[])
                 AS u(id, user_id, project_id, task_id, start_time, end_time, seconds, notes, billable)`);
        await tx.rows(Prisma.sql`
          INSERT INTO import_entries (entry_id, import_id, source_key)
          SELECT u.id, ${importId}, u.key FROM unnest(${ids}::int[], ${col('sourceKey')}::varchar[]) AS u(id, key)`);
        const links = entries.flatMap((e, i) =>
          e.tagIds.map((tagId, position) => ({ id: ids[i]!, tagId, position })),
        );
        // No ON CONFLICT (a quarter of this statement's time): the entries are new and each
        // one's tag ids distinct (ImportResolver.tagIds).
        if (links.length > 0)
          await tx.rows(Prisma.sql`
            INSERT INTO time_entry_tags (time_entry_id, tag_id, position)
            SELECT * FROM unnest(${links.map((l) => l.id)}::int[], ${links.map((l) => l.tagId)}::int[],
                                 ${links.map((l) => l.position)}::int[])`);
        await AuditLog.record(tx, {
          entity: 'time_entry',
          entityId: null,
          action: 'import',
          actor,
          before: null,
          after: { importId, entries: ids.length, entryIds: ids },
        });
        return entries;
      },
      { lockTimeoutMs: 15_000 },
    );
  }

  /** How many entries the import made still exist, and whether one is billed on an invoice. */
  async entriesOf(importId: number): Promise<{ entries: number; invoiced: boolean }> {
    const [row] = await this.direct.rows<{ entries: number; invoiced: boolean }>(Prisma.sql`
      SELECT count(*)::int AS entries, COALESCE(bool_or(ii.invoice_id IS NOT NULL), false) AS invoiced
        FROM import_entries ie
        JOIN time_entries te ON te.id = ie.entry_id
        LEFT JOIN invoice_items ii ON ii.id = te.invoice_item_id
       WHERE ie.import_id = ${importId}`);
    return row!;
  }

  /**
   * Deletes every entry the import made, with an audit event each, in one transaction that
   * holds the import's row: 'invoiced' when one of them is billed (nothing deleted), 'state'
   * when `allowed` refuses the import's status and entry count, else how many went.
   */
  undo(
    importId: number,
    actor: AuditActor,
    now: Date,
    allowed: (status: string, entries: number) => boolean,
  ): Promise<number | 'invoiced' | 'state'> {
    return this.direct.transaction(
      async (tx) => {
        const [imp] = await tx.rows<{ status: string }>(Prisma.sql`
          SELECT status FROM imports WHERE id = ${importId} FOR UPDATE`);
        if (!imp) return 'state';
        // Entries are only ever added by a run holding the import (status running), which the
        // row lock above and the status check keep out until this commits.
        const [made] = await tx.rows<{ n: number }>(Prisma.sql`
          SELECT count(*)::int AS n FROM import_entries WHERE import_id = ${importId}`);
        if (!allowed(imp.status, made!.n)) return 'state';
        // The entries are locked first, so an invoice being generated waits or is waited for.
        const [billed] = await tx.rows<{ n: number }>(Prisma.sql`
          SELECT count(*)::int AS n FROM (
            SELECT te.id, te.invoice_item_id FROM time_entries te
              JOIN import_entries ie ON ie.entry_id = te.id AND ie.import_id = ${importId}
             FOR UPDATE OF te) e
           WHERE e.invoice_item_id IS NOT NULL`);
        if (billed!.n > 0) return 'invoiced';
        await bulkWrite(tx);
        const [gone] = await tx.rows<{ n: number }>(Prisma.sql`
          WITH before AS (
            SELECT te.id, ${ENTRY_AUDIT_JSON} AS snap
              FROM time_entries te JOIN import_entries ie ON ie.entry_id = te.id AND ie.import_id = ${importId}),
          removed AS (DELETE FROM time_entries t USING before b WHERE t.id = b.id RETURNING t.id),
          audited AS (${AuditLog.insertFromSql(
            Prisma.sql`SELECT r.id AS "entityId", b.snap AS before, NULL::jsonb AS after
                         FROM removed r JOIN before b ON b.id = r.id`,
            { entity: 'time_entry', action: 'undo_import', actor },
          )})
          SELECT count(*)::int AS n FROM removed`);
        await tx.rows(Prisma.sql`
          UPDATE imports SET status = 'undone', undone_at = ${now}, updated_at = CURRENT_TIMESTAMP
           WHERE id = ${importId}`);
        return gone!.n;
      },
      { lockTimeoutMs: 15_000 },
    );
  }
}
