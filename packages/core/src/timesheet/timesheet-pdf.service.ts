import { addCalendarDays, zonedDate, zonedStartOfDay, type TimesheetPdfQuery } from '@timetracker/contracts';
import type { TeamScopeRepository } from '../access/team-scope.repository';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import type { SettingsRepository } from '../settings/settings.repository';
import { countedSeconds, weekFrame } from './timesheet-grid';
import { renderTimesheetPdf, type TimesheetPdfDay } from './timesheet-pdf';
import type { TimesheetRepository } from './timesheet.repository';
import { whoseTimesheet } from './timesheet.service';

/** The days of the month holding `date`, YYYY-MM-DD. */
function monthDays(date: string): string[] {
  const days: string[] = [];
  for (let d = `${date.slice(0, 7)}-01`; d.startsWith(date.slice(0, 7)); d = addCalendarDays(d, 1))
    days.push(d);
  return days;
}

const WEEKDAY = new Intl.DateTimeFormat('en', { weekday: 'short', timeZone: 'UTC' });

/**
 * The printable timesheet (a PDF to sign): one user's week or month, whose access is the
 * timesheet's (their own; admins everyone; team leads the people they lead), cut in that user's
 * zone and first day of the week, branded with the company name and logo of settings.
 */
export class TimesheetPdfService {
  constructor(
    private readonly sheets: Pick<
      TimesheetRepository,
      'zoneSettings' | 'subject' | 'printableEntries' | 'username'
    >,
    private readonly settings: Pick<SettingsRepository, 'find' | 'findLogo'>,
    private readonly teams?: Pick<TeamScopeRepository, 'manages'>,
  ) {}

  async pdf(
    actor: Principal,
    query: TimesheetPdfQuery,
    now = new Date(),
  ): Promise<{ filename: string; body: Buffer }> {
    const whose = await whoseTimesheet(
      this.sheets,
      this.teams,
      actor,
      query.userId,
      'timeEntries.listOthers',
    );
    const day = query.date ?? zonedDate(now, whose.zone);
    const dates =
      query.period === 'month' ? monthDays(day) : weekFrame(day, whose.zone, whose.firstDay).dates;
    const first = dates[0]!;
    const last = dates[dates.length - 1]!;
    const [entries, username, s, logo] = await Promise.all([
      this.sheets.printableEntries(
        whose.userId,
        zonedStartOfDay(first, whose.zone),
        zonedStartOfDay(addCalendarDays(last, 1), whose.zone),
      ),
      this.sheets.username(whose.userId),
      this.settings.find(),
      this.settings.findLogo(),
    ]);
    if (username === null) throw DomainError.notFound('User');
    const time = new Intl.DateTimeFormat('en-GB', {
      timeZone: whose.zone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    const days = new Map<string, TimesheetPdfDay>(
      dates.map((d) => [
        d,
        { date: d, weekday: WEEKDAY.format(new Date(`${d}T12:00:00Z`)), entries: [], seconds: 0 },
      ]),
    );
    let totalSeconds = 0;
    for (const e of entries) {
      const sheetDay = days.get(zonedDate(e.startTime, whose.zone));
      if (!sheetDay) continue;
      const seconds = countedSeconds(e, now);
      const project = [e.clientName, e.projectName ?? '(no project)', e.taskName].filter(Boolean).join(' / ');
      sheetDay.entries.push({
        start: time.format(e.startTime),
        end: e.endTime ? time.format(e.endTime) : null,
        project,
        notes: e.notes ?? '',
        seconds,
      });
      sheetDay.seconds += seconds;
      totalSeconds += seconds;
    }
    const body = await renderTimesheetPdf({
      company: { name: s?.companyName ?? '', address: s?.companyAddress ?? '', logo },
      username,
      period: query.period,
      from: first,
      to: last,
      timeZone: whose.zone,
      days: [...days.values()],
      totalSeconds,
      entryCount: entries.length,
      printedAt: `${zonedDate(now, whose.zone)} ${time.format(now)}`,
    });
    const safeName = username.replace(/[^\w.-]/g, '_');
    return { filename: `timesheet-${safeName}-${first}.pdf`, body };
  }
}
