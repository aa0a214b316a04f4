import { addCalendarDays, zonedStartOfDay } from '@timetracker/contracts';
import { authorizeOwn } from '../access/policy';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import { viewerZone } from '../time/viewer-zone';
import { lockedReason, toTimeEntryView, type TimeEntryView } from '../time-entries/time-entry.view';
import type { CalendarRepository } from './calendar.repository';

export interface CalendarEntryView extends TimeEntryView {
  lockedReason: string | null;
}

export interface CalendarView {
  userId: number;
  timeZone: string;
  from: string;
  to: string;
  items: CalendarEntryView[];
}

/**
 * The calendar's days: one user's entries over `from`..`to` (days, `to` included) cut in the
 * viewer's zone. Users see their own; whoever may list others' time (admins, later managers)
 * anyone's. Changes go through TimeEntriesService like every other edit.
 */
export class CalendarService {
  constructor(private readonly calendar: CalendarRepository) {}

  async range(actor: Principal, query: { from: string; to: string; userId?: number }): Promise<CalendarView> {
    const userId = query.userId ?? actor.userId;
    authorizeOwn(actor, 'timeEntries.listOthers', userId);
    const [settings, exists] = await Promise.all([
      this.calendar.settings(),
      userId === actor.userId ? true : this.calendar.userExists(userId),
    ]);
    if (!exists) throw DomainError.notFound('User');
    const zone = viewerZone(actor, settings);
    const from = zonedStartOfDay(query.from, zone);
    const to = zonedStartOfDay(addCalendarDays(query.to, 1), zone);
    const rows = await this.calendar.overlapping(userId, from, to, settings.maxEntryDurationSeconds);
    return {
      userId,
      timeZone: zone,
      from: from.toISOString(),
      to: to.toISOString(),
      items: rows.map((row) => ({ ...toTimeEntryView(row), lockedReason: lockedReason(row) })),
    };
  }
}
