import { notifications } from '@mantine/notifications';
import type { EntryWarning, TimeEntryResponse } from '@timetracker/contracts';

import { i18n } from '@/i18n/i18n';

import { toZonedString } from './dates';
import { formatDateTime, formatTime } from './format';
import { useLocale } from './settings';

/**
 * The other entry as "General, 12/01/2026, 09:00–11:00": its project and times in the viewer's
 * language and zone (the API's `detail` is English, in the zone the API chose).
 */
export function describeOverlap(warning: EntryWarning, timezone: string): string {
  const sameDay = (a: string, b: string) =>
    toZonedString(a, timezone).slice(0, 10) === toZonedString(b, timezone).slice(0, 10);
  const to =
    warning.endTime === null
      ? i18n.t('timeEntries:warnings.OVERLAP.running')
      : sameDay(warning.startTime, warning.endTime)
        ? formatTime(warning.endTime, timezone)
        : formatDateTime(warning.endTime, timezone);
  return i18n.t('timeEntries:warnings.OVERLAP.entry', {
    id: warning.entryId,
    project: warning.projectName ?? i18n.t('timeEntries:warnings.OVERLAP.noProject'),
    from: formatDateTime(warning.startTime, timezone),
    to,
  });
}

/**
 * The overlap policy let a write or a timer start through with a warning: say which entry it
 * overlaps, in the catalog's words for the warning's code. `done` is what happened: the entry
 * was saved, or a timer started.
 */
export function notifyWarnings(warnings: EntryWarning[], timezone: string, done: 'saved' | 'started'): void {
  for (const warning of warnings) {
    notifications.show({
      color: 'yellow',
      title: i18n.t(`timeEntries:warnings.${warning.code}.title`),
      message: i18n.t(`timeEntries:warnings.${warning.code}.${done}`, {
        entry: describeOverlap(warning, timezone),
      }),
      autoClose: 10_000,
    });
  }
}

/** notifyWarnings for the entries a mutation answered, in the viewer's zone. */
export function useOverlapNotice() {
  const { timezone } = useLocale();
  return (entries: TimeEntryResponse | TimeEntryResponse[], done: 'saved' | 'started' = 'saved') => {
    for (const entry of Array.isArray(entries) ? entries : [entries])
      notifyWarnings(entry.warnings ?? [], timezone, done);
  };
}
