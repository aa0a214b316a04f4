import { Badge, Group, Tooltip } from '@mantine/core';
import { IconLock, IconZzz } from '@tabler/icons-react';
import type { TimeEntryResponse } from '@timetracker/contracts';

import { formatDateTime } from '@/lib/format';

export const LOCKED_EXPLANATION =
  'Billed on an invoice: it cannot be changed or deleted. Remove its line from the draft, or cancel the invoice, to change it.';

/** Running, auto-stopped after idle, locked: what sets an entry apart, in words. */
export function EntryBadges({ entry, timezone }: { entry: TimeEntryResponse; timezone: string }) {
  return (
    <Group gap={4} wrap="wrap">
      {entry.running && (
        <Badge color={entry.paused ? 'orange' : 'teal'} size="sm">
          {entry.paused ? 'Paused' : 'Running'}
        </Badge>
      )}
      {entry.stoppedReason === 'idle' && (
        <Tooltip
          label={`Stopped by the server at ${formatDateTime(entry.autoStoppedAt, timezone)}; it ends at your last activity.`}
          multiline
          w={260}
        >
          <Badge color="yellow" size="sm" leftSection={<IconZzz size={12} />}>
            Auto-stopped after idle
          </Badge>
        </Tooltip>
      )}
      {entry.locked && (
        <Tooltip label={LOCKED_EXPLANATION} multiline w={260}>
          <Badge color="gray" size="sm" leftSection={<IconLock size={12} />}>
            Invoiced
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}
