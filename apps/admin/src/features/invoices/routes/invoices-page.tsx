import { Anchor, Button, Card, Group, SimpleGrid, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { INVOICE_STATUSES } from '@timetracker/contracts';
import { useState } from 'react';
import { Link } from 'react-router';

import { SearchInput, StatusFilter } from '@/components/list-toolbar';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/query-state';
import { SortHeader } from '@/components/sort-header';
import { useSearchState } from '@/hooks/use-search-state';
import { formatMoney } from '@/lib/format';
import { useLocale } from '@/lib/settings';

import { sumMoney, useInvoices, useOpenInvoices } from '../api/invoices';
import { CreateInvoiceModal } from '../components/create-invoice';
import { INVOICE_STATUS_LABELS, InvoiceStatusBadge } from '../components/invoice-status';
import { ListFooter } from '@/components/list-footer';

const PAGE_SIZE = 25;

export function InvoicesPage() {
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
        title="Invoices"
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            New invoice
          </Button>
        }
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }} mb="md" aria-label="Invoice totals">
        <Card withBorder>
          <Text size="sm" c="dimmed">
            Outstanding
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
            Overdue
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
          placeholder="Number or client"
        />
        <StatusFilter
          value={status}
          onChange={(s) => search.set({ status: s === 'all' ? undefined : s })}
          options={[
            { value: 'all', label: 'All' },
            ...INVOICE_STATUSES.map((s) => ({ value: s, label: INVOICE_STATUS_LABELS[s] })),
          ]}
        />
      </Group>
      <Card withBorder padding={0}>
        <QueryState query={invoices}>
          {(data) =>
            data.items.length === 0 ? (
              status === 'all' && !search.get('q') ? (
                <EmptyState>
                  No invoices yet.{' '}
                  <Anchor component="button" type="button" onClick={() => setCreating(true)}>
                    Create the first one
                  </Anchor>{' '}
                  from a project&apos;s unbilled time.
                </EmptyState>
              ) : (
                <EmptyState>No invoices match this search or status.</EmptyState>
              )
            ) : (
              <>
                <Table.ScrollContainer minWidth={640}>
                  <Table striped highlightOnHover aria-label="Invoices">
                    <Table.Thead>
                      <Table.Tr>
                        <SortHeader field="invoiceNumber" sort={sort} onSort={(s) => search.set({ sort: s })}>
                          Number
                        </SortHeader>
                        <Table.Th>Client · project</Table.Th>
                        <SortHeader field="issueDate" sort={sort} onSort={(s) => search.set({ sort: s })}>
                          Issued
                        </SortHeader>
                        <SortHeader field="dueDate" sort={sort} onSort={(s) => search.set({ sort: s })}>
                          Due
                        </SortHeader>
                        <Table.Th>Status</Table.Th>
                        <SortHeader field="totalAmount" sort={sort} onSort={(s) => search.set({ sort: s })}>
                          Total
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
                          <Table.Td>{i.issueDate}</Table.Td>
                          <Table.Td>{i.dueDate}</Table.Td>
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
                  noun={['invoice', 'invoices']}
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
