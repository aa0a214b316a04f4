import { Prisma, type DirectSql } from '@timetracker/db';
import { AuditLog, type AuditActor } from '../audit/audit-log.repository';
import type { LockSteps, TimeLockState } from './locks';

/** The lock state's columns as the statements below select them (json_agg gives text instants). */
export interface LockStateRow {
  lockedBefore: string | null;
  timezone: string | null;
  weeks: { status: 'submitted' | 'approved'; weekStart: string; startsAt: string; endsAt: string }[];
}

/**
 * The user's submitted or approved weeks that end after `from` and start no later than `to`
 * (null: no upper bound), as one json column: a subquery for a statement that also selects
 * settings.locked_before, so a lock check can ride on a read the write makes anyway.
 */
export function lockedWeeksSql(userId: number | null, from: Prisma.Sql | Date, to: Date | null): Prisma.Sql {
  return Prisma.sql`(SELECT COALESCE(json_agg(json_build_object(
                       'status', wa.status, 'weekStart', to_char(wa.week_start, 'YYYY-MM-DD'),
                       'startsAt', wa.starts_at, 'endsAt', wa.ends_at)), '[]')
                       FROM week_approvals wa
                      WHERE wa.user_id = ${userId} AND wa.status IN ('submitted', 'approved')
                        AND (${to}::timestamptz IS NULL OR wa.starts_at <= ${to})
                        AND wa.ends_at > ${from})`;
}

/** settings.locked_before as the lock check reads it, from a statement's `settings s`. */
export const LOCKED_BEFORE_SQL = Prisma.sql`to_char(s.locked_before, 'YYYY-MM-DD')`;

/** The lock state from a row selecting LOCKED_BEFORE_SQL, the timezone and lockedWeeksSql. */
export function lockStateOf(row: LockStateRow | undefined): TimeLockState {
  return {
    lockedBefore: row?.lockedBefore ?? null,
    timezone: row?.timezone ?? 'UTC',
    weeks: (row?.weeks ?? []).map((w) => ({
      ...w,
      startsAt: new Date(w.startsAt),
      endsAt: new Date(w.endsAt),
    })),
  };
}

/**
 * The lock check's reads and the override record, on the write's own transaction (DirectSql):
 * raw SQL because the callers' transactions are DirectDatabase ones, not Prisma's. An override
 * is kept in lock_overrides and recorded in the audit log (entity lock, action override) as
 * `actor`, the one making the write. With `known`, a state already read in this transaction
 * (the timer's state read carries it), instants at or after `known.from` are answered from it
 * without a round trip; earlier ones are read.
 */
export function lockSteps(
  sql: DirectSql,
  actor: AuditActor,
  known?: { state: TimeLockState; from: Date | null },
): LockSteps {
  return {
    lockState(userId, instants) {
      const from = Math.min(...instants.map((t) => t.getTime()));
      if (known && known.from !== null && from >= known.from.getTime()) return Promise.resolve(known.state);
      return readLockState(sql, userId, instants);
    },
    async recordOverride(o) {
      const [row] = await sql.rows<{ id: number }>(Prisma.sql`
        INSERT INTO lock_overrides (actor_id, user_id, action, entry_id, reason)
        VALUES (${o.actorId}, ${o.userId}, ${o.action}, ${o.entryId}, ${o.reason})
        RETURNING id`);
      await AuditLog.record(sql, {
        entity: 'lock',
        entityId: row!.id,
        action: 'override',
        actor,
        before: null,
        after: { userId: o.userId, write: o.action, entryId: o.entryId, reason: o.reason },
      });
    },
  };
}

/**
 * The lockdown date and the user's submitted or approved weeks that meet [min, max] of `instants`:
 * what a lock check reads, and what the timesheet shows before anyone types. One round trip:
 * every write of time asks this inside its transaction.
 */
export async function readLockState(
  sql: DirectSql,
  userId: number | null,
  instants: Date[],
): Promise<TimeLockState> {
  const from = new Date(Math.min(...instants.map((t) => t.getTime())));
  const to = new Date(Math.max(...instants.map((t) => t.getTime())));
  const [row] = await sql.rows<LockStateRow>(Prisma.sql`
    SELECT ${LOCKED_BEFORE_SQL} AS "lockedBefore", s.timezone, ${lockedWeeksSql(userId, from, to)} AS weeks
      FROM (SELECT 1) one LEFT JOIN settings s ON s.id = 1`);
  return lockStateOf(row);
}

/**
 * readLockState for many users in one round trip (an import's batch): the lockdown date, and per
 * user the submitted or approved weeks that meet [from, to]. `of(null)` is the state of an entry
 * without a user (only the lockdown locks it).
 */
export async function readLockStates(
  sql: DirectSql,
  userIds: number[],
  from: Date,
  to: Date,
): Promise<{ of(userId: number | null): TimeLockState }> {
  type Week = LockStateRow['weeks'][number] & { userId: number };
  const [row] = await sql.rows<Omit<LockStateRow, 'weeks'> & { weeks: Week[] }>(
    Prisma.sql`
    SELECT ${LOCKED_BEFORE_SQL} AS "lockedBefore", s.timezone,
           (SELECT COALESCE(json_agg(json_build_object(
                     'userId', wa.user_id, 'status', wa.status, 'weekStart', to_char(wa.week_start, 'YYYY-MM-DD'),
                     'startsAt', wa.starts_at, 'endsAt', wa.ends_at)), '[]')
              FROM week_approvals wa
             WHERE wa.user_id = ANY(${userIds}::int[]) AND wa.status IN ('submitted', 'approved')
               AND wa.starts_at <= ${to} AND wa.ends_at > ${from}) AS weeks
      FROM (SELECT 1) one LEFT JOIN settings s ON s.id = 1`,
  );
  return {
    of: (userId) => lockStateOf(row && { ...row, weeks: row.weeks.filter((w) => w.userId === userId) }),
  };
}
