import type { PrismaClient } from '@timetracker/db';

export class IdleTimersRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Stops, in one statement, every running entry whose user has been inactive for
   * settings.idle_timeout_minutes (0 = never) at `now`. Last activity is the newest of the
   * user's last_activity_at and the entry's start, and becomes end_time: idle time is not
   * recorded. The duration follows roundDuration (src/time/rounding.ts) exactly: whole
   * seconds, then rounding_minutes <= 1 = as is, up, down, else nearest with ties up.
   * Returns how many entries were stopped.
   */
  stopIdleSince(now: Date): Promise<number> {
    // Raw SQL: each row gets its own end time and rounded duration from a join with users and
    // settings, which Prisma's updateMany (constant values only) cannot express set-based.
    return this.prisma.$executeRaw`
      UPDATE time_entries te
      SET end_time = x.last_active,
          duration_seconds = (CASE
            WHEN x.step <= 60 THEN x.whole
            WHEN x.mode = 'up' THEN (x.whole + x.step - 1) / x.step * x.step
            WHEN x.mode = 'down' THEN x.whole / x.step * x.step
            ELSE (2 * x.whole + x.step) / (2 * x.step) * x.step
          END)::int,
          stopped_reason = 'idle',
          auto_stopped_at = ${now}::timestamptz,
          -- Set here, the updated_at trigger's WHEN test skips its function for each row.
          updated_at = CURRENT_TIMESTAMP
      FROM (
        SELECT r.id, r.last_active,
          floor(extract(epoch FROM r.last_active) - extract(epoch FROM r.start_time))::bigint AS whole,
          s.rounding_minutes::bigint * 60 AS step,
          s.rounding_mode AS mode
        FROM (
          SELECT e.id, e.start_time, GREATEST(e.start_time, u.last_activity_at) AS last_active
          FROM running_timers rt
          JOIN time_entries e ON e.id = rt.entry_id AND e.end_time IS NULL
          LEFT JOIN users u ON u.id = e.user_id
        ) r
        JOIN settings s ON s.id = 1 AND s.idle_timeout_minutes > 0
        WHERE r.last_active <= ${now}::timestamptz - make_interval(mins => s.idle_timeout_minutes)
      ) x
      WHERE te.id = x.id AND te.end_time IS NULL`;
  }
}
