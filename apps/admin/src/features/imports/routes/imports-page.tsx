import { Anchor, Card, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { ListFooter } from '@/components/list-footer';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/query-state';
import { formatDateTime, formatNumber } from '@/lib/format';
import { useLocale } from '@/lib/settings';
import { useSearchState } from '@/hooks/use-search-state';

import { useImports } from '../api/imports';
import { ImportDetail } from '../components/import-detail';
import { StatusBadge } from '../components/status-badge';
import { UploadCard } from '../components/upload-card';

const PAGE_SIZE = 20;

/** Admins bring time in from Toggl, Clockify, Kimai, solidtime or any CSV (docs/import.md). */
export function ImportsPage() {
  const { t } = useTranslation(['imports', 'common']);
  const search = useSearchState();
  const id = search.getNumber('id') ?? null;
  const page = search.getNumber('page') ?? 1;
  const list = useImports(page, PAGE_SIZE);
  const { timezone } = useLocale();

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      {id !== null ? (
        <ImportDetail key={id} id={id} onBack={() => search.set({ id: null })} />
      ) : (
        <Stack gap="md">
          <UploadCard
            maxBytes={list.data?.maxBytes ?? null}
            onUploaded={(created) => search.set({ id: created.id })}
          />
          <Card withBorder padding={0} component="section" aria-labelledby="past-imports">
            <Text fw={600} id="past-imports" p="sm">
              {t('pastTitle')}
            </Text>
            <QueryState query={list}>
              {(data) =>
                data.items.length === 0 ? (
                  <EmptyState>{t('empty')}</EmptyState>
                ) : (
                  <>
                    <Table.ScrollContainer minWidth={720} className="phone-cards">
                      <Table striped highlightOnHover aria-label={t('pastTitle')} fz="sm">
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th>{t('file')}</Table.Th>
                            <Table.Th>{t('format')}</Table.Th>
                            <Table.Th>{t('statusLabel')}</Table.Th>
                            <Table.Th>{t('result')}</Table.Th>
                            <Table.Th>{t('uploadedAt')}</Table.Th>
                            <Table.Th>{t('by')}</Table.Th>
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {data.items.map((item) => (
                            <Table.Tr key={item.id}>
                              <Table.Td fw={500} style={{ overflowWrap: 'anywhere' }}>
                                <Anchor
                                  component="button"
                                  type="button"
                                  onClick={() => search.set({ id: item.id })}
                                >
                                  {item.fileName}
                                </Anchor>
                              </Table.Td>
                              <Table.Td data-label={t('format')}>
                                <span>{t(`formats.${item.format}`)}</span>
                              </Table.Td>
                              <Table.Td data-label={t('statusLabel')}>
                                <span>
                                  <StatusBadge status={item.status} mode={item.mode} />
                                </span>
                              </Table.Td>
                              <Table.Td data-label={t('result')}>
                                <span>
                                  {t(item.mode === 'run' ? 'countsRun' : 'counts', {
                                    created: formatNumber(item.progress.created),
                                    skipped: formatNumber(item.progress.skipped),
                                    refused: formatNumber(item.progress.refused),
                                  })}
                                </span>
                              </Table.Td>
                              <Table.Td data-label={t('uploadedAt')}>
                                <span>{formatDateTime(item.createdAt, timezone)}</span>
                              </Table.Td>
                              <Table.Td data-label={t('by')}>
                                <span>{item.createdBy?.username ?? '—'}</span>
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
                      label={t('importCount', { count: data.total })}
                    />
                  </>
                )
              }
            </QueryState>
          </Card>
        </Stack>
      )}
    </>
  );
}
