import { Prisma } from '@timetracker/db';
import { AuditLog, type AuditActor, type AuditTx } from '../audit/audit-log.repository';
import { ENTRY_TAG_NAMES } from '../tags/tag-sql';

/** An instant as the API writes it (ISO 8601, milliseconds, Z), or null. */
const iso = (column: string) =>
  Prisma.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/**
 * The entry `te` as the audit log keeps it (jsonb): what a person changes or reads, with the
 * project's and task's names as they were, and not updated_at, created_at or resumed_at (noise
 * that every write moves). Raw SQL: it is folded into the timer's own statements (see
 * writeReturningEntry), so that auditing a timer start or stop costs no round trip.
 */
export const ENTRY_AUDIT_JSON = Prisma.sql`jsonb_build_object(
  'userId', te.user_id,
  'projectId', te.project_id, 'projectName', (SELECT p.name FROM projects p WHERE p.id = te.project_id),
  'taskId', te.task_id, 'taskName', (SELECT t.name FROM tasks t WHERE t.id = te.task_id),
  'startTime', ${iso('te.start_time')}, 'endTime', ${iso('te.end_time')},
  'durationSeconds', te.duration_seconds, 'breakSeconds', te.break_seconds,
  'pausedAt', ${iso('te.paused_at')}, 'notes', te.notes, 'tags', to_jsonb(${ENTRY_TAG_NAMES}),
  'billable', te.billable, 'source', te.source, 'stoppedReason', te.stopped_reason)`;

async function query<T>(tx: AuditTx, sql: Prisma.Sql): Promise<T[]> {
  return 'rows' in tx ? tx.rows<T>(sql) : tx.$queryRaw<T[]>(sql);
}

/**
 * The entry as the audit log keeps it (jsonb as text), row-locked until the transaction ends so
 * that nothing changes it between this read and the write; null when it is gone.
 */
export async function entryAuditBefore(tx: AuditTx, id: number): Promise<string | null> {
  const [row] = await query<{ snap: string }>(
    tx,
    Prisma.sql`SELECT (${ENTRY_AUDIT_JSON})::text AS snap FROM time_entries te WHERE te.id = ${id} FOR UPDATE`,
  );
  return row?.snap ?? null;
}

/**
 * Records a change of each entry of `ids` with its state now as `after` (read after every write
 * of the change, its tags too) and `before` (entryAuditBefore's, for a single entry). An update
 * that changed nothing a person sees leaves no event.
 */
export async function recordEntriesAfter(
  tx: AuditTx,
  ids: number[],
  action: string,
  actor: AuditActor,
  before: string | null = null,
): Promise<void> {
  if (ids.length === 0) return;
  await query(
    tx,
    AuditLog.insertFromSql(
      Prisma.sql`
        SELECT te.id AS "entityId", ${before}::jsonb AS before, ${ENTRY_AUDIT_JSON} AS after
          FROM time_entries te
         WHERE te.id = ANY(${ids}::int[]) AND ${before}::jsonb IS DISTINCT FROM ${ENTRY_AUDIT_JSON}`,
      { entity: 'time_entry', action, actor },
    ),
  );
}

/** Records the deletion of an entry whose last state entryAuditBefore read. */
export async function recordEntryDeleted(tx: AuditTx, id: number, actor: AuditActor, before: string | null) {
  await query(
    tx,
    AuditLog.insertFromSql(
      Prisma.sql`SELECT ${id}::int AS "entityId", ${before}::jsonb AS before, NULL::jsonb AS after`,
      { entity: 'time_entry', action: 'delete', actor },
    ),
  );
}

/**
 * `write` (an INSERT or UPDATE of time_entries, without RETURNING) as WITH queries that also
 * record the change: `written` holds the written rows, and an audit event per row goes in with
 * the row as it was before the statement (for an UPDATE of entry `beforeId`) and as written.
 * The caller selects from `written`.
 */
export function auditedWriteSql(
  write: Prisma.Sql,
  audit: { action: string; actor: AuditActor; beforeId?: number },
): Prisma.Sql {
  // Every WITH query sees the snapshot the statement started with: `before` is the row unchanged.
  const before =
    audit.beforeId === undefined
      ? Prisma.sql`SELECT NULL::int AS id, NULL::jsonb AS snap WHERE false`
      : Prisma.sql`SELECT te.id, ${ENTRY_AUDIT_JSON} AS snap FROM time_entries te WHERE te.id = ${audit.beforeId}`;
  const rows = Prisma.sql`
    SELECT te.id AS "entityId", b.snap AS before, ${ENTRY_AUDIT_JSON} AS after
      FROM written te LEFT JOIN before b ON b.id = te.id`;
  return Prisma.sql`
    WITH before AS (${before}),
         written AS (${write} RETURNING *),
         audited AS (${AuditLog.insertFromSql(rows, { entity: 'time_entry', action: audit.action, actor: audit.actor })})`;
}
