import { Alert, Button, Card, Group, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { MailSettingsUpdateSchema, type MailSettingsResponse } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { QueryState } from '@/components/query-state';
import { applySubmitError, schemaErrors } from '@/lib/form';

import { useMailSettings, useUpdateMailSettings } from '../api/account';

/** The own address (where every mail goes) and the weekly digest opt-out (docs/email.md). */
export function MailSection() {
  const { t } = useTranslation('accountMail');
  const settings = useMailSettings();
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="account-mail">
      <Title order={2} size="h4" id="account-mail">
        {t('title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('intro')}
      </Text>
      <QueryState query={settings}>{(data) => <MailForm settings={data} />}</QueryState>
    </Card>
  );
}

function MailForm({ settings }: { settings: MailSettingsResponse }) {
  const { t } = useTranslation('accountMail');
  const update = useUpdateMailSettings();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { email: settings.email ?? '', weeklyDigest: settings.weeklyDigest },
    validate: (values) =>
      schemaErrors(MailSettingsUpdateSchema, {
        email: values.email.trim() || null,
        weeklyDigest: values.weeklyDigest,
      }),
  });

  const submit = form.onSubmit((values) => {
    setFormError(null);
    update.mutate(
      { email: values.email.trim() || null, weeklyDigest: values.weeklyDigest },
      {
        onSuccess: (saved) => {
          form.setValues({ email: saved.email ?? '', weeklyDigest: saved.weeklyDigest });
          form.resetDirty({ email: saved.email ?? '', weeklyDigest: saved.weeklyDigest });
          notifications.show({ color: 'teal', message: t('saved') });
        },
        onError: (error) =>
          setFormError(
            applySubmitError(error, { setErrors: form.setErrors, fields: ['email', 'weeklyDigest'] }),
          ),
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <TextInput
          label={t('email')}
          description={t('emailHint')}
          type="email"
          autoComplete="email"
          maw={420}
          {...form.getInputProps('email')}
        />
        <Switch
          label={t('weeklyDigest')}
          description={t('weeklyDigestHint')}
          {...form.getInputProps('weeklyDigest', { type: 'checkbox' })}
        />
        <Group justify="flex-end">
          <Button type="submit" disabled={!form.isDirty()} loading={update.isPending}>
            {t('save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
