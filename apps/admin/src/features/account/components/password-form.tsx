import { Alert, Button, Card, Group, PasswordInput, SimpleGrid, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { PasswordChangeSchema } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError } from '@/lib/api-client';
import { applySubmitError, schemaErrors } from '@/lib/form';

import { useChangePassword } from '../api/account';

/** Changes the own password; every other sign-in (browsers and API tokens) ends. */
export function PasswordForm() {
  const { t } = useTranslation('account');
  const change = useChangePassword();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', repeat: '' },
    validate: (values) => ({
      ...schemaErrors(PasswordChangeSchema, {
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      }),
      ...(values.repeat !== values.newPassword ? { repeat: t('passwordsDiffer') } : {}),
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
            title: t('passwordChanged'),
            message: t('passwordChangedDetail', {
              sessions: t('otherSessions', { count: result.endedSessions }),
              tokens: t('apiTokens', { count: result.revokedTokens }),
            }),
          });
        },
        onError: (error) => {
          if (error instanceof ApiError && error.status === 403) {
            form.setErrors({ currentPassword: t('notCurrentPassword') });
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
        {t('passwordTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('passwordIntro')}
      </Text>
      <form onSubmit={submit} noValidate>
        {formError && (
          <Alert color="red" role="alert" mb="sm">
            {formError}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <PasswordInput
            label={t('currentPassword')}
            autoComplete="current-password"
            withAsterisk
            {...form.getInputProps('currentPassword')}
          />
          <PasswordInput
            label={t('newPassword')}
            description={t('newPasswordHint')}
            autoComplete="new-password"
            withAsterisk
            {...form.getInputProps('newPassword')}
          />
          <PasswordInput
            label={t('repeatPassword')}
            autoComplete="new-password"
            withAsterisk
            {...form.getInputProps('repeat')}
          />
        </SimpleGrid>
        <Group justify="flex-end" mt="md">
          <Button type="submit" loading={change.isPending}>
            {t('changePassword')}
          </Button>
        </Group>
      </form>
    </Card>
  );
}
