import { Anchor, Button, Card, Group, List, Progress, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCheck, IconCircleDashed } from '@tabler/icons-react';
import type { SetupItemKey } from '@timetracker/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { useSession } from '@/lib/session';

import { useDismissSetup, useSetup } from '../api/setup';

// Each item's label is the catalog key of the same name.
const ITEMS: Record<SetupItemKey, { to: string; action: 'fillIn' | 'check' | 'decide' | 'add' }> = {
  company: { to: '/settings#settings-company', action: 'fillIn' },
  timezone: { to: '/settings#settings-region', action: 'check' },
  currency: { to: '/settings#settings-region', action: 'check' },
  signUp: { to: '/settings#settings-access-and-privacy', action: 'decide' },
  client: { to: '/clients', action: 'add' },
  project: { to: '/projects', action: 'add' },
};

/**
 * What an admin still has to set up on a fresh install, each item ticked when done and linking
 * to where it is done. It can be put away only once everything is done.
 */
export function SetupChecklist() {
  const { t } = useTranslation('setup');
  const { isAdmin } = useSession();
  const setup = useSetup(isAdmin);
  const dismiss = useDismissSetup();
  if (!isAdmin || !setup.data?.show) return null;
  const { items, complete } = setup.data;
  const done = items.filter((i) => i.done).length;
  // The server's words for a state are English; the values (a name, a zone, a currency) are not.
  const detail = (item: (typeof items)[number]): string => {
    switch (item.key) {
      case 'company':
        return item.done ? item.detail : t('placeholders');
      case 'signUp':
        return item.detail === 'Open' ? t('open') : t('closed');
      case 'client':
        return item.done ? t('added') : t('exampleClient');
      case 'project':
        return item.done ? t('added') : t('exampleProject');
      default:
        return item.detail;
    }
  };
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="setup-checklist">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <div>
          <Title order={2} size="h4" id="setup-checklist">
            {complete ? t('allSet') : t('title')}
          </Title>
          <Text size="sm" c="dimmed">
            {complete ? t('allDone') : t('intro')}
          </Text>
        </div>
        {complete && (
          <Button variant="light" loading={dismiss.isPending} onClick={() => dismiss.mutate()}>
            {t('hide')}
          </Button>
        )}
      </Group>
      <Progress
        value={(done / items.length) * 100}
        mt="sm"
        aria-label={t('progress', { done, total: items.length })}
      />
      <List spacing="xs" mt="md" center listStyleType="none">
        {items.map((item) => {
          const meta = ITEMS[item.key];
          return (
            <List.Item
              key={item.key}
              data-done={item.done}
              icon={
                <ThemeIcon
                  color={item.done ? 'teal' : 'gray'}
                  variant={item.done ? 'filled' : 'light'}
                  size={22}
                  radius="xl"
                >
                  {item.done ? (
                    <IconCheck size={14} aria-label={t('done')} />
                  ) : (
                    <IconCircleDashed size={14} aria-label={t('toDo')} />
                  )}
                </ThemeIcon>
              }
            >
              <Group gap="xs" wrap="wrap">
                <Text size="sm" fw={500}>
                  {t(item.key)}
                </Text>
                <Text size="sm" c="dimmed">
                  {detail(item)}
                </Text>
                {!item.done && (
                  <Anchor component={Link} to={meta.to} size="sm">
                    {t(meta.action)}
                  </Anchor>
                )}
              </Group>
            </List.Item>
          );
        })}
      </List>
    </Card>
  );
}
