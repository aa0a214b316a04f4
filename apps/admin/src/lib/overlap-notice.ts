import { notifications } from '@mantine/notifications';
import type { TimeEntryResponse } from '@timetracker/contracts';

import { i18n } from '@/i18n/i18n';

/**
 * The overlap policy let a write or a timer start through with a warning: say which entry it
 * overlaps, in the catalog's words for the warning's code (the API's `detail` is English).
 * `done` is what happened: the entry was saved, or a timer started.
 */
export function notifyOverlaps(
  entries: TimeEntryResponse | TimeEntryResponse[],
  done: 'saved' | 'started' = 'saved',
): void {
  for (const entry of Array.isArray(entries) ? entries : [entries]) {
    for (const warning of entry.warnings ?? []) {
      notifications.show({
        color: 'yellow',
        title: i18n.t(`timeEntries:warnings.${warning.code}.title`),
        message: i18n.t(`timeEntries:warnings.${warning.code}.${done}`, { id: warning.entryId }),
        autoClose: 10_000,
      });
    }
  }
}
