import { Prisma, type PrismaClient } from '@timetracker/db';
import { AuditLog, SYSTEM_ACTOR } from '../audit/audit-log.repository';
import { ENTRY_AUDIT_JSON } from './entry-audit.repository';

export class IdleTimersRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Stops, in one statement, every running entry whose user has been inactive for
   * settings.idle_timeout_minutes (0 = never) at `now`. Last activity is the newest of the
   * user's last_activity_at, the entry's start and its last resume; it becomes end_time: idle
   * time is not recorded. A paused timer ends where its pause began, and the open pause is
   * dropped, never counted. The duration follows roundDuration (src/time/rounding.ts) exactly, by
   * the project's rule, else its client's, else the settings':
   * whole seconds less the breaks, then rounding_minutes <= 1 = as is, up, down, else nearest
   * with ties up. Each stop is audited (action idle_stop, by the system) and mailed to its user (when they
   * have an address) in the same statement.
   * Returns how many entries were stopped.
   */
  stopIdleSince(now: Date): Promise<number> {
    // The end and the breaks come from the target row (te), which an UPDATE re-reads in its newest
    // version when a pause, resume or stop committed after this statement's snapshot: never a
    // stale pause. The break is capped at the length (a running entry's start moved late).
    const end = Prisma.sql`COALESCE(te.paused_at, GREATEST(te.start_time, te.resumed_at, x.activity))`;
    const length = Prisma.sql`floor(extract(epoch FROM ${end}) - extract(epoch FROM te.start_time))::bigint`;
    const whole = Prisma.sql`GREATEST(0, ${length} - te.break_seconds)`;
    // Raw SQL: each row gets its own end time and rounded duration from a join with users and
    // settings, which Prisma's updateMany (constant values only) cannot express set-based.
    // The audit INSERT is the main statement, one row per stopped entry: its count is theirs.
    // `before` reads the running entries in the statement's snapshot; a pause or resume that
    // committed after it is the UPDATE's newest row version, but not before's (a rare race that
    // only makes the recorded before older).
    return this.prisma.$executeRaw`
      WITH before AS (
        SELECT te.id, ${ENTRY_AUDIT_JSON} AS snap
          FROM running_timers rt JOIN time_entries te ON te.id = rt.entry_id AND te.end_time IS NULL
      ), stopped AS (
      UPDATE time_entries te
      SET end_time = ${end},
          duration_seconds = (CASE
            WHEN x.step <= 60 THEN ${whole}
            WHEN x.mode = 'up' THEN (${whole} + x.step - 1) / x.step * x.step
            WHEN x.mode = 'down' THEN ${whole} / x.step * x.step
            ELSE (2 * ${whole} + x.step) / (2 * x.step) * x.step
          END)::int,
          break_seconds = LEAST(te.break_seconds, GREATEST(0, ${length}))::int,
          paused_at = NULL,
          stopped_reason = 'idle',
          auto_stopped_at = ${now}::timestamptz,
          -- Set here, the updated_at trigger's WHEN test skips its function for each row.
          updated_at = CURRENT_TIMESTAMP
      FROM (
        SELECT e.id, u.last_activity_at AS activity,
               -- The project's rounding, else its client's, else the settings' (both columns or neither).
               COALESCE(p.rounding_minutes, c.rounding_minutes, s.rounding_minutes)::bigint * 60 AS step,
               CASE WHEN p.rounding_minutes IS NOT NULL THEN p.rounding_mode
                    WHEN c.rounding_minutes IS NOT NULL THEN c.rounding_mode
                    ELSE s.rounding_mode END AS mode,
               s.idle_timeout_minutes AS timeout,
               GREATEST(e.start_time, e.resumed_at, u.last_activity_at) AS last_active
          FROM running_timers rt
          JOIN time_entries e ON e.id = rt.entry_id AND e.end_time IS NULL
          LEFT JOIN users u ON u.id = e.user_id
          LEFT JOIN projects p ON p.id = e.project_id
          LEFT JOIN clients c ON c.id = p.client_id
          JOIN settings s ON s.id = 1 AND s.idle_timeout_minutes > 0
      ) x
      WHERE te.id = x.id AND te.end_time IS NULL
        AND x.last_active <= ${now}::timestamptz - make_interval(mins => x.timeout)
      RETURNING te.*
      ), mailed AS (
        -- The user's mail about the stop (docs/email.md), queued in the same statement: a stop
        -- without its mail, or a mail without its stop, cannot happen.
        INSERT INTO email_outbox (kind, user_id, to_address, language, payload, next_attempt_at)
        SELECT 'idle_stop', u.id, u.email, COALESCE(u.language, 'en'),
               jsonb_build_object(
                 'username', u.username,
                 'entryId', te.id,
                 'description', COALESCE(te.notes, ''),
                 'stoppedAt', to_char(te.end_time AT TIME ZONE COALESCE(u.timezone, s.timezone), 'YYYY-MM-DD HH24:MI'),
                 'path', '/time-entries?entry=' || te.id),
               ${now}::timestamptz
          FROM stopped te
          JOIN users u ON u.id = te.user_id AND u.email IS NOT NULL AND u.is_active
          JOIN settings s ON s.id = 1)
      ${AuditLog.insertFromSql(
        Prisma.sql`SELECT te.id AS "entityId", b.snap AS before, ${ENTRY_AUDIT_JSON} AS after
                     FROM stopped te LEFT JOIN before b ON b.id = te.id`,
        { entity: 'time_entry', action: 'idle_stop', actor: SYSTEM_ACTOR },
      )}`;
  }
}
