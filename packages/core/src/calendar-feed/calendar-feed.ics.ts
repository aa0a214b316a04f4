import ical from 'ical-generator';
import type { FeedEntryRow } from './calendar-feed.repository';

/**
 * The summary a calendar app shows: project, task and client, as "Project › Task (Client)"; an
 * entry without a project shows its notes' first line instead, or "Time entry".
 */
export function feedSummary(row: FeedEntryRow): string {
  const client = row.clientName ? ` (${row.clientName})` : '';
  if (row.projectName) return `${row.projectName}${row.taskName ? ` › ${row.taskName}` : ''}${client}`;
  const firstLine = row.notes?.split(/\r?\n/, 1)[0]?.trim();
  return firstLine || 'Time entry';
}

/**
 * An iCalendar (RFC 5545) document of the entries, in UTC (`…Z`, so no VTIMEZONE is needed and
 * every app shows them in its own zone). UIDs are `entry-<id>@<host>`: the same entry keeps its
 * UID across fetches, so an app updates an edited entry in place and drops a deleted one.
 */
export function feedCalendar(
  entries: FeedEntryRow[],
  context: { company: string; username: string; host: string; now: Date },
): string {
  const calendar = ical({
    name: `${context.company} – ${context.username}`,
    prodId: { company: 'TimeTracker', product: 'calendar-feed', language: 'EN' },
    // A hint to apps that honour it (REFRESH-INTERVAL / X-PUBLISHED-TTL): fetch hourly.
    ttl: 3600,
  });
  for (const row of entries) {
    calendar.createEvent({
      id: `entry-${row.id}@${context.host}`,
      start: row.startTime,
      end: row.endTime,
      summary: feedSummary(row),
      description: row.notes ?? '',
      stamp: context.now,
      ...(row.createdAt ? { created: row.createdAt } : {}),
      ...(row.updatedAt ? { lastModified: row.updatedAt } : {}),
    });
  }
  return calendar.toString();
}
