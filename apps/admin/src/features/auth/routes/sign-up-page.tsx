import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { RegisterSchema } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';

import { ApiError, apiPost } from '@/lib/api-client';
import { applySubmitError, schemaErrors } from '@/lib/form';
import { useSession } from '@/lib/session';

import { useAuthOptions } from '../api/auth-options';
import { AuthCard } from './auth-card';

export function SignUpPage() {
  const { t } = useTranslation('auth');
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const closed = useAuthOptions().data?.allowSelfRegister === false;
  const form = useForm({
    initialValues: { username: '', password: '', confirm: '' },
    validate: (values) => ({
      ...schemaErrors(RegisterSchema, { username: values.username, password: values.password }),
      ...(values.confirm !== values.password ? { confirm: t('passwordsDiffer') } : {}),
    }),
  });

  const submit = form.onSubmit(async ({ username, password }) => {
    setError(null);
    setSubmitting(true);
    try {
      // Registration does not sign in; doing it here saves a step.
      await apiPost('/api/v1/auth/register', { username, password });
      await signIn({ username, password });
      void navigate('/', { replace: true });
    } catch (e) {
      setSubmitting(false);
      if (e instanceof ApiError && e.status === 403) {
        setError(t('signUpClosed'));
      } else {
        setError(applySubmitError(e, { setErrors: form.setErrors, fields: ['username', 'password'] }));
      }
    }
  });

  return (
    <AuthCard title={t('createAccount')}>
      {closed && !error && (
        <Alert color="yellow" role="status">
          {t('signUpClosed')}
        </Alert>
      )}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('username')}
            description={t('usernameHint')}
            autoComplete="username"
            required
            {...form.getInputProps('username')}
          />
          <PasswordInput
            label={t('password')}
            description={t('passwordHint')}
            autoComplete="new-password"
            required
            {...form.getInputProps('password')}
          />
          <PasswordInput
            label={t('repeatPassword')}
            autoComplete="new-password"
            required
            {...form.getInputProps('confirm')}
          />
          <Button type="submit" loading={submitting} fullWidth mt="xs">
            {t('signUp')}
          </Button>
        </Stack>
      </form>
      <Text size="sm" c="dimmed" ta="center">
        {t('haveAccount')}{' '}
        <Anchor component={Link} to="/sign-in">
          {t('signIn')}
        </Anchor>
      </Text>
    </AuthCard>
  );
}
