import { addCalendarDays } from '@timetracker/contracts';
import { localDate, zonedStartOfDay, zonedWallTimeToInstant } from '../time/zone';

/**
 * The daily backup's due instant for the day `now` falls on in `timeZone`: `backupTime` (HH:MM)
 * on that calendar day there, read by the shared rule of zonedTimeToInstant: a time skipped by
 * the spring change is moved forward by the gap's length (02:30 → 03:30 when clocks jump from
 * 02:00 to 03:00), a time repeated in autumn is its first occurrence. Also the start and end of
 * that local day, so callers can tell whether today's backup was already made.
 */
export function dailyBackupDue(
  now: Date,
  backupTime: string,
  timeZone: string,
): { due: Date; dayStart: Date; dayEnd: Date; day: string } {
  const day = localDate(now, timeZone);
  return {
    day,
    due: zonedWallTimeToInstant(day, backupTime, timeZone),
    dayStart: zonedStartOfDay(day, timeZone),
    dayEnd: zonedStartOfDay(addCalendarDays(day, 1), timeZone),
  };
}

/** The backup file name for a backup started at `at`, sortable and safe on every filesystem. */
export function backupFileName(at: Date, id: number): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return `timetracker-backup-${stamp}-${id}.tar`;
}
