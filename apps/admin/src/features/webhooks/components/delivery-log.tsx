import { Badge, Button, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { WebhookDeliveryResponse } from '@timetracker/contracts';
import { useTranslation } from 'react-i18next';

import { ListFooter } from '@/components/list-footer';
import { EmptyState, QueryState } from '@/components/query-state';
import { describeError } from '@/lib/api-client';
import { formatDateTime } from '@/lib/format';
import { useLocale } from '@/lib/settings';

import { useDeliveries, useRedeliver } from '../api/webhooks';

const PAGE_SIZE = 20;

const STATUS_COLOR: Record<WebhookDeliveryResponse['status'], string> = {
  pending: 'blue',
  sending: 'blue',
  delivered: 'teal',
  failed: 'red',
};

/** The delivery log of one subscription, newest first, with "redeliver" on each row. */
export function DeliveryLog({
  webhookId,
  page,
  onPage,
}: {
  webhookId: number;
  page: number;
  onPage: (p: number) => void;
}) {
  const { t } = useTranslation(['webhooks', 'common']);
  const { timezone } = useLocale();
  const deliveries = useDeliveries(webhookId, page, PAGE_SIZE);
  const redeliver = useRedeliver();

  return (
    <QueryState query={deliveries}>
      {(data) =>
        data.items.length === 0 ? (
          <EmptyState>{t('noDeliveries')}</EmptyState>
        ) : (
          <>
            <Table.ScrollContainer minWidth={640} className="phone-cards">
              <Table striped aria-label={t('deliveries')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('event')}</Table.Th>
                    <Table.Th>{t('status')}</Table.Th>
                    <Table.Th>{t('response')}</Table.Th>
                    <Table.Th ta="right">{t('duration')}</Table.Th>
                    <Table.Th>{t('lastAttempt')}</Table.Th>
                    <Table.Th>
                      <span className="visually-hidden">{t('common:actions')}</span>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((d) => (
                    <Table.Tr key={d.id} data-testid={`delivery-${d.id}`}>
                      <Table.Td data-label={t('event')}>
                        <Text size="sm" ff="monospace">
                          {d.eventType}
                        </Text>
                        <Text size="xs" c="dimmed">
                          #{d.eventId}
                        </Text>
                      </Table.Td>
                      <Table.Td data-label={t('status')}>
                        <Badge color={STATUS_COLOR[d.status]} variant="light">
                          {t(`state.${d.status}`)}
                        </Badge>
                        <Text size="xs" c="dimmed">
                          {t('attempts', { count: d.attempts })}
                        </Text>
                      </Table.Td>
                      <Table.Td data-label={t('response')}>
                        <Text size="sm">{d.responseStatus ?? '—'}</Text>
                        {d.lastError && (
                          <Text size="xs" c="red" style={{ overflowWrap: 'anywhere' }}>
                            {d.lastError}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td ta="right" data-label={t('duration')}>
                        <Text size="sm">{d.durationMs === null ? '—' : `${d.durationMs} ms`}</Text>
                      </Table.Td>
                      <Table.Td data-label={t('lastAttempt')}>
                        <Text size="sm">{formatDateTime(d.lastAttemptAt, timezone)}</Text>
                      </Table.Td>
                      <Table.Td>
                        {(d.status === 'delivered' || d.status === 'failed') && (
                          <Button
                            size="xs"
                            variant="subtle"
                            loading={redeliver.isPending && redeliver.variables?.deliveryId === d.id}
                            onClick={() =>
                              redeliver.mutate(
                                { id: webhookId, deliveryId: d.id },
                                {
                                  onSuccess: () =>
                                    notifications.show({ color: 'teal', message: t('redelivering') }),
                                  onError: (error) =>
                                    notifications.show({ color: 'red', message: describeError(error) }),
                                },
                              )
                            }
                          >
                            {t('redeliver')}
                          </Button>
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
              onPage={onPage}
              label={t('deliveryCount', { count: data.total })}
            />
          </>
        )
      }
    </QueryState>
  );
}
