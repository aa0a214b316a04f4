import { Badge, Progress, Stack, Text } from '@mantine/core';
import type { BackupResponse, BackupStatus } from '@timetracker/contracts';
import { useTranslation } from 'react-i18next';

import { formatNumber } from '@/lib/format';

const COLORS: Record<BackupStatus, string> = {
  requested: 'yellow',
  running: 'blue',
  ok: 'teal',
  failed: 'red',
};

/** After this long without a worker picking it up, the wait is worth a hint. */
const SLOW_PICKUP_MS = 60_000;

/** The status, and what it means right now: the wait, the progress, or why it failed. */
export function BackupStatusCell({ backup, now }: { backup: BackupResponse; now: number }) {
  const { t } = useTranslation('backups');
  const { tablesDone, tablesTotal, rowsDone } = backup.progress;
  const percent = tablesTotal > 0 ? Math.round((tablesDone / tablesTotal) * 100) : 0;
  return (
    <Stack gap={4} maw={280}>
      <Badge color={COLORS[backup.status]} variant="light">
        {t(`state.${backup.status}`)}
      </Badge>
      {backup.status === 'requested' && (
        <Text size="xs" c="dimmed">
          {now - Date.parse(backup.requestedAt) > SLOW_PICKUP_MS ? t('stillWaiting') : t('pickedUpSoon')}
        </Text>
      )}
      {backup.status === 'running' && (
        <>
          <Progress
            value={percent}
            size="sm"
            animated
            aria-label={t('progressLabel', { id: backup.id })}
            aria-valuetext={`${percent}%`}
          />
          <Text size="xs" c="dimmed">
            {t('progressText', {
              tables:
                tablesTotal > 0 ? t('tablesDone', { done: tablesDone, total: tablesTotal }) : t('starting'),
              rows: t('rows', { count: rowsDone, formatted: formatNumber(rowsDone) }),
            })}
          </Text>
        </>
      )}
      {backup.status === 'failed' && backup.error && (
        <Text size="xs" c="red">
          {backup.error}
        </Text>
      )}
    </Stack>
  );
}
