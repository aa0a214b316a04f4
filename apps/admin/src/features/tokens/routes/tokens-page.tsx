import { Alert, Badge, Button, Card, Code, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  ApiTokenCreateSchema,
  type ApiTokenCreatedResponse,
  type ApiTokenResponse,
} from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ConfirmModal } from '@/components/confirm-modal';
import { PageHeader } from '@/components/page-header';
import { SecretShownOnce } from '@/components/secret-shown-once';
import { EmptyState, QueryState } from '@/components/query-state';
import { describeError } from '@/lib/api-client';
import { endOfDayExclusive, todayIn } from '@/lib/dates';
import { applySubmitError, schemaErrors } from '@/lib/form';
import { formatDateTime } from '@/lib/format';
import { useLocale } from '@/lib/settings';

import { useCreateToken, useRevokeToken, useTokens } from '../api/tokens';

function toBody(values: { name: string; expiresOn: string | null }, tz: string) {
  // Valid through the whole chosen day, in the settings time zone.
  return {
    name: values.name,
    expiresAt: values.expiresOn ? endOfDayExclusive(values.expiresOn, tz) : undefined,
  };
}

export function TokensPage() {
  const { t } = useTranslation(['tokens', 'common']);
  const { timezone } = useLocale();
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [created, setCreated] = useState<ApiTokenCreatedResponse | null>(null);
  const [revoking, setRevoking] = useState<ApiTokenResponse | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: '', expiresOn: null as string | null },
    validate: (values) =>
      schemaErrors(ApiTokenCreateSchema, toBody(values, timezone), { expiresAt: 'expiresOn' }),
  });

  const submit = form.onSubmit((values) => {
    setFormError(null);
    create.mutate(toBody(values, timezone), {
      onSuccess: (token) => {
        setCreated(token);
        form.reset();
      },
      onError: (error) =>
        setFormError(
          applySubmitError(
            error,
            { setErrors: form.setErrors, fields: ['name', 'expiresOn'] },
            { expiresAt: 'expiresOn' },
          ),
        ),
    });
  });

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <Stack gap="md">
        <Card withBorder padding="md" component="section" aria-labelledby="new-token">
          <Text fw={600} id="new-token" mb="sm">
            {t('newToken')}
          </Text>
          {formError && (
            <Alert color="red" role="alert" mb="sm">
              {formError}
            </Alert>
          )}
          <form onSubmit={submit} noValidate>
            <Group align="flex-start" gap="sm" wrap="wrap">
              <TextInput
                label={t('purpose')}
                placeholder={t('purposePlaceholder')}
                withAsterisk
                style={{ flex: '2 1 14rem' }}
                {...form.getInputProps('name')}
              />
              <DateInput
                label={t('expiresAfter')}
                placeholder={t('common:never')}
                clearable
                minDate={todayIn(timezone)}
                style={{ flex: '1 1 10rem' }}
                {...form.getInputProps('expiresOn')}
              />
              <Button type="submit" mt={25} loading={create.isPending}>
                {t('create')}
              </Button>
            </Group>
          </form>
          {created && (
            <SecretShownOnce
              title={t('created', { name: created.name })}
              hint={t('copyNow')}
              secret={created.token}
              testId="new-token"
              onDone={() => setCreated(null)}
            />
          )}
        </Card>
        <Card withBorder padding={0}>
          <QueryState query={tokens}>
            {(items) =>
              items.length === 0 ? (
                <EmptyState>{t('empty')}</EmptyState>
              ) : (
                <Table.ScrollContainer minWidth={600}>
                  <Table striped aria-label={t('title')}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('name')}</Table.Th>
                        <Table.Th>{t('startsWith')}</Table.Th>
                        <Table.Th>{t('createdAt')}</Table.Th>
                        <Table.Th>{t('lastUsed')}</Table.Th>
                        <Table.Th>{t('expires')}</Table.Th>
                        <Table.Th>
                          <span className="visually-hidden">{t('common:actions')}</span>
                        </Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {items.map((token) => (
                        <Table.Tr key={token.id}>
                          <Table.Td fw={500}>{token.name}</Table.Td>
                          <Table.Td>
                            <Code>{token.prefix}…</Code>
                          </Table.Td>
                          <Table.Td>{formatDateTime(token.createdAt, timezone)}</Table.Td>
                          <Table.Td>
                            {token.lastUsedAt
                              ? formatDateTime(token.lastUsedAt, timezone)
                              : t('common:never')}
                          </Table.Td>
                          <Table.Td>
                            {token.expiresAt ? formatDateTime(token.expiresAt, timezone) : t('common:never')}
                          </Table.Td>
                          <Table.Td>
                            {token.revokedAt ? (
                              <Badge color="gray">{t('revoked')}</Badge>
                            ) : (
                              <Button
                                size="xs"
                                color="red"
                                variant="subtle"
                                onClick={() => setRevoking(token)}
                              >
                                {t('revoke')}
                              </Button>
                            )}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )
            }
          </QueryState>
        </Card>
      </Stack>
      <ConfirmModal
        opened={revoking !== null}
        title={t('revokeTitle')}
        confirmLabel={t('revoke')}
        loading={revoke.isPending}
        onClose={() => setRevoking(null)}
        onConfirm={() =>
          revoking &&
          revoke.mutate(revoking.id, {
            onSuccess: () => setRevoking(null),
            onError: (error) => notifications.show({ color: 'red', message: describeError(error) }),
          })
        }
      >
        {revoking && t('revokeWarning', { name: revoking.name })}
      </ConfirmModal>
    </>
  );
}
