import { Alert, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { WebhookCreatedResponse, WebhookResponse } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ConfirmModal } from '@/components/confirm-modal';
import { PageHeader } from '@/components/page-header';
import { SecretShownOnce } from '@/components/secret-shown-once';
import { EmptyState, QueryState } from '@/components/query-state';
import { describeError } from '@/lib/api-client';
import { formatDateTime } from '@/lib/format';
import { useLocale } from '@/lib/settings';

import { useDeleteWebhook, useSendTest, useUpdateWebhook, useWebhooks } from '../api/webhooks';
import { DeliveryLog } from '../components/delivery-log';
import { eventKey, WebhookForm } from '../components/webhook-form';

export function WebhooksPage() {
  const { t } = useTranslation(['webhooks', 'common']);
  const webhooks = useWebhooks();
  const [created, setCreated] = useState<WebhookCreatedResponse | null>(null);
  const [deleting, setDeleting] = useState<WebhookResponse | null>(null);
  const [open, setOpen] = useState<{ id: number; page: number } | null>(null);
  const remove = useDeleteWebhook();

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <Stack gap="md">
        <Card withBorder padding="md" component="section" aria-labelledby="new-webhook">
          <Text fw={600} id="new-webhook" mb="sm">
            {t('newWebhook')}
          </Text>
          <WebhookForm onCreated={setCreated} />
          {created && (
            <SecretShownOnce
              title={t('created', { url: created.url })}
              hint={t('copySecret')}
              secret={created.secret}
              testId="new-secret"
              onDone={() => setCreated(null)}
            />
          )}
        </Card>
        <QueryState query={webhooks}>
          {(items) =>
            items.length === 0 ? (
              <Card withBorder>
                <EmptyState>{t('empty')}</EmptyState>
              </Card>
            ) : (
              items.map((hook) => (
                <WebhookCard
                  key={hook.id}
                  hook={hook}
                  logPage={open?.id === hook.id ? open.page : null}
                  onLog={(page) => setOpen(page === null ? null : { id: hook.id, page })}
                  onDelete={() => setDeleting(hook)}
                />
              ))
            )
          }
        </QueryState>
      </Stack>
      <ConfirmModal
        opened={deleting !== null}
        title={t('deleteTitle')}
        confirmLabel={t('delete')}
        loading={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => setDeleting(null),
            onError: (error) => notifications.show({ color: 'red', message: describeError(error) }),
          })
        }
      >
        {deleting && t('deleteWarning', { url: deleting.url })}
      </ConfirmModal>
    </>
  );
}

function WebhookCard({
  hook,
  logPage,
  onLog,
  onDelete,
}: {
  hook: WebhookResponse;
  logPage: number | null;
  onLog: (page: number | null) => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation(['webhooks', 'common']);
  const { timezone } = useLocale();
  const test = useSendTest();
  const update = useUpdateWebhook();
  const fail = (error: unknown) => notifications.show({ color: 'red', message: describeError(error) });

  return (
    <Card
      withBorder
      padding="md"
      component="section"
      aria-label={hook.url}
      data-testid={`webhook-${hook.id}`}
    >
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <div style={{ minWidth: 0, flex: '1 1 16rem' }}>
            <Text fw={600} ff="monospace" size="sm" style={{ overflowWrap: 'anywhere' }}>
              {hook.url}
            </Text>
            {hook.description && (
              <Text size="sm" c="dimmed">
                {hook.description}
              </Text>
            )}
          </div>
          {hook.enabled ? (
            <Badge color={hook.failingSince ? 'orange' : 'teal'} variant="light">
              {hook.failingSince ? t('failing') : t('active')}
            </Badge>
          ) : (
            <Badge color="red" variant="filled">
              {t('disabled')}
            </Badge>
          )}
        </Group>
        {!hook.enabled && hook.disabledAt && (
          <Alert color="red" role="status" p="xs">
            {t('disabledAt', { at: formatDateTime(hook.disabledAt, timezone) })}
            {hook.disabledReason && <Text size="xs">{hook.disabledReason}</Text>}
          </Alert>
        )}
        {hook.enabled && hook.failingSince && (
          <Text size="sm" c="orange">
            {t('failingSince', { at: formatDateTime(hook.failingSince, timezone) })}
          </Text>
        )}
        <Group gap={4} wrap="wrap">
          {hook.events.map((e) => (
            <Badge key={e} variant="outline" size="sm" tt="none">
              {t(eventKey(e))}
            </Badge>
          ))}
        </Group>
        <Group gap="xs" wrap="wrap">
          <Button
            size="xs"
            variant="light"
            loading={test.isPending}
            onClick={() =>
              test.mutate(hook.id, {
                onSuccess: () => {
                  notifications.show({ color: 'teal', message: t('testQueued') });
                  onLog(1);
                },
                onError: fail,
              })
            }
          >
            {t('sendTest')}
          </Button>
          <Button size="xs" variant="default" onClick={() => onLog(logPage === null ? 1 : null)}>
            {logPage === null ? t('showDeliveries') : t('hideDeliveries')}
          </Button>
          <Button
            size="xs"
            variant="default"
            loading={update.isPending}
            onClick={() =>
              update.mutate({ id: hook.id, body: { enabled: !hook.enabled } }, { onError: fail })
            }
          >
            {hook.enabled ? t('disable') : t('enable')}
          </Button>
          <Button size="xs" color="red" variant="subtle" onClick={onDelete}>
            {t('delete')}
          </Button>
        </Group>
        {logPage !== null && <DeliveryLog webhookId={hook.id} page={logPage} onPage={(p) => onLog(p)} />}
      </Stack>
    </Card>
  );
}
