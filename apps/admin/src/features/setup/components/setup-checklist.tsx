import { Anchor, Button, Card, Group, List, Progress, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCheck, IconCircleDashed } from '@tabler/icons-react';
import type { SetupItemKey } from '@timetracker/contracts';
import { Link } from 'react-router';

import { useSession } from '@/lib/session';

import { useDismissSetup, useSetup } from '../api/setup';

const ITEMS: Record<SetupItemKey, { label: string; to: string; action: string }> = {
  company: { label: 'Company name and address', to: '/settings#settings-company', action: 'Fill in' },
  timezone: { label: 'Time zone', to: '/settings#settings-region', action: 'Check' },
  currency: { label: 'Currency', to: '/settings#settings-region', action: 'Check' },
  signUp: {
    label: 'Whether people may sign up',
    to: '/settings#settings-access-and-privacy',
    action: 'Decide',
  },
  client: { label: 'Your first client', to: '/clients', action: 'Add' },
  project: { label: 'Your first project', to: '/projects', action: 'Add' },
};

/**
 * What an admin still has to set up on a fresh install, each item ticked when done and linking
 * to where it is done. It can be put away only once everything is done.
 */
export function SetupChecklist() {
  const { isAdmin } = useSession();
  const setup = useSetup(isAdmin);
  const dismiss = useDismissSetup();
  if (!isAdmin || !setup.data?.show) return null;
  const { items, complete } = setup.data;
  const done = items.filter((i) => i.done).length;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="setup-checklist">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <div>
          <Title order={2} size="h4" id="setup-checklist">
            {complete ? 'All set up' : 'Set up TimeTracker'}
          </Title>
          <Text size="sm" c="dimmed">
            {complete
              ? 'Everything on the list is done.'
              : 'A few things to do before your team starts. Invoices cannot be printed until the company details are filled in.'}
          </Text>
        </div>
        {complete && (
          <Button variant="light" loading={dismiss.isPending} onClick={() => dismiss.mutate()}>
            Hide this list
          </Button>
        )}
      </Group>
      <Progress value={(done / items.length) * 100} mt="sm" aria-label={`${done} of ${items.length} done`} />
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
                    <IconCheck size={14} aria-label="Done" />
                  ) : (
                    <IconCircleDashed size={14} aria-label="To do" />
                  )}
                </ThemeIcon>
              }
            >
              <Group gap="xs" wrap="wrap">
                <Text size="sm" fw={500}>
                  {meta.label}
                </Text>
                <Text size="sm" c="dimmed">
                  {item.detail}
                </Text>
                {!item.done && (
                  <Anchor component={Link} to={meta.to} size="sm">
                    {meta.action}
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
