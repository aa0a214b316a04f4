import { Alert, Button, Card, Code, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDatabaseExport, IconDownload } from '@tabler/icons-react';
import { Trans, useTranslation } from 'react-i18next';

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
  const { t } = useTranslation(['backups', 'common']);
  const { timezone } = useLocale();
  const search = useSearchState();
  const page = search.getNumber('page') ?? 1;
  const backups = useBackups(page, PAGE_SIZE);
  const request = useRequestBackup();
  const busy = backups.data?.items.some(isInProgress) ?? false;
  const now = useNow(10_000, busy);

  const backUpNow = () =>
    request.mutate(undefined, {
      onSuccess: () => notifications.show({ color: 'teal', message: t('requested') }),
      onError: (error) => notifications.show({ color: 'red', message: describeError(error) }),
    });

  return (
    <>
      <PageHeader
        title={t('title')}
        description={
          <Trans
            t={t}
            i18nKey="description"
            values={{ command: 'npm run backup:restore -- <file>' }}
            components={{ code: <Code /> }}
          />
        }
        actions={
          <Button
            leftSection={<IconDatabaseExport size={16} />}
            onClick={backUpNow}
            loading={request.isPending}
            // One at a time: a second request would only queue behind the first.
            disabled={busy}
          >
            {t('backUpNow')}
          </Button>
        }
      />
      {busy && (
        <Alert color="blue" mb="md" role="status">
          {t('inProgress')}
        </Alert>
      )}
      <Card withBorder padding={0}>
        <QueryState query={backups}>
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState>{t('empty')}</EmptyState>
            ) : (
              <>
                <Table.ScrollContainer minWidth={760}>
                  <Table striped aria-label={t('title')}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('status')}</Table.Th>
                        <Table.Th>{t('trigger')}</Table.Th>
                        <Table.Th>{t('requestedAt')}</Table.Th>
                        <Table.Th>{t('started')}</Table.Th>
                        <Table.Th>{t('finished')}</Table.Th>
                        <Table.Th ta="right">{t('size')}</Table.Th>
                        <Table.Th>
                          <span className="visually-hidden">{t('download')}</span>
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
                              ? t('byUser', { name: b.requestedBy?.username ?? t('anAdmin') })
                              : t('daily')}
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
                                aria-label={t('downloadNamed', { name: b.fileName ?? b.id })}
                              >
                                {t('download')}
                              </Button>
                            ) : (
                              b.status === 'ok' && (
                                <Text size="xs" c="dimmed">
                                  {t('removed')}
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
                  label={t('common:count.backup', { count: data.total })}
                />
              </>
            )
          }
        </QueryState>
      </Card>
    </>
  );
}
