import { Anchor, Button, Card, Group, SimpleGrid, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { INVOICE_STATUSES } from '@timetracker/contracts';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { SearchInput, StatusFilter } from '@/components/list-toolbar';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/query-state';
import { SortHeader } from '@/components/sort-header';
import { useSearchState } from '@/hooks/use-search-state';
import { formatDay, formatMoney } from '@/lib/format';
import { useLocale } from '@/lib/settings';

import { sumMoney, useInvoices, useOpenInvoices } from '../api/invoices';
import { CreateInvoiceModal } from '../components/create-invoice';
import { InvoiceStatusBadge } from '../components/invoice-status';
import { ListFooter } from '@/components/list-footer';

const PAGE_SIZE = 25;

export function InvoicesPage() {
  const { t } = useTranslation(['invoices', 'common']);
  const { currency } = useLocale();
  const search = useSearchState();
  const status = search.get('status') ?? 'all';
  const sort = search.get('sort') ?? '-issueDate';
  const page = search.getNumber('page') ?? 1;
  const invoices = useInvoices({
    status: status === 'all' ? undefined : status,
    search: search.get('q'),
    sort,
    page,
    pageSize: PAGE_SIZE,
  });
  const open = useOpenInvoices();
  const [creating, setCreating] = useState(false);

  return (
    <>
      <PageHeader
        title={t('title')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('newInvoice')}
          </Button>
        }
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }} mb="md" aria-label={t('totals')}>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            {t('outstanding')}
          </Text>
          <Text fz={24} fw={700}>
            {open.data
              ? formatMoney(
                  sumMoney([...open.data.sent, ...open.data.overdue].map((i) => i.totalAmount)),
                  currency,
                )
              : '…'}
          </Text>
        </Card>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            {t('overdue')}
          </Text>
          <Text fz={24} fw={700} c={open.data?.overdue.length ? 'red' : undefined}>
            {open.data ? formatMoney(sumMoney(open.data.overdue.map((i) => i.totalAmount)), currency) : '…'}
          </Text>
        </Card>
      </SimpleGrid>
      <Group mb="md" gap="sm" wrap="wrap">
        <SearchInput
          value={search.get('q') ?? ''}
          onChange={(q) => search.set({ q })}
          placeholder={t('searchPlaceholder')}
        />
        <StatusFilter
          value={status}
          onChange={(s) => search.set({ status: s === 'all' ? undefined : s })}
          options={[
            { value: 'all', label: t('common:all') },
            ...INVOICE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
          ]}
        />
      </Group>
      <Card withBorder padding={0}>
        <QueryState query={invoices}>
          {(data) =>
            data.items.length === 0 ? (
              status === 'all' && !search.get('q') ? (
                <EmptyState>
                  <Trans
                    t={t}
                    i18nKey="emptyFirst"
                    components={{
                      create: <Anchor component="button" type="button" onClick={() => setCreating(true)} />,
                    }}
                  />
                </EmptyState>
              ) : (
                <EmptyState>{t('emptySearch')}</EmptyState>
              )
            ) : (
              <>
                <Table.ScrollContainer minWidth={640}>
                  <Table striped highlightOnHover aria-label={t('title')}>
                    <Table.Thead>
                      <Table.Tr>
                        <SortHeader field="invoiceNumber" sort={sort} onSort={(s) => search.set({ sort: s })}>
                          {t('number')}
                        </SortHeader>
                        <Table.Th>{t('clientProject')}</Table.Th>
                        <SortHeader field="issueDate" sort={sort} onSort={(s) => search.set({ sort: s })}>
                          {t('issued')}
                        </SortHeader>
                        <SortHeader field="dueDate" sort={sort} onSort={(s) => search.set({ sort: s })}>
                          {t('due')}
                        </SortHeader>
                        <Table.Th>{t('common:status')}</Table.Th>
                        <SortHeader field="totalAmount" sort={sort} onSort={(s) => search.set({ sort: s })}>
                          {t('total')}
                        </SortHeader>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.items.map((i) => (
                        <Table.Tr key={i.id}>
                          <Table.Td>
                            <Anchor component={Link} to={`/invoices/${i.id}`} fw={500}>
                              {i.invoiceNumber}
                            </Anchor>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm">{i.clientName}</Text>
                            <Text size="xs" c="dimmed">
                              {i.projectName}
                            </Text>
                          </Table.Td>
                          <Table.Td>{formatDay(i.issueDate)}</Table.Td>
                          <Table.Td>{formatDay(i.dueDate)}</Table.Td>
                          <Table.Td>
                            <InvoiceStatusBadge status={i.status} />
                          </Table.Td>
                          <Table.Td>{formatMoney(i.totalAmount, i.currency)}</Table.Td>
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
                  label={t('common:count.invoice', { count: data.total })}
                />
              </>
            )
          }
        </QueryState>
      </Card>
      <CreateInvoiceModal opened={creating} onClose={() => setCreating(false)} />
    </>
  );
}
