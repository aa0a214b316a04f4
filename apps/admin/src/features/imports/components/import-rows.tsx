import { Badge, Card, Group, SegmentedControl, Table, Text } from '@mantine/core';
import type { ImportResponse } from '@timetracker/contracts';
import { useTranslation } from 'react-i18next';

import { ListFooter } from '@/components/list-footer';
import { EmptyState } from '@/components/query-state';
import { formatDateTime, formatDuration } from '@/lib/format';
import { useLocale } from '@/lib/settings';

import type { RowOutcome } from '../api/imports';
import { rowReason } from './row-reason';

const COLOURS: Record<RowOutcome, string> = { create: 'teal', skip: 'gray', refuse: 'red' };

/** What the dry run would do with each row (after a run: what it refused or skipped), paged. */
export function ImportRows({
  item,
  outcome,
  onOutcome,
  onPage,
}: {
  item: ImportResponse;
  outcome: RowOutcome | undefined;
  onOutcome: (outcome: RowOutcome | undefined) => void;
  onPage: (page: number) => void;
}) {
  const { t } = useTranslation(['imports', 'common']);
  const { timezone } = useLocale();
  const { rows, progress } = item;
  const filters = [
    { value: 'all', label: t('filterAll') },
    // A run keeps only the rows it did not import: nothing to filter "to create" there.
    ...(item.mode === 'run'
      ? []
      : [{ value: 'create', label: t('outcomeCount.create', { count: progress.created }) }]),
    { value: 'skip', label: t('outcomeCount.skip', { count: progress.skipped }) },
    { value: 'refuse', label: t('outcomeCount.refuse', { count: progress.refused }) },
  ];

  return (
    <Card withBorder padding={0} component="section" aria-labelledby="import-rows">
      <Group justify="space-between" p="sm" wrap="wrap" gap="xs">
        <Text fw={600} id="import-rows">
          {item.mode === 'run' ? t('rowsTitleRun') : t('rowsTitle')}
        </Text>
        <SegmentedControl
          size="xs"
          data={filters}
          value={outcome ?? 'all'}
          onChange={(v) => onOutcome(v === 'all' ? undefined : (v as RowOutcome))}
          aria-label={t('filter')}
        />
      </Group>
      {rows.items.length === 0 ? (
        <EmptyState>{t('noRows')}</EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={820} className="phone-cards">
            <Table striped aria-label={t('rowsTable')} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('row')}</Table.Th>
                  <Table.Th>{t('outcome')}</Table.Th>
                  <Table.Th>{t('reason')}</Table.Th>
                  <Table.Th>{t('user')}</Table.Th>
                  <Table.Th>{t('project')}</Table.Th>
                  <Table.Th>{t('start')}</Table.Th>
                  <Table.Th>{t('duration')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.items.map((r) => (
                  <Table.Tr key={r.rowNumber} data-testid={`import-row-${r.rowNumber}`}>
                    <Table.Td data-label={t('row')} ff="monospace">
                      <span>{r.rowNumber}</span>
                    </Table.Td>
                    <Table.Td data-label={t('outcome')}>
                      <Badge
                        color={COLOURS[r.outcome]}
                        variant="light"
                        size="sm"
                        style={{ minWidth: 'max-content' }}
                      >
                        {t(`outcomes.${r.outcome}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td data-label={t('reason')}>
                      <span>{r.outcome === 'create' ? '—' : rowReason(t, r, timezone)}</span>
                    </Table.Td>
                    <Table.Td data-label={t('user')}>
                      {/* One child: on a phone card the cell's children stack under its label. */}
                      <span data-testid="import-row-user">
                        {r.user ?? '—'}
                        {r.target && (
                          <>
                            {' '}
                            {'userId' in r.target ? (
                              <Text span inherit fw={600}>
                                {t('targetUser', { username: r.target.username })}
                              </Text>
                            ) : (
                              <Text span inherit c="dimmed" fs="italic">
                                {t('targetPlaceholder')}
                              </Text>
                            )}
                          </>
                        )}
                      </span>
                    </Table.Td>
                    <Table.Td data-label={t('project')}>
                      <span>{r.project ?? '—'}</span>
                    </Table.Td>
                    <Table.Td data-label={t('start')}>
                      <span>{r.startTime ? formatDateTime(r.startTime, timezone) : '—'}</span>
                    </Table.Td>
                    <Table.Td data-label={t('duration')}>
                      <span>{r.durationSeconds === null ? '—' : formatDuration(r.durationSeconds)}</span>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ListFooter
            total={rows.total}
            pageSize={rows.pageSize}
            page={rows.page}
            onPage={onPage}
            label={t('rowCount', { count: rows.total })}
          />
        </>
      )}
    </Card>
  );
}
