import { addCalendarDays, MAX_CALENDAR_DAYS, zonedDate, zonedStartOfDay } from '@timetracker/contracts';
import { authorizeOnUser, reach } from '../access/policy';
import type { TeamScopeRepository } from '../access/team-scope.repository';
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
  constructor(
    private readonly calendar: CalendarRepository,
    /** Who leads whom (a lead sees their members' calendars); without it, nobody. */
    private readonly teams?: Pick<TeamScopeRepository, 'manages'>,
  ) {}

  /** Without `from`, this week (Monday to Sunday, in the viewer's zone at `now`); without `to`, a week from `from`. */
  async range(
    actor: Principal,
    query: { from?: string; to?: string; userId?: number },
    now = new Date(),
  ): Promise<CalendarView> {
    const userId = query.userId ?? actor.userId;
    const leads =
      userId !== actor.userId && reach(actor, 'timeEntries.listOthers') === 'led' && this.teams
        ? await this.teams.manages(actor.userId, userId)
        : false;
    authorizeOnUser(actor, 'timeEntries.listOthers', userId, leads);
    const [settings, exists] = await Promise.all([
      this.calendar.settings(),
      userId === actor.userId ? true : this.calendar.userExists(userId),
    ]);
    if (!exists) throw DomainError.notFound('User');
    const zone = viewerZone(actor, settings);
    const first = query.from ?? mondayOf(zonedDate(now, zone));
    const last = query.to ?? addCalendarDays(first, 6);
    // The contract checks a range given whole; a default end or start can still fall outside it.
    const days = (Date.parse(last) - Date.parse(first)) / 86_400_000 + 1;
    if (days < 1 || days > MAX_CALENDAR_DAYS)
      throw DomainError.validation(`From 1 to ${MAX_CALENDAR_DAYS} days`, [
        {
          path: 'to',
          message: days < 1 ? 'can’t be before the first day' : `at most ${MAX_CALENDAR_DAYS} days`,
        },
      ]);
    const from = zonedStartOfDay(first, zone);
    const to = zonedStartOfDay(addCalendarDays(last, 1), zone);
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

/** The Monday of the ISO week `day` (YYYY-MM-DD) is in. */
function mondayOf(day: string): string {
  return addCalendarDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));
}
