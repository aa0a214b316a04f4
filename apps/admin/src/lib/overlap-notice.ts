import { notifications } from '@mantine/notifications';
import type { TimeEntryResponse } from '@timetracker/contracts';

/** The overlap policy let a write through with a warning: say which entry it overlaps. */
export function notifyOverlaps(entries: TimeEntryResponse | TimeEntryResponse[]): void {
  for (const entry of Array.isArray(entries) ? entries : [entries]) {
    for (const warning of entry.warnings ?? []) {
      notifications.show({
        color: 'yellow',
        title: 'Overlapping entries',
        message: `Saved, but it ${warning.detail.charAt(0).toLowerCase()}${warning.detail.slice(1)}`,
        autoClose: 10_000,
      });
    }
  }
}
