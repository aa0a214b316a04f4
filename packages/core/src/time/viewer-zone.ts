import type { Principal } from '../auth/principal';

/**
 * The time zone a person's days and weeks are cut in: their own preference, else the
 * company's (`settings.timezone`). Every per-user view (timesheet, calendar, dashboard
 * totals, reports, CSV, idle messages) goes through here; company-wide things (backups,
 * locks, rate dates) use `settings.timezone` directly.
 */
export function viewerZone(principal: Principal, settings: { timezone: string }): string {
  return principal.timezone ?? settings.timezone;
}

/** ISO weekday (1 = Monday … 7 = Sunday) the viewer's weeks start on: their preference, else Monday. */
export function viewerFirstDay(principal: Pick<Principal, 'weekStart'>): 1 | 6 | 7 {
  return principal.weekStart === 'sunday' ? 7 : principal.weekStart === 'saturday' ? 6 : 1;
}
