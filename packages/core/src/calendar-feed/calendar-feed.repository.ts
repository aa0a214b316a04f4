import { directDatabase, Prisma, type DirectDatabase, type PrismaClient } from '@timetracker/db';

export interface CalendarFeedRow {
  userId: number;
  secretHash: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** An entry as the feed shows it: its times and the names around it. */
export interface FeedEntryRow {
  id: number;
  startTime: Date;
  endTime: Date;
  notes: string | null;
  projectName: string | null;
  clientName: string | null;
  taskName: string | null;
  billable: boolean;
  updatedAt: Date | null;
  createdAt: Date | null;
}

/** Private calendar feeds: one row per user, the URL's secret only as its sha256. */
export class CalendarFeedRepository {
  private readonly db: DirectDatabase;

  constructor(private readonly prisma: PrismaClient) {
    this.db = directDatabase(prisma);
  }

  async enabled(): Promise<boolean> {
    const row = await this.prisma.settings.findUnique({ where: { id: 1 }, select: { calendarFeeds: true } });
    return row?.calendarFeeds ?? true;
  }

  forUser(userId: number): Promise<CalendarFeedRow | null> {
    return this.prisma.calendarFeed.findUnique({
      where: { userId },
      select: { userId: true, secretHash: true, createdAt: true, lastUsedAt: true },
    });
  }

  /** Makes the user's feed, or replaces its key and secret: the old URL stops working at once. */
  replace(userId: number, lookupKey: string, secretHash: string, now: Date): Promise<CalendarFeedRow> {
    const data = { lookupKey, secretHash, createdAt: now, lastUsedAt: null };
    return this.prisma.calendarFeed.upsert({
      where: { userId },
      create: { userId, ...data },
      update: data,
      select: { userId: true, secretHash: true, createdAt: true, lastUsedAt: true },
    });
  }

  async remove(userId: number): Promise<boolean> {
    return (await this.prisma.calendarFeed.deleteMany({ where: { userId } })).count > 0;
  }

  /** The feed a URL's key names, if its user is active. */
  async byKey(lookupKey: string): Promise<CalendarFeedRow | null> {
    const [row] = await this.db.rows<CalendarFeedRow>(Prisma.sql`
      SELECT f.user_id AS "userId", f.secret_hash AS "secretHash", f.created_at AS "createdAt",
             f.last_used_at AS "lastUsedAt"
        FROM calendar_feeds f JOIN users u ON u.id = f.user_id
       WHERE f.lookup_key = ${lookupKey} AND u.is_active`);
    return row ?? null;
  }

  /** The calendar's name: the company's and the user's. */
  async context(userId: number): Promise<{ company: string; username: string }> {
    const [row] = await this.db.rows<{ company: string; username: string }>(Prisma.sql`
      SELECT COALESCE((SELECT company_name FROM settings WHERE id = 1), 'TimeTracker') AS company,
             u.username
        FROM users u WHERE u.id = ${userId}`);
    return row ?? { company: 'TimeTracker', username: '' };
  }

  /** Written at most once a minute per feed, so frequent polling costs no write each time. */
  async markUsed(userId: number, now: Date): Promise<void> {
    await this.db.rows(Prisma.sql`
      UPDATE calendar_feeds SET last_used_at = ${now}
       WHERE user_id = ${userId}
         AND (last_used_at IS NULL OR last_used_at < ${now}::timestamptz - interval '1 minute')`);
  }

  /**
   * The user's finished entries starting at or after `since`, the newest `limit`, on the
   * (user_id, start_time DESC) index. Running timers are left out (docs/calendar-feed.md).
   */
  entries(userId: number, since: Date, limit: number): Promise<FeedEntryRow[]> {
    return this.db.rows<FeedEntryRow>(Prisma.sql`
      SELECT te.id, te.start_time AS "startTime", te.end_time AS "endTime", te.notes,
             p.name AS "projectName", c.name AS "clientName", t.name AS "taskName", te.billable,
             te.updated_at AS "updatedAt", te.created_at AS "createdAt"
        FROM time_entries te
        LEFT JOIN projects p ON p.id = te.project_id
        LEFT JOIN clients c ON c.id = p.client_id
        LEFT JOIN tasks t ON t.id = te.task_id
       WHERE te.user_id = ${userId} AND te.start_time >= ${since} AND te.end_time IS NOT NULL
       ORDER BY te.start_time DESC, te.id DESC
       LIMIT ${limit}`);
  }
}
