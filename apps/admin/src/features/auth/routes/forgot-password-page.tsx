import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { PasswordResetRequestSchema } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { ApiError, apiPost } from '@/lib/api-client';
import { applySubmitError, schemaErrors } from '@/lib/form';

import { AuthCard } from './auth-card';

/** "Forgot password?": asks for a reset link by mail; the answer never says whether the account exists. */
export function ForgotPasswordPage() {
  const { t } = useTranslation(['passwordReset', 'auth']);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const form = useForm({
    initialValues: { login: '' },
    validate: (values) => {
      const errors = schemaErrors(PasswordResetRequestSchema, values);
      if (errors.login) errors.login = t('enterLogin');
      return errors;
    },
  });

  const submit = form.onSubmit(async ({ login }) => {
    setError(null);
    setSubmitting(true);
    try {
      await apiPost('/api/v1/auth/password-reset/request', { login });
      setSent(true);
    } catch (e) {
      if (e instanceof ApiError && e.status === 429) setError(t('tooMany'));
      else setError(applySubmitError(e, { setErrors: form.setErrors, fields: ['login'] }));
    } finally {
      setSubmitting(false);
    }
  });

  return (
    <AuthCard title={t('forgotTitle')}>
      {sent ? (
        <Alert color="green" role="status">
          {t('sent')}
        </Alert>
      ) : (
        <>
          <Text size="sm">{t('forgotIntro')}</Text>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              <TextInput
                label={t('login')}
                autoComplete="username"
                required
                {...form.getInputProps('login')}
              />
              <Button type="submit" loading={submitting} fullWidth mt="xs">
                {t('sendLink')}
              </Button>
            </Stack>
          </form>
        </>
      )}
      <Text size="sm" ta="center">
        <Anchor component={Link} to="/sign-in">
          {t('backToSignIn')}
        </Anchor>
      </Text>
    </AuthCard>
  );
}
