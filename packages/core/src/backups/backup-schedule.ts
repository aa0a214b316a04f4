import { localDate, zonedWallTimeToInstant } from '../time/zone';

const DAY_MS = 86_400_000;

/**
 * The daily backup's due instant for the day `now` falls on in `timeZone`: `backupTime` (HH:MM)
 * on that calendar day there, DST-correct (a time skipped by the spring change counts as the
 * instant after the gap; a repeated autumn time as its first occurrence). Also the start and end
 * of that local day, so callers can tell whether today's backup was already made.
 */
export function dailyBackupDue(
  now: Date,
  backupTime: string,
  timeZone: string,
): { due: Date; dayStart: Date; dayEnd: Date; day: string } {
  const day = localDate(now, timeZone);
  const next = new Date(Date.parse(`${day}T12:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  return {
    day,
    due: zonedWallTimeToInstant(day, backupTime, timeZone),
    dayStart: zonedWallTimeToInstant(day, '00:00', timeZone),
    dayEnd: zonedWallTimeToInstant(next, '00:00', timeZone),
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
