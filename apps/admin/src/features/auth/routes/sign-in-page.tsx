import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Divider,
  PasswordInput,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { LoginSchema } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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

/** The reasons the API gives in /sign-in?sso_error=… (docs/sso.md "When sign-in fails"). */
const SSO_ERRORS = [
  'disabled',
  'provider_unavailable',
  'provider_error',
  'state_mismatch',
  'invalid_token',
  'no_account',
  'account_conflict',
  'inactive',
] as const;

function ssoErrorKey(reason: string | null) {
  if (reason === null) return null;
  const known = (SSO_ERRORS as readonly string[]).includes(reason);
  return `errors.${known ? (reason as (typeof SSO_ERRORS)[number]) : 'unknown'}` as const;
}

export function SignInPage() {
  const { t } = useTranslation(['auth', 'passwordReset']);
  const ts = useTranslation('sso').t;
  const { user, signIn, completeSignIn } = useSession();
  const tf = useTranslation('twoFactor').t;
  /** The password was right: the second step is due. */
  const [secondStep, setSecondStep] = useState(false);
  const [code, setCode] = useState('');
  const [remember, setRemember] = useState(false);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const options = useAuthOptions();
  const sso = options.data?.sso;
  const ssoError = ssoErrorKey(params.get('sso_error'));
  const form = useForm({
    initialValues: { username: '', password: '' },
    validate: (values) => {
      const errors = schemaErrors(LoginSchema, values);
      if (errors.username) errors.username = t('enterUsername');
      if (errors.password) errors.password = t('enterPassword');
      return errors;
    },
  });

  if (user && !submitting) return <Navigate to={next} replace />;

  const submit = form.onSubmit(async (values) => {
    setError(null);
    setSubmitting(true);
    try {
      if ((await signIn(values)) === 'second-factor') {
        setSubmitting(false);
        setSecondStep(true);
        return;
      }
      void navigate(next, { replace: true });
    } catch (e) {
      setSubmitting(false);
      if (e instanceof ApiError && e.status === 401) setError(t('wrongCredentials'));
      else if (e instanceof ApiError && e.status === 429) setError(t('tooManyAttempts'));
      else setError(describeError(e));
    }
  });

  const submitCode = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    setSubmitting(true);
    try {
      await completeSignIn({ code: code.trim(), rememberDevice: remember });
      void navigate(next, { replace: true });
    } catch (e) {
      setSubmitting(false);
      if (e instanceof ApiError && e.status === 401 && /password again/.test(e.message)) {
        setSecondStep(false);
        setError(tf('stepExpired'));
      } else if (e instanceof ApiError && e.status === 401) setError(tf('wrongCode'));
      else if (e instanceof ApiError && e.status === 429) setError(t('tooManyAttempts'));
      else setError(describeError(e));
    }
  };

  if (secondStep) {
    return (
      <AuthCard title={tf('secondStepTitle')}>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <form onSubmit={(e) => void submitCode(e)} noValidate>
          <Stack gap="sm">
            <Text size="sm">{tf('secondStepIntro')}</Text>
            <TextInput
              label={tf('codeOrRecovery')}
              autoComplete="one-time-code"
              autoFocus
              required
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
            />
            <Checkbox
              label={tf('rememberDevice')}
              checked={remember}
              onChange={(e) => setRemember(e.currentTarget.checked)}
            />
            <Button type="submit" loading={submitting} fullWidth mt="xs">
              {tf('verify')}
            </Button>
            <Button
              variant="subtle"
              onClick={() => {
                setSecondStep(false);
                setCode('');
                setError(null);
              }}
            >
              {tf('backToPassword')}
            </Button>
          </Stack>
        </form>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={t('signIn')}>
      {params.get('reset') && !error && (
        <Alert color="green" role="status">
          {t('passwordReset:done')}
        </Alert>
      )}
      {params.get('expired') && !error && (
        <Alert color="yellow" role="status">
          {t('sessionEnded')}
        </Alert>
      )}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {ssoError && !error && (
        <Alert color="red" role="alert">
          {ts(ssoError)}
        </Alert>
      )}
      {sso?.enabled && (
        <>
          {/* A navigation, not a fetch: the API redirects the browser to the provider. */}
          <Button component="a" href="/api/v1/auth/sso/start" fullWidth variant="filled">
            {ts('signInWithSso')}
          </Button>
          {sso.ssoOnly && (
            <Text size="sm" c="dimmed">
              {ts('ssoOnly')}
            </Text>
          )}
          <Divider label={ts('or')} labelPosition="center" />
        </>
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('username')}
            autoComplete="username"
            autoFocus
            required
            {...form.getInputProps('username')}
          />
          <PasswordInput
            label={t('password')}
            autoComplete="current-password"
            required
            {...form.getInputProps('password')}
          />
          <Button
            type="submit"
            loading={submitting}
            fullWidth
            mt="xs"
            variant={sso?.enabled ? 'default' : 'filled'}
          >
            {t('signIn')}
          </Button>
        </Stack>
      </form>
      <Text size="sm" ta="center">
        <Anchor component={Link} to="/forgot-password">
          {t('passwordReset:forgotPassword')}
        </Anchor>
      </Text>
      {options.data?.allowSelfRegister ? (
        <Text size="sm" c="dimmed" ta="center">
          {t('noAccount')}{' '}
          <Anchor component={Link} to="/sign-up">
            {t('signUp')}
          </Anchor>
        </Text>
      ) : (
        options.isSuccess && (
          <Text size="sm" c="dimmed" ta="center">
            {t('askAdmin')}
          </Text>
        )
      )}
    </AuthCard>
  );
}
