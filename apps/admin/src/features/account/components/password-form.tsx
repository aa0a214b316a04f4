import { Alert, Button, Card, Group, PasswordInput, SimpleGrid, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { PasswordChangeSchema } from '@timetracker/contracts';
import { useState } from 'react';

import { ApiError } from '@/lib/api-client';
import { applySubmitError, schemaErrors } from '@/lib/form';

import { useChangePassword } from '../api/account';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Changes the own password; every other sign-in (browsers and API tokens) ends. */
export function PasswordForm() {
  const change = useChangePassword();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', repeat: '' },
    validate: (values) => ({
      ...schemaErrors(PasswordChangeSchema, {
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      }),
      ...(values.repeat !== values.newPassword ? { repeat: 'The two new passwords differ' } : {}),
    }),
  });

  const submit = form.onSubmit(({ currentPassword, newPassword }) => {
    setFormError(null);
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: (result) => {
          form.reset();
          notifications.show({
            color: 'teal',
            title: 'Password changed',
            message: `Signed out ${plural(result.endedSessions, 'other session', 'other sessions')} and revoked ${plural(result.revokedTokens, 'API token', 'API tokens')}.`,
          });
        },
        onError: (error) => {
          if (error instanceof ApiError && error.status === 403) {
            form.setErrors({ currentPassword: 'This is not your current password' });
            return;
          }
          setFormError(
            applySubmitError(error, {
              setErrors: form.setErrors,
              fields: ['currentPassword', 'newPassword'],
            }),
          );
        },
      },
    );
  });

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="account-password">
      <Title order={2} size="h4" id="account-password">
        Password
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Changing it signs you out everywhere else and revokes your API tokens. You stay signed in here.
      </Text>
      <form onSubmit={submit} noValidate>
        {formError && (
          <Alert color="red" role="alert" mb="sm">
            {formError}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            withAsterisk
            {...form.getInputProps('currentPassword')}
          />
          <PasswordInput
            label="New password"
            description="At least 10 characters, without your username"
            autoComplete="new-password"
            withAsterisk
            {...form.getInputProps('newPassword')}
          />
          <PasswordInput
            label="New password again"
            autoComplete="new-password"
            withAsterisk
            {...form.getInputProps('repeat')}
          />
        </SimpleGrid>
        <Group justify="flex-end" mt="md">
          <Button type="submit" loading={change.isPending}>
            Change password
          </Button>
        </Group>
      </form>
    </Card>
  );
}
