import { Button, Card, Group, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { ClientResponse } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ArchivableActions, StatusBadge, useToggleStatus } from '@/components/archivable';
import { BudgetCell, budgetsOf, useBudgetProgress } from '@/components/budget-progress';
import { RatesModal } from '@/components/rates-panel';
import { SearchInput, StatusFilter } from '@/components/list-toolbar';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/query-state';
import { SortHeader } from '@/components/sort-header';
import { useSearchState } from '@/hooks/use-search-state';
import { formatMoney, formatNumber } from '@/lib/format';
import { useSession } from '@/lib/session';
import { useLocale } from '@/lib/settings';

import { useClients, useSetClientStatus } from '../api/clients';
import { ClientFormModal } from '../components/client-form';
import { ListFooter } from '@/components/list-footer';

const PAGE_SIZE = 25;

export function ClientsPage() {
  const { t } = useTranslation(['clients', 'common', 'rates', 'budgetUi']);
  const { isAdmin } = useSession();
  const { currency } = useLocale();
  const search = useSearchState();
  const status = search.get('status') ?? 'active';
  const sort = search.get('sort') ?? 'name';
  const page = search.getNumber('page') ?? 1;
  const clients = useClients({
    search: search.get('q'),
    status: status === 'all' ? undefined : (status as 'active' | 'inactive'),
    sort,
    page,
    pageSize: PAGE_SIZE,
  });
  const budgets = useBudgetProgress();
  const setStatus = useSetClientStatus();
  const [editing, setEditing] = useState<ClientResponse | null | 'new'>(null);
  const [ratesOf, setRatesOf] = useState<ClientResponse | null>(null);

  const toggle = useToggleStatus(setStatus);

  return (
    <>
      <PageHeader
        title={t('title')}
        actions={
          isAdmin && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
              {t('newClient')}
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
        <StatusFilter
          value={status}
          onChange={(s) => search.set({ status: s === 'active' ? undefined : s })}
          options={[
            { value: 'active', label: t('common:active') },
            { value: 'inactive', label: t('common:archived') },
            { value: 'all', label: t('common:all') },
          ]}
        />
      </Group>
      <Card withBorder padding={0}>
        <QueryState query={clients}>
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
                        <Table.Th>{t('contact')}</Table.Th>
                        <Table.Th>{t('defaultRate')}</Table.Th>
                        <Table.Th>{t('projects')}</Table.Th>
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
                          <Table.Td data-label={t('contact')}>
                            <Text size="sm">{c.contactPerson ?? '—'}</Text>
                            <Text size="xs" c="dimmed">
                              {c.email}
                            </Text>
                          </Table.Td>
                          <Table.Td data-label={t('defaultRate')}>
                            {formatMoney(c.defaultHourlyRate, currency)}
                          </Table.Td>
                          <Table.Td data-label={t('projects')}>{formatNumber(c.projectCount, 0)}</Table.Td>
                          <Table.Td data-label={t('budgetUi:progress.column')}>
                            <BudgetCell budgets={budgetsOf(budgets.data, { clientId: c.id })} />
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
          owner={{ clientId: ratesOf.id }}
          title={t('rates:ratesOf', { name: ratesOf.name })}
          onClose={() => setRatesOf(null)}
        />
      )}
      <ClientFormModal
        opened={editing !== null}
        client={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
      />
    </>
  );
}
