import { directDatabase, Prisma, type DirectDatabase, type PrismaClient } from '@timetracker/db';
import { entryRowsOf, type EntryRow } from '../time-entries/time-entries-list.repository';

export interface CalendarSettings {
  timezone: string;
  maxEntryDurationSeconds: number;
}

const DEFAULT_SETTINGS: CalendarSettings = { timezone: 'UTC', maxEntryDurationSeconds: 86_400 };

/** Reads for the calendar: one user's entries over a few days, in one statement. */
export class CalendarRepository {
  private readonly db: DirectDatabase;

  constructor(prisma: PrismaClient) {
    this.db = directDatabase(prisma);
  }

  async settings(): Promise<CalendarSettings> {
    const [row] = await this.db.rows<CalendarSettings>(Prisma.sql`
      SELECT timezone, max_entry_duration_seconds AS "maxEntryDurationSeconds" FROM settings WHERE id = 1`);
    return row ?? DEFAULT_SETTINGS;
  }

  async userExists(userId: number): Promise<boolean> {
    const rows = await this.db.rows<{ id: number }>(Prisma.sql`SELECT id FROM users WHERE id = ${userId}`);
    return rows.length > 0;
  }

  /**
   * The user's entries that overlap [from, to), in start order: finished ones starting inside or
   * started up to `lookbackSeconds` (the longest an entry may last) before and ending inside, and
   * running timers whenever they started (apart, so the two parts never hold the same row). The
   * finished part is a range of the (user_id, start_time) index; running timers come from
   * running_timers (a few rows, prisma/sql/003). An entry longer than the maximum in force (made
   * before the setting was lowered) shows only on the days it starts.
   */
  overlapping(userId: number, from: Date, to: Date, lookbackSeconds: number): Promise<EntryRow[]> {
    const earliest = new Date(from.getTime() - lookbackSeconds * 1000);
    return this.db.rows<EntryRow>(Prisma.sql`
      ${entryRowsOf(Prisma.sql`(
        SELECT te.* FROM time_entries te
         WHERE te.user_id = ${userId} AND te.start_time < ${to} AND te.end_time IS NOT NULL
           AND te.start_time >= ${earliest} AND (te.start_time >= ${from} OR te.end_time > ${from})
        UNION ALL
        SELECT te.* FROM time_entries te
         WHERE te.end_time IS NULL AND te.start_time < ${to}
           AND te.id IN (SELECT rt.entry_id FROM running_timers rt WHERE rt.user_id = ${userId}))`)}
       ORDER BY te.start_time, te.id`);
  }
}
