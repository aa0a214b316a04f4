import { Alert, ScrollArea, Table, Text } from '@mantine/core';

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
  const { timezone } = useLocale();
  const preview = useBillablePreview(projectId, from, to, timezone, ownItemIds);
  if (projectId === null) return null;
  if (preview.isPending) return <Text size="sm">Looking for unbilled time…</Text>;
  if (preview.isError) return <Alert color="red">Could not load the entries to bill.</Alert>;
  const entries = preview.data;
  const seconds = entries.reduce((sum, e) => sum + (e.durationSeconds ?? 0), 0);
  if (entries.length === 0) {
    return (
      <Alert color="yellow" role="status">
        No unbilled billable time for this project{from ? ' in these days' : ''}.
      </Alert>
    );
  }
  return (
    <div role="region" aria-label="Entries to bill">
      <Text size="sm" fw={500} mb={4}>
        {entries.length} {entries.length === 1 ? 'entry' : 'entries'} will be billed,{' '}
        {formatDuration(seconds)} in all
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
