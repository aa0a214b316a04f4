import { ActionIcon, Button, Card, Group, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconCalendarPlus,
  IconDownload,
  IconHistory,
  IconLock,
  IconPencil,
  IconPlus,
  IconTrash,
} from '@tabler/icons-react';
import { Link } from 'react-router';
import { DEFAULT_EXPORT_COLUMNS, type TimeEntryResponse } from '@timetracker/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ConfirmModal } from '@/components/confirm-modal';
import { EntryDuration } from '@/components/entry-duration';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/query-state';
import { SortHeader } from '@/components/sort-header';
import { useSearchState } from '@/hooks/use-search-state';
import { describeError } from '@/lib/api-client';
import { dayRangeToInstants } from '@/lib/dates';
import { formatDate, formatDuration, formatTime } from '@/lib/format';
import { useSession } from '@/lib/session';
import { useLocale } from '@/lib/settings';

import { exportUrl, type ReportFilters, xlsxExportUrl } from '@/features/reports/api/reports';
import { type TimeEntryFilters, useDeleteTimeEntry, useTimeEntries, useTimeEntry } from '../api/time-entries';
import { BulkEntryModal } from '../components/bulk-form';
import { EntryBadges } from '../components/entry-badges';
import { EntryFilters } from '../components/entry-filters';
import { TagBadges } from '@/components/tags';
import { EntryFormModal } from '../components/entry-form';
import { EntryQuickActions } from '../components/entry-quick-actions';
import { ListFooter } from '@/components/list-footer';

const PAGE_SIZE = 25;

export function TimeEntriesPage() {
  const { t } = useTranslation(['timeEntries', 'common', 'audit', 'entryListScale', 'downloads']);
  const { isAdmin } = useSession();
  const { timezone } = useLocale();
  const search = useSearchState();
  const sort = search.get('sort') ?? '-startTime';
  const page = search.getNumber('page') ?? 1;
  const from = search.get('from');
  const to = search.get('to');
  const billable = search.get('billable');
  const filters: TimeEntryFilters = {
    ...(from && to ? dayRangeToInstants(from, to, timezone) : {}),
    projectId: search.getNumber('project'),
    clientId: search.getNumber('client'),
    taskId: search.getNumber('task'),
    userId: isAdmin ? search.getNumber('user') : undefined,
    tags: search.get('tags'),
    tagMode: search.get('tagMode') === 'all' ? 'all' : undefined,
    billable: billable === undefined ? undefined : billable === 'true',
    sort,
    pageSize: PAGE_SIZE,
  };
  // Next and previous go by cursor (the API's keyset pages: as fast deep in the list as at its
  // start); a page not reached that way (a jump, a reload) by number.
  const listKey = JSON.stringify(filters);
  const [cursors, setCursors] = useState<{ key: string; byPage: Record<number, string> }>({
    key: listKey,
    byPage: {},
  });
  const cursor = cursors.key === listKey ? cursors.byPage[page] : undefined;
  const entries = useTimeEntries(cursor ? { ...filters, cursor } : { ...filters, page });
  const next =
    entries.data && !entries.isPlaceholderData && entries.data.page === page ? entries.data.nextCursor : null;
  useEffect(() => {
    if (!next) return;
    setCursors((c) =>
      c.key === listKey
        ? c.byPage[page + 1] === next
          ? c
          : { key: listKey, byPage: { ...c.byPage, [page + 1]: next } }
        : { key: listKey, byPage: { [page + 1]: next } },
    );
  }, [listKey, page, next]);
  // The export takes the list's filters (running timers too, as the list shows them).
  const exportFilters: ReportFilters = {
    from: filters.from,
    to: filters.to,
    projects: filters.projectId ? [filters.projectId] : undefined,
    clients: filters.clientId ? [filters.clientId] : undefined,
    tasks: filters.taskId ? [filters.taskId] : undefined,
    users: filters.userId ? [filters.userId] : undefined,
    tags: filters.tags,
    tagMode: filters.tagMode,
    billable: filters.billable,
    includeRunning: true,
  };
  const remove = useDeleteTimeEntry();
  const [editing, setEditing] = useState<TimeEntryResponse | null | 'new'>(null);
  const [deleting, setDeleting] = useState<TimeEntryResponse | null>(null);
  const [bulkOpen, setBulkOpen] = useState(false);
  // A mail's link (`?entry=<id>`, a timer stopped for idleness) opens that entry for correction.
  const linked = useTimeEntry(search.getNumber('entry'));
  const { set: setSearch } = search;
  useEffect(() => {
    if (!linked.data) return;
    setEditing(linked.data);
    setSearch({ entry: null, page });
  }, [linked.data, setSearch, page]);

  return (
    <>
      <PageHeader
        title={t('page.title')}
        description={t('page.zone', { zone: timezone })}
        actions={
          <>
            <Button.Group aria-label={t('downloads:exportEntries')}>
              <Button
                component="a"
                href={exportUrl(exportFilters, DEFAULT_EXPORT_COLUMNS, false)}
                download
                variant="default"
                title={t('downloads:exportCsvTitle')}
                leftSection={<IconDownload size={16} />}
              >
                {t('downloads:csv')}
              </Button>
              <Button
                component="a"
                href={xlsxExportUrl(exportFilters)}
                download
                variant="default"
                title={t('downloads:exportXlsxTitle')}
                leftSection={<IconDownload size={16} />}
              >
                {t('downloads:xlsx')}
              </Button>
            </Button.Group>
            <Button
              variant="default"
              leftSection={<IconCalendarPlus size={16} />}
              onClick={() => setBulkOpen(true)}
            >
              {t('page.addRange')}
            </Button>
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
              {t('addEntry')}
            </Button>
          </>
        }
      />
      <EntryFilters search={search} isAdmin={isAdmin} />
      <Card withBorder padding={0}>
        <QueryState query={entries}>
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState>{t('page.empty')}</EmptyState>
            ) : (
              <>
                <Table.ScrollContainer minWidth={760} className="phone-cards">
                  <Table striped highlightOnHover verticalSpacing="xs" aria-label={t('page.title')}>
                    <Table.Thead>
                      <Table.Tr>
                        <SortHeader field="startTime" sort={sort} onSort={(s) => search.set({ sort: s })}>
                          {t('page.date')}
                        </SortHeader>
                        <Table.Th>{t('page.time')}</Table.Th>
                        <Table.Th>{t('page.projectTask')}</Table.Th>
                        {isAdmin && <Table.Th>{t('page.user')}</Table.Th>}
                        <Table.Th>{t('notes')}</Table.Th>
                        <SortHeader
                          field="durationSeconds"
                          sort={sort}
                          onSort={(s) => search.set({ sort: s })}
                        >
                          {t('page.duration')}
                        </SortHeader>
                        <Table.Th>
                          <span className="visually-hidden">{t('common:actions')}</span>
                        </Table.Th>
                        <Table.Th>
                          <span className="visually-hidden">{t('page.quickActions')}</span>
                        </Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.items.map((e) => (
                        <Table.Tr key={e.id}>
                          <Table.Td data-label={t('page.date')}>{formatDate(e.startTime, timezone)}</Table.Td>
                          <Table.Td data-label={t('page.time')} style={{ whiteSpace: 'nowrap' }}>
                            {`${formatTime(e.startTime, timezone)}–${e.endTime ? formatTime(e.endTime, timezone) : '…'}`}
                          </Table.Td>
                          <Table.Td data-label={t('page.project')}>
                            <Text size="sm" fw={500}>
                              {e.projectName ?? '—'}
                            </Text>
                            <Text size="xs" c="dimmed">
                              {[e.clientName, e.taskName].filter(Boolean).join(' · ')}
                            </Text>
                          </Table.Td>
                          {isAdmin && <Table.Td data-label={t('page.user')}>{e.username ?? '—'}</Table.Td>}
                          <Table.Td data-label={t('notes')}>
                            <Text size="sm" lineClamp={2}>
                              {e.notes}
                            </Text>
                            <Group gap={4}>
                              <TagBadges tags={e.tags} />
                              {!e.billable && (
                                <Text size="xs" c="dimmed">
                                  {t('page.notBillable')}
                                </Text>
                              )}
                            </Group>
                            <EntryBadges entry={e} timezone={timezone} />
                          </Table.Td>
                          <Table.Td data-label={t('page.duration')}>
                            <EntryDuration entry={e} />
                          </Table.Td>
                          <Table.Td>
                            <Group gap={2} wrap="nowrap">
                              {isAdmin && (
                                <ActionIcon
                                  variant="subtle"
                                  color="gray"
                                  component={Link}
                                  to={`/audit?entity=time_entry&entityId=${e.id}`}
                                  aria-label={t('audit:history', { id: e.id })}
                                >
                                  <IconHistory size={16} />
                                </ActionIcon>
                              )}
                              {e.locked ? (
                                <Tooltip label={t('lockedHint')} multiline w={260}>
                                  <ActionIcon
                                    variant="subtle"
                                    color="gray"
                                    aria-label={t('page.locked', { id: e.id, hint: t('lockedHint') })}
                                  >
                                    <IconLock size={16} />
                                  </ActionIcon>
                                </Tooltip>
                              ) : (
                                <Group gap={2} wrap="nowrap">
                                  <ActionIcon
                                    variant="subtle"
                                    aria-label={t('page.edit', { day: formatDate(e.startTime, timezone) })}
                                    onClick={() => setEditing(e)}
                                  >
                                    <IconPencil size={16} />
                                  </ActionIcon>
                                  <ActionIcon
                                    variant="subtle"
                                    color="red"
                                    aria-label={t('page.delete', { day: formatDate(e.startTime, timezone) })}
                                    onClick={() => setDeleting(e)}
                                  >
                                    <IconTrash size={16} />
                                  </ActionIcon>
                                </Group>
                              )}
                            </Group>
                          </Table.Td>
                          <Table.Td>
                            <EntryQuickActions entry={e} />
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
                  label={
                    data.totalIsEstimate
                      ? t('entryListScale:aboutCount', { count: data.total })
                      : t('page.count', { count: data.total })
                  }
                />
              </>
            )
          }
        </QueryState>
      </Card>

      <EntryFormModal
        opened={editing !== null}
        entry={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
      />
      <BulkEntryModal opened={bulkOpen} onClose={() => setBulkOpen(false)} />
      <ConfirmModal
        opened={deleting !== null}
        title={t('page.deleteTitle')}
        confirmLabel={t('page.deleteConfirm')}
        loading={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() => {
          if (!deleting) return;
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notifications.show({ color: 'teal', message: t('page.deleted') });
              setDeleting(null);
            },
            onError: (error) =>
              notifications.show({
                color: 'red',
                title: t('page.notDeleted'),
                message: describeError(error),
              }),
          });
        }}
      >
        {deleting &&
          t('page.deleteBody', {
            what: deleting.projectName ?? t('page.entry'),
            day: formatDate(deleting.startTime, timezone),
            duration: formatDuration(deleting.durationSeconds),
          })}
      </ConfirmModal>
    </>
  );
}
