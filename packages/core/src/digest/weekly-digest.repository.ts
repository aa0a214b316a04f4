import { Prisma, type PrismaClient } from '@timetracker/db';
import { FINISHED_SECONDS_SQL } from '../time-entries/entry-sql';

/**
 * Queues the weekly digest (docs/email.md "Weekly digest"): for each active user with an address,
 * the digest on and a weekly target, the last complete week before `now` in the user's zone (else
 * settings.timezone) and first day of the week, from 07:00 on the first day of the next week;
 * when the billed time of their finished entries starting in it is below the target, one mail. The outbox's unique dedupe_key
 * (`weekly_digest:<user>:<week>`) makes it once per user per week however many workers or runs.
 */
export class WeeklyDigestRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async queue(now: Date): Promise<number> {
    // Raw SQL: per-user zones and week starts, a sum per week and ON CONFLICT DO NOTHING, in one
    // statement, none of which Prisma can express.
    return this.prisma.$executeRaw(Prisma.sql`
      WITH people AS (
        SELECT u.id, u.username, u.email, COALESCE(u.language, 'en') AS language,
               u.weekly_target_seconds AS target, COALESCE(u.timezone, s.timezone) AS zone,
               CASE u.week_start WHEN 'sunday' THEN 0 WHEN 'saturday' THEN 6 ELSE 1 END AS first_dow
          FROM users u CROSS JOIN (SELECT timezone FROM settings WHERE id = 1) s
         WHERE u.is_active AND u.weekly_digest AND u.email IS NOT NULL AND u.weekly_target_seconds > 0
      ), weeks AS (
        SELECT p.*, d.local, (d.local::date - ((extract(dow FROM d.local)::int - p.first_dow + 7) % 7) - 7) AS week_start
          FROM people p
          CROSS JOIN LATERAL (SELECT ${now}::timestamptz AT TIME ZONE p.zone AS local) d
      ), bounds AS (
        SELECT w.*, (w.week_start::timestamp AT TIME ZONE w.zone) AS starts_at,
               ((w.week_start + 7)::timestamp AT TIME ZONE w.zone) AS ends_at
          FROM weeks w
      ), totals AS (
        SELECT b.*, COALESCE((
          SELECT sum(${FINISHED_SECONDS_SQL}) FROM time_entries te
           WHERE te.user_id = b.id AND te.start_time >= b.starts_at AND te.start_time < b.ends_at
             AND te.end_time IS NOT NULL), 0)::bigint AS worked
          FROM bounds b
      )
      INSERT INTO email_outbox (kind, user_id, to_address, language, payload, next_attempt_at, dedupe_key)
      SELECT 'weekly_digest', t.id, t.email, t.language,
             jsonb_build_object(
               'username', t.username,
               'weekStart', to_char(t.week_start, 'YYYY-MM-DD'),
               'worked', ${hm(Prisma.sql`t.worked`)},
               'target', ${hm(Prisma.sql`t.target`)},
               'missing', ${hm(Prisma.sql`(t.target - t.worked)`)},
               'path', '/timesheet?week=' || to_char(t.week_start, 'YYYY-MM-DD')),
             ${now}, 'weekly_digest:' || t.id || ':' || to_char(t.week_start, 'YYYY-MM-DD')
        FROM totals t
       WHERE t.worked < t.target
         -- Not before 07:00 on the first day of the user's new week (later days: at once).
         AND (t.local::date > t.week_start + 7 OR t.local::time >= time '07:00')
      ON CONFLICT (dedupe_key) DO NOTHING`);
  }
}

/** Seconds as h:mm (minutes cut, not rounded: 39:59:59 worked is not shown as 40:00). */
function hm(seconds: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`((${seconds}) / 3600)::text || ':' || lpad((((${seconds}) % 3600) / 60)::text, 2, '0')`;
}
