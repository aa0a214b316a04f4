import { Group, Pagination, Text } from '@mantine/core';

import { formatNumber } from '@/lib/format';

interface ListFooterProps {
  total: number;
  pageSize: number;
  page: number;
  onPage: (page: number) => void;
  /** The count in words from a catalog, e.g. t('count.invoice', { count: total }). */
  label?: string;
  /** What is counted, singular and plural: ['client', 'clients'] (pages not yet translated). */
  noun?: readonly [string, string];
}

/** Below every paged list: how many there are, and the pages. */
export function ListFooter({ total, pageSize, page, onPage, label, noun }: ListFooterProps) {
  return (
    <Group justify="space-between" p="sm">
      <Text size="sm" c="dimmed">
        {label ?? `${formatNumber(total)} ${noun ? noun[total === 1 ? 0 : 1] : ''}`.trim()}
      </Text>
      <Pagination total={Math.max(1, Math.ceil(total / pageSize))} value={page} onChange={onPage} size="sm" />
    </Group>
  );
}
