import { notifications } from '@mantine/notifications';
import type { TimeEntryResponse } from '@timetracker/contracts';

/**
 * The overlap policy let a write or a timer start through with a warning: say which entry it
 * overlaps. `done` is what happened ("Saved", "Started").
 */
export function notifyOverlaps(entries: TimeEntryResponse | TimeEntryResponse[], done = 'Saved'): void {
  for (const entry of Array.isArray(entries) ? entries : [entries]) {
    for (const warning of entry.warnings ?? []) {
      notifications.show({
        color: 'yellow',
        title: 'Overlapping entries',
        message: `${done}, but it ${warning.detail.charAt(0).toLowerCase()}${warning.detail.slice(1)}`,
        autoClose: 10_000,
      });
    }
  }
}
