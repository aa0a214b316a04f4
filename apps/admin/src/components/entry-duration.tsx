import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TimeEntryResponse } from '@timetracker/contracts';

import { durationDetails } from '@/lib/breaks';
import { formatDuration } from '@/lib/format';

/**
 * An entry's billed duration with what it is made of when that is not plain end − start: the
 * time worked and which way it was rounded, and the break (ARCHITECTURE §4: raw and billed both
 * shown wherever a rounded duration is).
 */
export function EntryDuration({
  entry,
}: {
  entry: Pick<TimeEntryResponse, 'running' | 'paused' | 'rawSeconds' | 'breakSeconds' | 'durationSeconds'>;
}) {
  const { t } = useTranslation('common', { keyPrefix: 'entryDuration' });
  if (entry.running) return <Text size="sm">{entry.paused ? t('paused') : t('running')}</Text>;
  const details = durationDetails(entry);
  return (
    <div>
      <Text size="sm" ff="monospace" aria-label={details.length ? t('billedDuration') : t('duration')}>
        {formatDuration(entry.durationSeconds)}
        {details.length > 0 && (
          <Text span size="xs" c="dimmed" ff="text">
            {' '}
            {t('billed')}
          </Text>
        )}
      </Text>
      {details.map((d) => (
        <Text key={d} size="xs" c="dimmed">
          {d}
        </Text>
      ))}
    </div>
  );
}
