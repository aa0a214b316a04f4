import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { LoginSchema } from '@timetracker/contracts';
import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';

import { ApiError, describeError } from '@/lib/api-client';
import { schemaErrors } from '@/lib/form';
import { useSession } from '@/lib/session';

import { useAuthOptions } from '../api/auth-options';
import { AuthCard } from './auth-card';

/** Only paths of this app: an attacker's ?next=https://… must not send anyone away. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const { user, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const options = useAuthOptions();
  const form = useForm({
    initialValues: { username: '', password: '' },
    validate: (values) => {
      const errors = schemaErrors(LoginSchema, values);
      if (errors.username) errors.username = 'Enter your username';
      if (errors.password) errors.password = 'Enter your password';
      return errors;
    },
  });

  if (user && !submitting) return <Navigate to={next} replace />;

  const submit = form.onSubmit(async (values) => {
    setError(null);
    setSubmitting(true);
    try {
      await signIn(values);
      void navigate(next, { replace: true });
    } catch (e) {
      setSubmitting(false);
      if (e instanceof ApiError && e.status === 401) setError('Wrong username or password.');
      else if (e instanceof ApiError && e.status === 429)
        setError('Too many attempts. Wait a minute, then try again.');
      else setError(describeError(e));
    }
  });

  return (
    <AuthCard title="Sign in">
      {params.get('expired') && !error && (
        <Alert color="yellow" role="status">
          Your session has ended. Sign in again to go on where you were.
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
            label="Username"
            autoComplete="username"
            autoFocus
            required
            {...form.getInputProps('username')}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={submitting} fullWidth mt="xs">
            Sign in
          </Button>
        </Stack>
      </form>
      {options.data?.allowSelfRegister ? (
        <Text size="sm" c="dimmed" ta="center">
          No account?{' '}
          <Anchor component={Link} to="/sign-up">
            Sign up
          </Anchor>
        </Text>
      ) : (
        options.isSuccess && (
          <Text size="sm" c="dimmed" ta="center">
            No account? Ask an administrator for one.
          </Text>
        )
      )}
    </AuthCard>
  );
}
