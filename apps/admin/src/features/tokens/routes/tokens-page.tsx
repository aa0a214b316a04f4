import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  ApiTokenCreateSchema,
  type ApiTokenCreatedResponse,
  type ApiTokenResponse,
} from '@timetracker/contracts';
import { useState } from 'react';

import { ConfirmModal } from '@/components/confirm-modal';
import { PageHeader } from '@/components/page-header';
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
      <PageHeader
        title="API tokens"
        description="Personal tokens for scripts and other tools: send one as Authorization: Bearer <token>."
      />
      <Stack gap="md">
        <Card withBorder padding="md" component="section" aria-labelledby="new-token">
          <Text fw={600} id="new-token" mb="sm">
            New token
          </Text>
          {formError && (
            <Alert color="red" role="alert" mb="sm">
              {formError}
            </Alert>
          )}
          <form onSubmit={submit} noValidate>
            <Group align="flex-start" gap="sm" wrap="wrap">
              <TextInput
                label="What is it for?"
                placeholder="laptop CLI"
                withAsterisk
                style={{ flex: '2 1 14rem' }}
                {...form.getInputProps('name')}
              />
              <DateInput
                label="Expires after"
                placeholder="Never"
                clearable
                minDate={todayIn(timezone)}
                style={{ flex: '1 1 10rem' }}
                {...form.getInputProps('expiresOn')}
              />
              <Button type="submit" mt={25} loading={create.isPending}>
                Create token
              </Button>
            </Group>
          </form>
          {created && (
            <Alert color="teal" mt="md" title={`Token “${created.name}” created`} role="status">
              <Stack gap="xs">
                <Text size="sm">Copy it now: it is shown only once.</Text>
                <Group gap="xs" wrap="nowrap">
                  <Code block style={{ flex: 1, overflowWrap: 'anywhere' }} data-testid="new-token">
                    {created.token}
                  </Code>
                  <CopyButton value={created.token}>
                    {({ copied, copy }) => (
                      <Button size="xs" variant="light" onClick={copy}>
                        {copied ? 'Copied' : 'Copy'}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
                <Button
                  size="xs"
                  variant="subtle"
                  onClick={() => setCreated(null)}
                  style={{ alignSelf: 'flex-start' }}
                >
                  I have copied it
                </Button>
              </Stack>
            </Alert>
          )}
        </Card>
        <Card withBorder padding={0}>
          <QueryState query={tokens}>
            {(items) =>
              items.length === 0 ? (
                <EmptyState>No tokens yet.</EmptyState>
              ) : (
                <Table.ScrollContainer minWidth={600}>
                  <Table striped aria-label="API tokens">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Name</Table.Th>
                        <Table.Th>Starts with</Table.Th>
                        <Table.Th>Created</Table.Th>
                        <Table.Th>Last used</Table.Th>
                        <Table.Th>Expires</Table.Th>
                        <Table.Th>
                          <span className="visually-hidden">Actions</span>
                        </Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {items.map((t) => (
                        <Table.Tr key={t.id}>
                          <Table.Td fw={500}>{t.name}</Table.Td>
                          <Table.Td>
                            <Code>{t.prefix}…</Code>
                          </Table.Td>
                          <Table.Td>{formatDateTime(t.createdAt, timezone)}</Table.Td>
                          <Table.Td>
                            {t.lastUsedAt ? formatDateTime(t.lastUsedAt, timezone) : 'Never'}
                          </Table.Td>
                          <Table.Td>{t.expiresAt ? formatDateTime(t.expiresAt, timezone) : 'Never'}</Table.Td>
                          <Table.Td>
                            {t.revokedAt ? (
                              <Badge color="gray">Revoked</Badge>
                            ) : (
                              <Button size="xs" color="red" variant="subtle" onClick={() => setRevoking(t)}>
                                Revoke
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
        title="Revoke this token?"
        confirmLabel="Revoke"
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
        {revoking && `Anything using “${revoking.name}” stops working at once.`}
      </ConfirmModal>
    </>
  );
}
