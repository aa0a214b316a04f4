import { Alert, ScrollArea, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { formatDate, formatDuration } from '@/lib/format';
import { useLocale } from '@/lib/settings';

import { useBillablePreview } from '../api/invoices';

/** The entries generating lines would bill, so nobody is surprised by the invoice. */
export function BillablePreview({
  projectId,
  from,
  to,
  ownItemIds,
}: {
  projectId: number | null;
  from: string | null;
  to: string | null;
  ownItemIds?: number[];
}) {
  const { t } = useTranslation('invoices');
  const { timezone } = useLocale();
  const preview = useBillablePreview(projectId, from, to, timezone, ownItemIds);
  if (projectId === null) return null;
  if (preview.isPending) return <Text size="sm">{t('lookingForTime')}</Text>;
  if (preview.isError) return <Alert color="red">{t('couldNotLoadPreview')}</Alert>;
  const entries = preview.data;
  const seconds = entries.reduce((sum, e) => sum + (e.durationSeconds ?? 0), 0);
  if (entries.length === 0) {
    return (
      <Alert color="yellow" role="status">
        {from ? t('noUnbilledInDays') : t('noUnbilled')}
      </Alert>
    );
  }
  return (
    <div role="region" aria-label={t('entriesToBill')}>
      <Text size="sm" fw={500} mb={4}>
        {t('willBeBilled', { count: entries.length, duration: formatDuration(seconds) })}
      </Text>
      <ScrollArea.Autosize mah={180}>
        <Table fz="xs" verticalSpacing={2}>
          <Table.Tbody>
            {entries.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{formatDate(e.startTime, timezone)}</Table.Td>
                <Table.Td>{e.taskName ?? '—'}</Table.Td>
                <Table.Td>{e.notes}</Table.Td>
                <Table.Td ta="right">{formatDuration(e.durationSeconds)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </div>
  );
}
