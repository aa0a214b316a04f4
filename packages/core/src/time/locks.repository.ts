import { Prisma, type DirectSql } from '@timetracker/db';
import { AuditLog, type AuditActor } from '../audit/audit-log.repository';
import type { LockSteps, TimeLockState } from './locks';

/**
 * The lock check's reads and the override record, on the write's own transaction (DirectSql):
 * raw SQL because the callers' transactions are DirectDatabase ones, not Prisma's. An override
 * is kept in lock_overrides and recorded in the audit log (entity lock, action override) as
 * `actor`, the one making the write.
 */
export function lockSteps(sql: DirectSql, actor: AuditActor): LockSteps {
  return {
    lockState: (userId, instants) => readLockState(sql, userId, instants),
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
 * what a lock check reads, and what the timesheet shows before anyone types.
 */
export async function readLockState(
  sql: DirectSql,
  userId: number,
  instants: Date[],
): Promise<TimeLockState> {
  const from = new Date(Math.min(...instants.map((t) => t.getTime())));
  const to = new Date(Math.max(...instants.map((t) => t.getTime())));
  // One round trip: every write of time asks this inside its transaction.
  const [row] = await sql.rows<{
    lockedBefore: string | null;
    timezone: string | null;
    weeks: { status: 'submitted' | 'approved'; weekStart: string; startsAt: string; endsAt: string }[];
  }>(Prisma.sql`
    SELECT to_char(s.locked_before, 'YYYY-MM-DD') AS "lockedBefore", s.timezone,
           (SELECT COALESCE(json_agg(json_build_object(
                     'status', wa.status, 'weekStart', to_char(wa.week_start, 'YYYY-MM-DD'),
                     'startsAt', wa.starts_at, 'endsAt', wa.ends_at)), '[]')
              FROM week_approvals wa
             WHERE wa.user_id = ${userId} AND wa.status IN ('submitted', 'approved')
               AND wa.starts_at <= ${to} AND wa.ends_at > ${from}) AS weeks
      FROM (SELECT 1) one LEFT JOIN settings s ON s.id = 1`);
  return {
    lockedBefore: row?.lockedBefore ?? null,
    timezone: row?.timezone ?? 'UTC',
    // json_agg gives timestamps as text: back to instants.
    weeks: (row?.weeks ?? []).map((w) => ({
      ...w,
      startsAt: new Date(w.startsAt),
      endsAt: new Date(w.endsAt),
    })),
  };
}
