import { Alert, Button, Card, Code, CopyButton, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '@/lib/api-client';
import { formatDateTime } from '@/lib/format';
import { useLocale } from '@/lib/settings';

import { useCalendarFeed, useCreateCalendarFeed, useRevokeCalendarFeed } from '../api/account';

/**
 * The private calendar feed (docs/calendar-feed.md): a secret URL of the person's entries for any
 * calendar app. The URL is shown once, when made; hidden entirely when an admin turned feeds off.
 */
export function CalendarFeedSection() {
  const { t } = useTranslation('calendarFeed');
  const { timezone } = useLocale();
  const feed = useCalendarFeed();
  const create = useCreateCalendarFeed();
  const revoke = useRevokeCalendarFeed();
  const [url, setUrl] = useState<string | null>(null);

  if (!feed.data?.available) return null;
  const { active, createdAt, lastUsedAt } = feed.data;
  const onError = (error: unknown) => notifications.show({ color: 'red', message: describeError(error) });
  const make = () =>
    create.mutate(undefined, {
      onSuccess: (r) => setUrl(new URL(r.path, window.location.origin).toString()),
      onError,
    });
  const turnOff = () =>
    revoke.mutate(undefined, {
      onSuccess: () => {
        setUrl(null);
        notifications.show({ color: 'teal', message: t('turnedOff') });
      },
      onError,
    });

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="calendar-feed">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id="calendar-feed">
            {t('title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('intro')}
          </Text>
        </div>
        {url && (
          <Alert color="teal" title={t('urlTitle')}>
            <Stack gap="xs">
              <Text size="sm">{t('urlOnce')}</Text>
              <Code
                block
                style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap', minWidth: 0 }}
                data-testid="calendar-feed-url"
              >
                {url}
              </Code>
              <Group>
                <CopyButton value={url}>
                  {({ copied, copy }) => (
                    <Button variant="light" onClick={copy}>
                      {copied ? t('copied') : t('copy')}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            </Stack>
          </Alert>
        )}
        {active ? (
          <Text size="sm" data-testid="calendar-feed-status">
            {t('onSince', { date: formatDateTime(createdAt!, timezone) })}{' '}
            {lastUsedAt
              ? t('lastFetched', { date: formatDateTime(lastUsedAt, timezone) })
              : t('neverFetched')}
          </Text>
        ) : (
          <Text size="sm" data-testid="calendar-feed-status">
            {t('off')}
          </Text>
        )}
        <Group gap="xs">
          {active ? (
            <>
              <Button variant="light" loading={create.isPending} onClick={make}>
                {t('regenerate')}
              </Button>
              <Button variant="subtle" color="red" loading={revoke.isPending} onClick={turnOff}>
                {t('turnOff')}
              </Button>
            </>
          ) : (
            <Button loading={create.isPending} onClick={make}>
              {t('turnOn')}
            </Button>
          )}
        </Group>
        {active && !url && (
          <Text size="xs" c="dimmed">
            {t('regenerateHint')}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
