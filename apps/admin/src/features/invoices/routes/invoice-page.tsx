import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Menu,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconDownload, IconPencil, IconTrash } from '@tabler/icons-react';
import {
  type InvoiceItemResponse,
  type InvoiceResponse,
  missingCompanyDetails,
} from '@timetracker/contracts';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';

import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';
import { describeError } from '@/lib/api-client';
import { formatDay, formatMoney, formatNumber } from '@/lib/format';
import { useSettingsQuery } from '@/lib/settings';

import { useDeleteInvoice, useDeleteLine, useInvoice, useInvoiceAction } from '../api/invoices';
import { GenerateLines } from '../components/generate-lines';
import { EditDetailsModal } from '../components/invoice-details-form';
import { InvoiceStatusBadge } from '../components/invoice-status';
import { AddLine, EditLineModal } from '../components/line-forms';

export function InvoicePage() {
  const id = Number(useParams().id);
  const invoice = useInvoice(id);
  return <QueryState query={invoice}>{(data) => <InvoiceView invoice={data} />}</QueryState>;
}

function InvoiceView({ invoice }: { invoice: InvoiceResponse }) {
  const { t } = useTranslation(['invoices', 'common']);
  const navigate = useNavigate();
  const action = useInvoiceAction(invoice.id);
  const remove = useDeleteInvoice(invoice.id);
  const deleteLine = useDeleteLine(invoice.id);
  const draft = invoice.status === 'draft';
  const [editingDetails, setEditingDetails] = useState(false);
  const [editingLine, setEditingLine] = useState<InvoiceItemResponse | null>(null);
  const money = (a: string) => formatMoney(a, invoice.currency);
  // The API refuses the PDF (409) while the company is the fresh install's placeholder: say so here.
  const settings = useSettingsQuery().data;
  const noCompany = settings !== undefined && missingCompanyDetails(settings).length > 0;
  const run = (name: 'send' | 'mark-paid' | 'cancel' | 'duplicate') =>
    action.mutate(name, {
      onSuccess: (result) => {
        notifications.show({
          color: 'teal',
          message: name === 'duplicate' ? t('copiedAs', { number: result.invoiceNumber }) : t('updated'),
        });
        if (name === 'duplicate') void navigate(`/invoices/${result.id}`);
      },
      onError: (error) => notifications.show({ color: 'red', message: describeError(error) }),
    });

  return (
    <>
      <PageHeader
        title={t('invoiceNumber', { number: invoice.invoiceNumber })}
        description={
          <Anchor component={Link} to="/invoices" size="sm">
            {t('allInvoices')}
          </Anchor>
        }
        actions={
          <>
            {draft && (
              <Button
                variant="default"
                leftSection={<IconPencil size={16} />}
                onClick={() => setEditingDetails(true)}
              >
                {t('editDetails')}
              </Button>
            )}
            <Button
              component="a"
              href={noCompany ? undefined : `/api/v1/invoices/${invoice.id}/pdf`}
              download
              disabled={noCompany}
              variant="default"
              leftSection={<IconDownload size={16} />}
            >
              PDF
            </Button>
            <Button
              component="a"
              href={`/api/v1/invoices/${invoice.id}/csv`}
              download
              variant="default"
              leftSection={<IconDownload size={16} />}
            >
              CSV
            </Button>
            <Menu position="bottom-end">
              <Menu.Target>
                <Button rightSection={<IconChevronDown size={16} />} loading={action.isPending}>
                  {t('common:actions')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {draft && <Menu.Item onClick={() => run('send')}>{t('markSent')}</Menu.Item>}
                {(invoice.status === 'sent' || invoice.status === 'overdue') && (
                  <Menu.Item onClick={() => run('mark-paid')}>{t('markPaid')}</Menu.Item>
                )}
                {invoice.status !== 'cancelled' && invoice.status !== 'paid' && (
                  <Menu.Item color="red" onClick={() => run('cancel')}>
                    {t('cancelInvoice')}
                  </Menu.Item>
                )}
                <Menu.Item onClick={() => run('duplicate')}>{t('duplicate')}</Menu.Item>
                {draft && (
                  <Menu.Item
                    color="red"
                    onClick={() =>
                      remove.mutate(undefined, {
                        onSuccess: () => void navigate('/invoices'),
                        onError: (error) =>
                          notifications.show({ color: 'red', message: describeError(error) }),
                      })
                    }
                  >
                    {t('deleteDraft')}
                  </Menu.Item>
                )}
              </Menu.Dropdown>
            </Menu>
          </>
        }
      />
      {noCompany && (
        <Alert color="yellow" mb="md" title={t('pdfNeedsCompanyTitle')}>
          <Trans
            t={t}
            i18nKey="pdfNeedsCompany"
            components={{ settings: <Anchor component={Link} to="/settings#settings-company" /> }}
          />
        </Alert>
      )}
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Card withBorder>
            <Text size="sm" c="dimmed">
              {t('billTo')}
            </Text>
            <Text fw={600}>{invoice.clientName}</Text>
            <Text size="sm">{invoice.clientEmail}</Text>
            <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
              {invoice.clientAddress}
            </Text>
          </Card>
          <Card withBorder>
            <Group gap="xs">
              <InvoiceStatusBadge status={invoice.status} />
              <Text size="sm">{invoice.projectName}</Text>
            </Group>
            <Text size="sm" mt="xs">
              {t('issuedDue', { issued: formatDay(invoice.issueDate), due: formatDay(invoice.dueDate) })}
            </Text>
          </Card>
          <Card withBorder aria-label={t('invoiceTotal')}>
            <Text size="sm" c="dimmed">
              {t('total')}
            </Text>
            <Text fz={24} fw={700} data-testid="invoice-total">
              {money(invoice.totalAmount)}
            </Text>
            <Text size="xs" c="dimmed">
              {t('taxLine', {
                subtotal: money(invoice.subtotal),
                rate: formatNumber(Number(invoice.taxRate)),
                tax: money(invoice.taxAmount),
              })}
            </Text>
          </Card>
        </SimpleGrid>
        {!draft && <Alert color="gray">{t('lockedNotice')}</Alert>}
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={560} className="phone-cards">
            <Table aria-label={t('invoiceLines')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('description')}</Table.Th>
                  <Table.Th ta="right">{t('quantity')}</Table.Th>
                  <Table.Th ta="right">{t('unitPrice')}</Table.Th>
                  <Table.Th ta="right">{t('amount')}</Table.Th>
                  {draft && (
                    <Table.Th>
                      <span className="visually-hidden">{t('common:actions')}</span>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {invoice.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={5}>
                      <Text c="dimmed" ta="center" py="md">
                        {t('noLines')}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
                {invoice.items.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td data-label={t('description')}>
                      {item.description}
                      {item.source === 'time' && (
                        <Text size="xs" c="dimmed">
                          {t('timeEntries', { count: item.timeEntryIds.length })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right" data-label={t('quantity')}>
                      {formatNumber(Number(item.quantity))}
                    </Table.Td>
                    <Table.Td ta="right" data-label={t('unitPrice')}>
                      {money(item.unitPrice)}
                    </Table.Td>
                    <Table.Td ta="right" data-label={t('amount')}>
                      {money(item.totalAmount)}
                    </Table.Td>
                    {draft && (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <ActionIcon
                            variant="subtle"
                            aria-label={t('editLineNamed', { description: item.description })}
                            onClick={() => setEditingLine(item)}
                          >
                            <IconPencil size={16} />
                          </ActionIcon>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={t('removeLineNamed', { description: item.description })}
                            onClick={() => deleteLine.mutate(item.id)}
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
        {(invoice.notes || invoice.terms) && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {invoice.notes && <TextCard label={t('notes')} text={invoice.notes} />}
            {invoice.terms && <TextCard label={t('terms')} text={invoice.terms} />}
          </SimpleGrid>
        )}
        {draft && (
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <GenerateLines invoice={invoice} />
            <AddLine invoiceId={invoice.id} />
          </SimpleGrid>
        )}
      </Stack>
      {draft && (
        <>
          <EditDetailsModal
            invoice={invoice}
            opened={editingDetails}
            onClose={() => setEditingDetails(false)}
          />
          <EditLineModal invoiceId={invoice.id} item={editingLine} onClose={() => setEditingLine(null)} />
        </>
      )}
    </>
  );
}

function TextCard({ label, text }: { label: string; text: string }) {
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
        {text}
      </Text>
    </Card>
  );
}
