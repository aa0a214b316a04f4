import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { AccountSessionResponse } from '@timetracker/contracts';
import { useTranslation } from 'react-i18next';

import { QueryState } from '@/components/query-state';
import { i18n } from '@/i18n/i18n';
import { describeError } from '@/lib/api-client';
import { formatDateTime } from '@/lib/format';
import { useLocale } from '@/lib/settings';

import { useAccountSessions, useEndOtherSessions, useEndSession } from '../api/account';

/** "Firefox on Linux" from a user agent: enough to recognise one's own devices. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return i18n.t('account:unknownBrowser');
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrome\/|Chromium\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : /curl|node|python|undici/i.test(userAgent)
            ? i18n.t('account:aScript')
            : i18n.t('account:aBrowser');
  const system = /iPhone|iPad/.test(userAgent)
    ? 'iOS'
    : /Android/.test(userAgent)
      ? 'Android'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  return system ? i18n.t('account:browserOn', { browser, system }) : browser;
}

/** Where the person is signed in; any other session can be signed out. */
export function SessionsList() {
  const { t } = useTranslation('account');
  const { timezone } = useLocale();
  const sessions = useAccountSessions();
  const end = useEndSession();
  const endOthers = useEndOtherSessions();
  const others = (sessions.data ?? []).filter((s) => !s.current).length;

  const signOut = (s: AccountSessionResponse) =>
    end.mutate(s.id, {
      onSuccess: () =>
        notifications.show({
          color: 'teal',
          message: t('deviceSignedOut', { device: describeDevice(s.userAgent) }),
        }),
      onError: (error) => notifications.show({ color: 'red', message: describeError(error) }),
    });

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="account-sessions">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <div>
          <Title order={2} size="h4" id="account-sessions">
            {t('sessionsTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('sessionsIntro')}
          </Text>
        </div>
        <Button
          variant="light"
          color="red"
          disabled={others === 0}
          loading={endOthers.isPending}
          onClick={() =>
            endOthers.mutate(undefined, {
              onSuccess: (r) =>
                notifications.show({
                  color: 'teal',
                  message: t('signedOutOthers', { count: r.endedSessions }),
                }),
            })
          }
        >
          {t('signOutOthers')}
        </Button>
      </Group>
      <QueryState query={sessions}>
        {(items) => (
          <Stack gap="xs" mt="md" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {items.map((s) => (
              <Card
                key={s.id}
                withBorder
                padding="sm"
                component="li"
                aria-label={describeDevice(s.userAgent)}
              >
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <div>
                    <Group gap="xs">
                      <Text fw={600} title={s.userAgent ?? undefined}>
                        {describeDevice(s.userAgent)}
                      </Text>
                      {s.current && <Badge variant="light">{t('thisDevice')}</Badge>}
                    </Group>
                    <Text size="sm" c="dimmed">
                      {t('sessionTimes', {
                        signedIn: formatDateTime(s.createdAt, timezone),
                        lastActive: formatDateTime(s.lastSeenAt, timezone),
                      })}
                      {s.ip ? ` · ${s.ip}` : ''}
                    </Text>
                  </div>
                  {!s.current && (
                    <Button size="xs" variant="subtle" color="red" onClick={() => signOut(s)}>
                      {t('signOut')}
                    </Button>
                  )}
                </Group>
              </Card>
            ))}
          </Stack>
        )}
      </QueryState>
    </Card>
  );
}
