import {
  directDatabase,
  Prisma,
  type DirectDatabase,
  type DirectSql,
  type PrismaClient,
} from '@timetracker/db';
import type { ApprovalStatus } from '@timetracker/contracts';
import { AuditLog, type AuditActor } from '../audit/audit-log.repository';
import { FINISHED_SECONDS_SQL } from '../time-entries/entry-sql';
import type { Principal } from '../auth/principal';
import { TIMER_LOCK_NAMESPACE, TIMER_LOCK_TIMEOUT_MS } from '../time-entries/time-entries.repository';

export interface ApprovalRow {
  id: number;
  userId: number;
  username: string;
  weekStart: string;
  startsAt: Date;
  endsAt: Date;
  status: ApprovalStatus;
  submittedAt: Date;
  decidedAt: Date | null;
  decidedBy: number | null;
  decidedByName: string | null;
  note: string | null;
  totalSeconds: number;
  entryCount: number;
}

/** A week with its totals: the billed seconds of the user's entries starting in it. */
const APPROVAL_ROWS = Prisma.sql`
  SELECT wa.id, wa.user_id AS "userId", u.username, to_char(wa.week_start, 'YYYY-MM-DD') AS "weekStart",
         wa.starts_at AS "startsAt", wa.ends_at AS "endsAt", wa.status,
         wa.submitted_at AS "submittedAt", wa.decided_at AS "decidedAt", wa.decided_by AS "decidedBy",
         d.username AS "decidedByName", wa.note,
         COALESCE(t.total, 0)::int AS "totalSeconds", COALESCE(t.n, 0)::int AS "entryCount"
    FROM week_approvals wa
    JOIN users u ON u.id = wa.user_id
    LEFT JOIN users d ON d.id = wa.decided_by
    LEFT JOIN LATERAL (
      SELECT sum(COALESCE(te.duration_seconds, 0)) AS total, count(*) AS n
        FROM time_entries te
       WHERE te.user_id = wa.user_id AND te.start_time >= wa.starts_at AND te.start_time < wa.ends_at
    ) t ON true`;

/** The steps of a week's transition, inside the user's timer lock (see ApprovalsRepository.inUserLock). */
export interface ApprovalSteps {
  /** Whether one of the user's timers runs, started in [from, to). */
  timerRunningIn(from: Date, to: Date): Promise<boolean>;
  /** The user's row for the week, locked FOR UPDATE, or null. */
  weekRow(weekStart: string): Promise<{ id: number; status: ApprovalStatus } | null>;
  /**
   * (Re)submits the week: status submitted, the decision cleared, the bounds as given; its id.
   * Records a `submit` audit event from `before` (the week's status, null when it had none).
   */
  submit(
    week: { weekStart: string; startsAt: Date; endsAt: Date },
    at: Date,
    audit: { actor: AuditActor | Principal; before: ApprovalStatus | null },
  ): Promise<number>;
  /**
   * Moves the row from `from` to `to` with the decider and note, deciding in the UPDATE itself:
   * of two concurrent transitions only one finds it still `from`. False when it was not; true
   * when it moved, with an audit event `action` (the verb) from `from` to `to` and the note.
   */
  transition(
    id: number,
    from: ApprovalStatus,
    to: ApprovalStatus,
    by: { actorId: number; note: string | null; at: Date; decision: boolean },
    audit: { actor: AuditActor | Principal; action: string },
  ): Promise<boolean>;
}

/** Raw SQL throughout: the transitions run on the timer lock's DirectDatabase transaction. */
export class ApprovalsRepository {
  private readonly db: DirectDatabase;

  constructor(prisma: PrismaClient) {
    this.db = directDatabase(prisma);
  }

  /**
   * Runs `work` holding the user's timer lock, the one every write of the user's time takes
   * (time/locks.ts): a submission and an entry write take turns, never both pass their check.
   */
  inUserLock<T>(userId: number, work: (steps: ApprovalSteps) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(approvalSteps(tx, userId)), {
      lockTimeoutMs: TIMER_LOCK_TIMEOUT_MS,
      advisoryLock: [TIMER_LOCK_NAMESPACE, userId],
    });
  }

  async byId(id: number): Promise<ApprovalRow | null> {
    const [row] = await this.db.rows<ApprovalRow>(Prisma.sql`${APPROVAL_ROWS} WHERE wa.id = ${id}`);
    return row ?? null;
  }

  async byWeek(userId: number, weekStart: string): Promise<ApprovalRow | null> {
    const [row] = await this.db.rows<ApprovalRow>(
      Prisma.sql`${APPROVAL_ROWS} WHERE wa.user_id = ${userId} AND wa.week_start = ${weekStart}::date`,
    );
    return row ?? null;
  }

  /** Weeks in `status`, of `userIds` (null: everyone's), oldest week first. */
  list(userIds: number[] | null, status: ApprovalStatus): Promise<ApprovalRow[]> {
    const whose = userIds === null ? Prisma.sql`true` : Prisma.sql`wa.user_id = ANY(${userIds}::int[])`;
    return this.db.rows<ApprovalRow>(Prisma.sql`
      ${APPROVAL_ROWS} WHERE wa.status = ${status} AND ${whose}
      ORDER BY wa.week_start, u.username, wa.id LIMIT 500`);
  }

  async zoneSettings(): Promise<{ timezone: string }> {
    const [row] = await this.db.rows<{ timezone: string }>(
      Prisma.sql`SELECT timezone FROM settings WHERE id = 1`,
    );
    return row ?? { timezone: 'UTC' };
  }

  async lockedBefore(): Promise<string | null> {
    const [row] = await this.db.rows<{ lockedBefore: string | null }>(Prisma.sql`
      SELECT to_char(locked_before, 'YYYY-MM-DD') AS "lockedBefore" FROM settings WHERE id = 1`);
    return row?.lockedBefore ?? null;
  }

  /**
   * Sets settings.locked_before and records a `lock`/`lockdown` audit event with the date before
   * and after, in one transaction; nothing is written or recorded when the date stays the same.
   */
  async setLockedBefore(day: string | null, actor: AuditActor | Principal): Promise<void> {
    await this.db.transaction(
      async (tx) => {
        const [row] = await tx.rows<{ lockedBefore: string | null }>(Prisma.sql`
          SELECT to_char(locked_before, 'YYYY-MM-DD') AS "lockedBefore" FROM settings WHERE id = 1 FOR UPDATE`);
        const before = row?.lockedBefore ?? null;
        if (before === day) return;
        await tx.rows(Prisma.sql`
          UPDATE settings SET locked_before = ${day}::date, updated_at = CURRENT_TIMESTAMP WHERE id = 1`);
        await AuditLog.record(tx, {
          entity: 'lock',
          entityId: null,
          action: 'lockdown',
          actor,
          before: { lockedBefore: before },
          after: { lockedBefore: day },
        });
      },
      { lockTimeoutMs: TIMER_LOCK_TIMEOUT_MS },
    );
  }
}

function approvalSteps(tx: DirectSql, userId: number): ApprovalSteps {
  return {
    async timerRunningIn(from, to) {
      const rows = await tx.rows(Prisma.sql`
        SELECT 1 FROM time_entries
         WHERE user_id = ${userId} AND end_time IS NULL AND start_time >= ${from} AND start_time < ${to}
         LIMIT 1`);
      return rows.length > 0;
    },
    async weekRow(weekStart) {
      const [row] = await tx.rows<{ id: number; status: ApprovalStatus }>(Prisma.sql`
        SELECT id, status FROM week_approvals
         WHERE user_id = ${userId} AND week_start = ${weekStart}::date FOR UPDATE`);
      return row ?? null;
    },
    async submit(week, at, audit) {
      const [row] = (await tx.rows<{ id: number }>(Prisma.sql`
        INSERT INTO week_approvals (user_id, week_start, starts_at, ends_at, status, submitted_at)
        VALUES (${userId}, ${week.weekStart}::date, ${week.startsAt}, ${week.endsAt}, 'submitted', ${at})
        ON CONFLICT (user_id, week_start) DO UPDATE
           SET status = 'submitted', submitted_at = EXCLUDED.submitted_at, starts_at = EXCLUDED.starts_at,
               ends_at = EXCLUDED.ends_at, decided_at = NULL, decided_by = NULL, note = NULL
        RETURNING id`)) as [{ id: number }];
      await tx.rows(Prisma.sql`
        INSERT INTO week_approval_events (approval_id, status, actor_id, at)
        VALUES (${row.id}, 'submitted', ${userId}, ${at})`);
      await tx.rows(approvalRequestMails(userId, week, at));
      await AuditLog.record(tx, {
        entity: 'approval',
        entityId: row.id,
        action: 'submit',
        actor: audit.actor,
        before: audit.before === null ? null : { status: audit.before },
        after: { status: 'submitted', note: null },
      });
      return row.id;
    },
    async transition(id, from, to, by, audit) {
      const rows = await tx.rows(Prisma.sql`
        UPDATE week_approvals
           SET status = ${to},
               decided_at = ${by.decision ? by.at : null}, decided_by = ${by.decision ? by.actorId : null},
               note = ${by.note}
         WHERE id = ${id} AND user_id = ${userId} AND status = ${from}
        RETURNING id`);
      if (rows.length === 0) return false;
      await tx.rows(Prisma.sql`
        INSERT INTO week_approval_events (approval_id, status, actor_id, note, at)
        VALUES (${id}, ${to}, ${by.actorId}, ${by.note}, ${by.at})`);
      if (to === 'approved' || to === 'rejected') await tx.rows(approvalResultMail(id, to, by));
      await AuditLog.record(tx, {
        entity: 'approval',
        entityId: id,
        action: audit.action,
        actor: audit.actor,
        before: { status: from },
        after: { status: to, note: by.note },
      });
      return true;
    },
  };
}

/**
 * The mails of a submission (docs/email.md "Approvals"), queued in its transaction: one to each
 * lead of a team the user is in (not the user), or, when the user has no lead, to every admin;
 * only those active with an address. The week's billed total is shown as h:mm.
 */
function approvalRequestMails(
  userId: number,
  week: { weekStart: string; startsAt: Date; endsAt: Date },
  at: Date,
): Prisma.Sql {
  return Prisma.sql`
    WITH leads AS (
      SELECT DISTINCT l.user_id AS id
        FROM team_members m JOIN team_members l ON l.team_id = m.team_id AND l.is_lead
       WHERE m.user_id = ${userId} AND l.user_id <> ${userId}
    ), deciders AS (
      SELECT id FROM leads
      UNION
      SELECT u.id FROM users u
       WHERE u.role = 'admin' AND u.id <> ${userId} AND NOT EXISTS (SELECT 1 FROM leads)
    ), total AS (
      SELECT COALESCE(sum(${FINISHED_SECONDS_SQL}), 0)::bigint AS s FROM time_entries te
       WHERE te.user_id = ${userId} AND te.start_time >= ${week.startsAt} AND te.start_time < ${week.endsAt}
         AND te.end_time IS NOT NULL
    )
    INSERT INTO email_outbox (kind, user_id, to_address, language, payload, next_attempt_at)
    SELECT 'approval_request', u.id, u.email, COALESCE(u.language, 'en'),
           jsonb_build_object(
             'username', u.username,
             'submitter', s.username,
             'weekStart', ${week.weekStart}::text,
             'total', (total.s / 3600)::text || ':' || lpad(((total.s % 3600) / 60)::text, 2, '0'),
             'path', '/approvals'),
           ${at}
      FROM deciders d
      JOIN users u ON u.id = d.id AND u.is_active AND u.email IS NOT NULL
      JOIN users s ON s.id = ${userId}
      CROSS JOIN total`;
}

/** The decision's mail to the week's user (if active with an address), with the note. */
function approvalResultMail(
  id: number,
  decision: 'approved' | 'rejected',
  by: { actorId: number; note: string | null; at: Date },
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO email_outbox (kind, user_id, to_address, language, payload, next_attempt_at)
    SELECT 'approval_result', u.id, u.email, COALESCE(u.language, 'en'),
           jsonb_build_object(
             'username', u.username,
             'weekStart', to_char(wa.week_start, 'YYYY-MM-DD'),
             'decision', ${decision}::text,
             'decidedBy', COALESCE(d.username, ''),
             'note', COALESCE(${by.note}::text, ''),
             'path', '/timesheet?week=' || to_char(wa.week_start, 'YYYY-MM-DD')),
           ${by.at}
      FROM week_approvals wa
      JOIN users u ON u.id = wa.user_id AND u.is_active AND u.email IS NOT NULL
      LEFT JOIN users d ON d.id = ${by.actorId}
     WHERE wa.id = ${id}`;
}
