import { Group, Pagination, Text } from '@mantine/core';

interface ListFooterProps {
  total: number;
  pageSize: number;
  page: number;
  onPage: (page: number) => void;
  /** What is counted, singular and plural: ['client', 'clients']. */
  noun: readonly [string, string];
}

/** Below every paged list: how many there are, and the pages. */
export function ListFooter({ total, pageSize, page, onPage, noun }: ListFooterProps) {
  return (
    <Group justify="space-between" p="sm">
      <Text size="sm" c="dimmed">
        {total} {total === 1 ? noun[0] : noun[1]}
      </Text>
      <Pagination total={Math.max(1, Math.ceil(total / pageSize))} value={page} onChange={onPage} size="sm" />
    </Group>
  );
}
