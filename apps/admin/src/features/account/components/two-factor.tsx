import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Image,
  Modal,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TwoFactorEnrolmentResponse } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError, describeError } from '@/lib/api-client';
import { formatDateTime } from '@/lib/format';
import { useSession } from '@/lib/session';

import {
  useConfirmTwoFactor,
  useDisableTwoFactor,
  useNewRecoveryCodes,
  useStartTwoFactor,
  useTwoFactorStatus,
} from '../api/account';

function codeError(t: (key: 'wrongCode' | 'tooMany') => string, error: unknown): string {
  if (error instanceof ApiError && error.status === 429) return t('tooMany');
  if (error instanceof ApiError && (error.status === 400 || error.status === 403)) return t('wrongCode');
  return describeError(error);
}

/** The ten codes, shown once: copy, download, then "saved". */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation('twoFactor');
  const text = codes.join('\n');
  const download = () => {
    const url = URL.createObjectURL(new Blob([`${text}\n`], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'timetracker-recovery-codes.txt';
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        {t('recoveryTitle')}
      </Title>
      <Text size="sm">{t('recoveryIntro')}</Text>
      <SimpleGrid cols={2} spacing="xs" data-testid="recovery-codes">
        {codes.map((c) => (
          <Code key={c} fz="md">
            {c}
          </Code>
        ))}
      </SimpleGrid>
      <Group>
        <CopyButton value={text}>
          {({ copied, copy }) => (
            <Button variant="light" onClick={copy}>
              {copied ? t('copied') : t('copy')}
            </Button>
          )}
        </CopyButton>
        <Button variant="light" onClick={download}>
          {t('download')}
        </Button>
        <Button onClick={onDone}>{t('done')}</Button>
      </Group>
    </Stack>
  );
}

/** Set-up: a QR code and its key, a code to confirm, then the recovery codes. */
export function TwoFactorEnrolment({ onDone, onCancel }: { onDone: () => void; onCancel?: () => void }) {
  const { t } = useTranslation('twoFactor');
  const start = useStartTwoFactor();
  const confirm = useConfirmTwoFactor();
  const [enrolment, setEnrolment] = useState<TwoFactorEnrolmentResponse | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);

  if (codes) return <RecoveryCodes codes={codes} onDone={onDone} />;
  if (!enrolment) {
    return (
      <Stack gap="sm" align="flex-start">
        {start.error && (
          <Alert color="red" role="alert">
            {describeError(start.error)}
          </Alert>
        )}
        <Button
          loading={start.isPending}
          onClick={() => start.mutate(undefined, { onSuccess: setEnrolment })}
        >
          {t('setUp')}
        </Button>
      </Stack>
    );
  }
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    confirm.mutate(code.trim(), {
      onSuccess: (result) => setCodes(result.recoveryCodes),
      onError: (e) => setError(codeError(t, e)),
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm">{t('scanQr')}</Text>
        <Image src={enrolment.qrCodeDataUrl} alt={t('qrAlt')} w={200} h={200} />
        <Text size="sm">{t('secretLabel')}</Text>
        <Code fz="md" data-testid="totp-secret">
          {enrolment.secret}
        </Code>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <TextInput
          label={t('code')}
          description={t('codeHint')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          w={200}
        />
        <Group>
          <Button type="submit" loading={confirm.isPending}>
            {t('confirm')}
          </Button>
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('cancel')}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}

/** Asks for the password before turning the factor off or making new recovery codes. */
function PasswordProof({
  opened,
  pending,
  error,
  onSubmit,
  onClose,
}: {
  opened: boolean;
  pending: boolean;
  error: string | null;
  onSubmit: (password: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('twoFactor');
  const [password, setPassword] = useState('');
  return (
    <Modal opened={opened} onClose={onClose} title={t('proofTitle')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit(password);
        }}
      >
        <Stack gap="sm">
          <Text size="sm">{t('proofIntro')}</Text>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <PasswordInput
            label={t('password')}
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('cancel')}
            </Button>
            <Button type="submit" loading={pending}>
              {t('continue')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The Account page's card: status, set-up, new recovery codes, turning it off. */
export function TwoFactorSection() {
  const { t } = useTranslation('twoFactor');
  const { preferences } = useSession();
  const status = useTwoFactorStatus();
  const disable = useDisableTwoFactor();
  const regenerate = useNewRecoveryCodes();
  /** Bumped after a set-up, so a later one starts afresh. */
  const [enrolments, setEnrolments] = useState(0);
  const [proofFor, setProofFor] = useState<'off' | 'codes' | null>(null);
  const [proofError, setProofError] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);

  const proofFailed = (e: unknown) =>
    setProofError(
      e instanceof ApiError && e.status === 403
        ? t('wrongPassword')
        : e instanceof ApiError && e.status === 429
          ? t('tooMany')
          : describeError(e),
    );
  const prove = (password: string) => {
    setProofError(null);
    if (proofFor === 'off') {
      disable.mutate(
        { password },
        {
          onSuccess: () => {
            setProofFor(null);
            notifications.show({ color: 'teal', message: t('turnedOff') });
          },
          onError: proofFailed,
        },
      );
    } else {
      regenerate.mutate(
        { password },
        {
          onSuccess: (r) => {
            setProofFor(null);
            setCodes(r.recoveryCodes);
          },
          onError: proofFailed,
        },
      );
    }
  };

  const s = status.data;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="account-two-factor">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="account-two-factor">
          {t('sectionTitle')}
        </Title>
        {s && (
          <Group gap="xs">
            {s.required && <Badge color="orange">{t('required')}</Badge>}
            <Badge color={s.enabled ? 'teal' : 'gray'}>
              {s.enabled && s.enabledAt
                ? t('statusOn', {
                    date: formatDateTime(s.enabledAt, preferences?.effectiveTimezone ?? 'UTC'),
                  })
                : t('statusOff')}
            </Badge>
          </Group>
        )}
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {t('sectionIntro')}
      </Text>
      {codes ? (
        <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />
      ) : s && !s.enabled ? (
        <TwoFactorEnrolment
          key={enrolments}
          onDone={() => {
            setEnrolments((n) => n + 1);
            void status.refetch();
          }}
        />
      ) : (
        s && (
          <Stack gap="sm">
            <Text size="sm">{t('recoveryLeft', { number: s.recoveryCodesLeft })}</Text>
            <Text size="sm">{t('rememberedDevices', { number: s.rememberedDevices })}</Text>
            <Group>
              <Button variant="light" onClick={() => setProofFor('codes')}>
                {t('newCodes')}
              </Button>
              <Button variant="light" color="red" onClick={() => setProofFor('off')}>
                {t('turnOff')}
              </Button>
            </Group>
          </Stack>
        )
      )}
      <PasswordProof
        opened={proofFor !== null}
        pending={disable.isPending || regenerate.isPending}
        error={proofError}
        onSubmit={prove}
        onClose={() => {
          setProofFor(null);
          setProofError(null);
        }}
      />
    </Card>
  );
}
