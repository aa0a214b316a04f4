import { Badge, Group, Tooltip } from '@mantine/core';
import { IconLock, IconZzz } from '@tabler/icons-react';
import type { TimeEntryResponse } from '@timetracker/contracts';
import { useTranslation } from 'react-i18next';

import { formatDateTime } from '@/lib/format';

/** Running, auto-stopped after idle, locked: what sets an entry apart, in words. */
export function EntryBadges({ entry, timezone }: { entry: TimeEntryResponse; timezone: string }) {
  const { t } = useTranslation('timeEntries');
  return (
    <Group gap={4} wrap="wrap">
      {entry.running && (
        <Badge color={entry.paused ? 'orange' : 'teal'} size="sm">
          {entry.paused ? t('paused') : t('running')}
        </Badge>
      )}
      {entry.stoppedReason === 'idle' && (
        <Tooltip
          label={t('autoStoppedHint', { time: formatDateTime(entry.autoStoppedAt, timezone) })}
          multiline
          w={260}
        >
          <Badge color="yellow" size="sm" leftSection={<IconZzz size={12} />}>
            {t('autoStopped')}
          </Badge>
        </Tooltip>
      )}
      {entry.locked && (
        <Tooltip label={t('lockedHint')} multiline w={260}>
          <Badge color="gray" size="sm" leftSection={<IconLock size={12} />}>
            {t('invoiced')}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}
