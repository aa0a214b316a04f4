import { Alert, Button, Card, Code, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDatabaseExport, IconDownload } from '@tabler/icons-react';

import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/query-state';
import { useNow } from '@/hooks/use-now';
import { useSearchState } from '@/hooks/use-search-state';
import { describeError } from '@/lib/api-client';
import { formatBytes, formatDateTime } from '@/lib/format';
import { useLocale } from '@/lib/settings';

import { downloadUrl, isInProgress, useBackups, useRequestBackup } from '../api/backups';
import { BackupStatusCell } from '../components/backup-status';
import { ListFooter } from '@/components/list-footer';

const PAGE_SIZE = 20;

export function BackupsPage() {
  const { timezone } = useLocale();
  const search = useSearchState();
  const page = search.getNumber('page') ?? 1;
  const backups = useBackups(page, PAGE_SIZE);
  const request = useRequestBackup();
  const busy = backups.data?.items.some(isInProgress) ?? false;
  const now = useNow(10_000, busy);

  const backUpNow = () =>
    request.mutate(undefined, {
      onSuccess: () =>
        notifications.show({ color: 'teal', message: 'Backup requested: a worker starts it within seconds' }),
      onError: (error) => notifications.show({ color: 'red', message: describeError(error) }),
    });

  return (
    <>
      <PageHeader
        title="Backups"
        description={
          <>
            The whole database and the uploaded files, in one archive. Restore one with{' '}
            <Code>npm run backup:restore -- &lt;file&gt;</Code>.
          </>
        }
        actions={
          <Button
            leftSection={<IconDatabaseExport size={16} />}
            onClick={backUpNow}
            loading={request.isPending}
            // One at a time: a second request would only queue behind the first.
            disabled={busy}
          >
            Back up now
          </Button>
        }
      />
      {busy && (
        <Alert color="blue" mb="md" role="status">
          A backup is in progress. This list updates by itself until it is done.
        </Alert>
      )}
      <Card withBorder padding={0}>
        <QueryState query={backups}>
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState>
                No backups yet. The worker makes one every day at the time set in Settings, or use Back up
                now.
              </EmptyState>
            ) : (
              <>
                <Table.ScrollContainer minWidth={760}>
                  <Table striped aria-label="Backups">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Status</Table.Th>
                        <Table.Th>Trigger</Table.Th>
                        <Table.Th>Requested</Table.Th>
                        <Table.Th>Started</Table.Th>
                        <Table.Th>Finished</Table.Th>
                        <Table.Th ta="right">Size</Table.Th>
                        <Table.Th>
                          <span className="visually-hidden">Download</span>
                        </Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.items.map((b) => (
                        <Table.Tr key={b.id} data-testid={`backup-${b.id}`}>
                          <Table.Td>
                            <BackupStatusCell backup={b} now={now} />
                          </Table.Td>
                          <Table.Td>
                            {b.trigger === 'manual'
                              ? `by ${b.requestedBy?.username ?? 'an admin'}`
                              : 'daily schedule'}
                          </Table.Td>
                          <Table.Td>{formatDateTime(b.requestedAt, timezone)}</Table.Td>
                          <Table.Td>{formatDateTime(b.startedAt, timezone)}</Table.Td>
                          <Table.Td>{formatDateTime(b.finishedAt, timezone)}</Table.Td>
                          <Table.Td ta="right">{formatBytes(b.sizeBytes)}</Table.Td>
                          <Table.Td>
                            {b.downloadable ? (
                              <Button
                                component="a"
                                href={downloadUrl(b.id)}
                                download
                                size="xs"
                                variant="light"
                                leftSection={<IconDownload size={14} />}
                                aria-label={`Download backup ${b.fileName ?? b.id}`}
                              >
                                Download
                              </Button>
                            ) : (
                              b.status === 'ok' && (
                                <Text size="xs" c="dimmed">
                                  Removed from disk
                                </Text>
                              )
                            )}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                <ListFooter
                  total={data.total}
                  pageSize={PAGE_SIZE}
                  page={page}
                  onPage={(p) => search.set({ page: p })}
                  noun={['backup', 'backups']}
                />
              </>
            )
          }
        </QueryState>
      </Card>
    </>
  );
}
