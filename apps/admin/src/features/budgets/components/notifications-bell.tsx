import { ActionIcon, Button, Indicator, Popover, Stack, Text } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

import { formatDateTime } from '@/lib/format';
import { useSession } from '@/lib/session';
import { useLocale } from '@/lib/settings';

import { useBudgetNotifications, useMarkNotificationsRead } from '../api/budgets';

/**
 * The bell in the header of admins and team leads (docs/budgets.md): budgets that crossed a
 * threshold (a lead's: their teams' projects), their own unread ones counted.
 */
export function NotificationsBell() {
  const { t } = useTranslation('budgets');
  const { user } = useSession();
  const { timezone } = useLocale();
  const receives = user?.role === 'admin' || user?.role === 'manager';
  const notifications = useBudgetNotifications(receives);
  const markRead = useMarkNotificationsRead();
  if (!receives) return null;
  const unread = notifications.data?.unread ?? 0;
  return (
    <Popover width={320} position="bottom-end" shadow="md">
      <Popover.Target>
        <Indicator label={unread} size={16} disabled={unread === 0} offset={4}>
          <ActionIcon variant="subtle" size="lg" aria-label={t('notifications', { count: unread })}>
            <IconBell size={20} stroke={1.6} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" data-testid="budget-notifications">
          {(notifications.data?.items ?? []).length === 0 && (
            <Text size="sm" c="dimmed">
              {t('noNotifications')}
            </Text>
          )}
          {(notifications.data?.items ?? []).map((n) => (
            <Stack key={n.id} gap={0} opacity={n.readAt ? 0.6 : 1}>
              <Text size="sm" fw={n.readAt ? 400 : 600}>
                {t('reached', { name: n.name, threshold: n.threshold })}
              </Text>
              <Text size="xs" c="dimmed">
                {formatDateTime(n.raisedAt, timezone)}
              </Text>
            </Stack>
          ))}
          {unread > 0 && (
            <Button
              size="xs"
              variant="light"
              loading={markRead.isPending}
              onClick={() => markRead.mutate(undefined)}
            >
              {t('markAllRead')}
            </Button>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
