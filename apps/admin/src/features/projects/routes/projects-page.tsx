import { Button, Card, Group, Table } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { ProjectResponse } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ArchivableActions, StatusBadge, useToggleStatus } from '@/components/archivable';
import { BudgetCell, budgetsOf, useBudgetProgress } from '@/components/budget-progress';
import { RatesModal } from '@/components/rates-panel';
import { SearchInput, StatusFilter } from '@/components/list-toolbar';
import { ClientPicker } from '@/components/pickers';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/query-state';
import { SortHeader } from '@/components/sort-header';
import { useSearchState } from '@/hooks/use-search-state';
import { formatMoney } from '@/lib/format';
import { useSession } from '@/lib/session';
import { useLocale } from '@/lib/settings';

import { useProjects, useSetProjectStatus } from '../api/projects';
import { ProjectFormModal } from '../components/project-form';
import { ListFooter } from '@/components/list-footer';

const PAGE_SIZE = 25;

export function ProjectsPage() {
  const { t } = useTranslation(['projects', 'common', 'rates', 'budgetUi']);
  const { isAdmin } = useSession();
  const { currency } = useLocale();
  const search = useSearchState();
  const status = search.get('status') ?? 'active';
  const sort = search.get('sort') ?? 'name';
  const page = search.getNumber('page') ?? 1;
  const projects = useProjects({
    search: search.get('q'),
    status: status === 'all' ? undefined : (status as 'active' | 'archived'),
    clientId: search.getNumber('client'),
    sort,
    page,
    pageSize: PAGE_SIZE,
  });
  const budgets = useBudgetProgress();
  const setStatus = useSetProjectStatus();
  const [editing, setEditing] = useState<ProjectResponse | null | 'new'>(null);
  const [ratesOf, setRatesOf] = useState<ProjectResponse | null>(null);

  const toggle = useToggleStatus(setStatus);

  return (
    <>
      <PageHeader
        title={t('title')}
        actions={
          isAdmin && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
              {t('newProject')}
            </Button>
          )
        }
      />
      <Group mb="md" gap="sm" wrap="wrap">
        <SearchInput
          value={search.get('q') ?? ''}
          onChange={(q) => search.set({ q })}
          placeholder={t('searchPlaceholder')}
        />
        <ClientPicker
          label={null}
          aria-label={t('client')}
          includeInactive
          placeholder={t('anyClient')}
          value={search.getNumber('client') ?? null}
          onChange={(id) => search.set({ client: id })}
          style={{ flex: '0 1 14rem' }}
        />
        <StatusFilter
          value={status}
          onChange={(s) => search.set({ status: s === 'active' ? undefined : s })}
          options={[
            { value: 'active', label: t('common:active') },
            { value: 'archived', label: t('common:archived') },
            { value: 'all', label: t('common:all') },
          ]}
        />
      </Group>
      <Card withBorder padding={0}>
        <QueryState query={projects}>
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState>{t('noMatch')}</EmptyState>
            ) : (
              <>
                <Table.ScrollContainer minWidth={800} className="phone-cards">
                  <Table striped highlightOnHover aria-label={t('title')}>
                    <Table.Thead>
                      <Table.Tr>
                        <SortHeader field="name" sort={sort} onSort={(s) => search.set({ sort: s })}>
                          {t('name')}
                        </SortHeader>
                        <SortHeader field="client" sort={sort} onSort={(s) => search.set({ sort: s })}>
                          {t('client')}
                        </SortHeader>
                        <Table.Th>{t('rate')}</Table.Th>
                        <Table.Th>{t('billable')}</Table.Th>
                        <Table.Th>{t('budgetUi:progress.column')}</Table.Th>
                        <Table.Th>{t('common:status')}</Table.Th>
                        {isAdmin && (
                          <Table.Th>
                            <span className="visually-hidden">{t('common:actions')}</span>
                          </Table.Th>
                        )}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.items.map((c) => (
                        <Table.Tr key={c.id}>
                          <Table.Td fw={500}>{c.name}</Table.Td>
                          <Table.Td data-label={t('client')}>{c.clientName ?? '—'}</Table.Td>
                          <Table.Td data-label={t('rate')}>{formatMoney(c.hourlyRate, currency)}</Table.Td>
                          <Table.Td data-label={t('billable')}>{c.billable ? t('yes') : t('no')}</Table.Td>
                          <Table.Td data-label={t('budgetUi:progress.column')}>
                            <BudgetCell budgets={budgetsOf(budgets.data, { projectId: c.id })} />
                          </Table.Td>
                          <Table.Td data-label={t('common:status')}>
                            <StatusBadge status={c.status} />
                          </Table.Td>
                          {isAdmin && (
                            <Table.Td>
                              <Group gap="xs" wrap="nowrap">
                                <Button size="xs" variant="light" onClick={() => setRatesOf(c)}>
                                  {t('rates:rates')}
                                </Button>
                                <ArchivableActions
                                  record={c}
                                  onEdit={() => setEditing(c)}
                                  onToggle={() => toggle(c)}
                                />
                              </Group>
                            </Table.Td>
                          )}
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
                  label={t('count', { count: data.total })}
                />
              </>
            )
          }
        </QueryState>
      </Card>
      {ratesOf && (
        <RatesModal
          opened
          owner={{ projectId: ratesOf.id }}
          title={t('rates:ratesOf', { name: ratesOf.name })}
          onClose={() => setRatesOf(null)}
        />
      )}
      <ProjectFormModal
        opened={editing !== null}
        project={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
      />
    </>
  );
}
