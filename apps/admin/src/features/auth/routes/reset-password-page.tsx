import { Alert, Anchor, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { NewPasswordSchema, type PasswordResetResponse } from '@timetracker/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';

import { LoadingState } from '@/components/query-state';
import { ApiError, apiPost } from '@/lib/api-client';
import { applySubmitError } from '@/lib/form';

import { AuthCard } from './auth-card';

/** The mailed link's page (reset or invitation): checks the link, then sets the password. */
export function ResetPasswordPage() {
  const { t } = useTranslation(['passwordReset', 'auth']);
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const check = useQuery({
    queryKey: ['auth', 'password-reset', token],
    queryFn: () => apiPost<PasswordResetResponse>('/api/v1/auth/password-reset/check', { token }),
    enabled: token !== '',
    retry: false,
    staleTime: Infinity,
  });
  const form = useForm({
    initialValues: { password: '', confirm: '' },
    validate: (values) => ({
      ...(NewPasswordSchema.safeParse(values.password).success ? {} : { password: t('auth:passwordHint') }),
      ...(values.confirm !== values.password ? { confirm: t('auth:passwordsDiffer') } : {}),
    }),
  });

  const submit = form.onSubmit(async ({ password }) => {
    setError(null);
    setSubmitting(true);
    try {
      await apiPost('/api/v1/auth/password-reset', { token, password });
      void navigate('/sign-in?reset=1', { replace: true });
    } catch (e) {
      setSubmitting(false);
      if (e instanceof ApiError && e.status === 400 && e.fieldErrors.token !== undefined) {
        setError(t('invalidLink'));
      } else setError(applySubmitError(e, { setErrors: form.setErrors, fields: ['password'] }));
    }
  });

  const invalid = token === '' || check.isError;
  return (
    <AuthCard title={t('resetTitle')}>
      {check.isLoading ? (
        <LoadingState />
      ) : invalid ? (
        <>
          <Alert color="red" role="alert">
            {t('invalidLink')}
          </Alert>
          <Text size="sm" ta="center">
            <Anchor component={Link} to="/forgot-password">
              {t('askNewLink')}
            </Anchor>
          </Text>
        </>
      ) : (
        <>
          <Text size="sm">{t('forAccount', { username: check.data?.username ?? '' })}</Text>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              <PasswordInput
                label={t('newPassword')}
                description={t('auth:passwordHint')}
                autoComplete="new-password"
                required
                {...form.getInputProps('password')}
              />
              <PasswordInput
                label={t('auth:repeatPassword')}
                autoComplete="new-password"
                required
                {...form.getInputProps('confirm')}
              />
              <Button type="submit" loading={submitting} fullWidth mt="xs">
                {t('setPassword')}
              </Button>
            </Stack>
          </form>
        </>
      )}
    </AuthCard>
  );
}
