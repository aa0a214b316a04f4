import { ActionIcon, Button, Card, Group, Kbd, Stack, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPin, IconPlayerPlayFilled, IconX } from '@tabler/icons-react';
import type { FavouriteResponse, RecentCombination } from '@timetracker/contracts';
import { useEffect, useRef } from 'react';

import { describeError } from '@/lib/api-client';

import { useRecentCombinations, useStartTimer } from '@/lib/time-queries';

import { useFavourites, usePinCombination, useStartFavourite, useUnpinFavourite } from '../api/favourites';

/** Alt+Shift+1..9 anywhere on the dashboard starts favourite 1..9 of the strip. */
export const FAVOURITE_SHORTCUT = { altKey: true, shiftKey: true, codes: /^Digit([1-9])$/ } as const;

const label = (c: { projectName: string; taskName: string | null; notes: string | null; tags: string[] }) =>
  [c.projectName, c.taskName, c.notes, ...c.tags.map((t) => `#${t}`)].filter(Boolean).join(' · ');

const failed = (error: unknown) =>
  notifications.show({ color: 'red', title: 'Timer not started', message: describeError(error) });

/**
 * The user's pinned combinations (click to start a timer, Alt+Shift+N for the Nth) and, below,
 * their recent ones to start or pin. Buttons wrap, so the strip works at phone width.
 */
export function FavouritesStrip() {
  const favourites = useFavourites();
  const recent = useRecentCombinations(5);
  const start = useStartFavourite();
  const startCombination = useStartTimer();
  const pin = usePinCombination();
  const unpin = useUnpinFavourite();
  const items = favourites.data ?? [];

  const startFavourite = (f: FavouriteResponse) =>
    start.mutate(f.id, {
      onSuccess: () => notifications.show({ color: 'teal', message: `Timer started: ${label(f)}` }),
      onError: failed,
    });

  const latest = useRef({ items, startFavourite, busy: start.isPending });
  latest.current = { items, startFavourite, busy: start.isPending };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return;
      const match = FAVOURITE_SHORTCUT.codes.exec(event.code);
      if (!match) return;
      const favourite = latest.current.items[Number(match[1]) - 1];
      if (!favourite) return;
      event.preventDefault();
      if (!latest.current.busy) latest.current.startFavourite(favourite);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const pinnedKeys = new Set(items.map(comboKey));
  const recentOnly = (recent.data ?? []).filter((c) => !pinnedKeys.has(comboKey(c)));
  if (items.length === 0 && recentOnly.length === 0) return null;

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="favourites-heading">
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h5" id="favourites-heading">
            Favourites
          </Title>
          {items.length > 0 && (
            <Text size="xs" c="dimmed">
              <Kbd size="xs">Alt</Kbd> + <Kbd size="xs">Shift</Kbd> + <Kbd size="xs">1</Kbd>…
              <Kbd size="xs">9</Kbd> starts one
            </Text>
          )}
        </Group>
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            Pin an entry or a recent combination to start it in one click.
          </Text>
        ) : (
          <Group gap="xs" data-testid="favourites">
            {items.map((f, i) => (
              <Group key={f.id} gap={0} wrap="nowrap" style={{ maxWidth: '100%' }}>
                <Button
                  size="xs"
                  variant="light"
                  color="teal"
                  leftSection={<IconPlayerPlayFilled size={12} />}
                  onClick={() => startFavourite(f)}
                  aria-label={`Start favourite ${i + 1}: ${label(f)}`}
                  styles={{
                    root: { maxWidth: '16rem' },
                    label: { overflow: 'hidden', textOverflow: 'ellipsis' },
                  }}
                >
                  {i < 9 ? `${i + 1}. ` : ''}
                  {label(f)}
                </Button>
                <ActionIcon
                  size="md"
                  variant="subtle"
                  color="gray"
                  aria-label={`Unpin favourite ${i + 1}`}
                  onClick={() => unpin.mutate(f.id)}
                >
                  <IconX size={14} />
                </ActionIcon>
              </Group>
            ))}
          </Group>
        )}
        {recentOnly.length > 0 && (
          <>
            <Text size="xs" c="dimmed" id="recent-combinations-heading">
              Recent
            </Text>
            <Group gap="xs" aria-labelledby="recent-combinations-heading" role="group">
              {recentOnly.map((c) => (
                <Group key={comboKey(c)} gap={0} wrap="nowrap" style={{ maxWidth: '100%' }}>
                  <Button
                    size="xs"
                    variant="default"
                    leftSection={<IconPlayerPlayFilled size={12} />}
                    aria-label={`Start recent: ${label(c)}`}
                    styles={{
                      root: { maxWidth: '16rem' },
                      label: { overflow: 'hidden', textOverflow: 'ellipsis' },
                    }}
                    onClick={() =>
                      startCombination.mutate(
                        {
                          projectId: c.projectId,
                          taskId: c.taskId,
                          notes: c.notes,
                          tags: c.tags,
                          billable: c.billable,
                        },
                        {
                          onSuccess: () =>
                            notifications.show({ color: 'teal', message: `Timer started: ${label(c)}` }),
                          onError: failed,
                        },
                      )
                    }
                  >
                    {label(c)}
                  </Button>
                  <Tooltip label="Pin as favourite">
                    <ActionIcon
                      size="md"
                      variant="subtle"
                      color="yellow"
                      aria-label={`Pin recent: ${label(c)}`}
                      onClick={() =>
                        pin.mutate(c, {
                          onError: (error) =>
                            notifications.show({
                              color: 'red',
                              title: 'Not pinned',
                              message: describeError(error),
                            }),
                        })
                      }
                    >
                      <IconPin size={14} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              ))}
            </Group>
          </>
        )}
      </Stack>
    </Card>
  );
}

function comboKey(c: FavouriteResponse | RecentCombination): string {
  return JSON.stringify([c.projectId, c.taskId, c.notes ?? '', c.tags.join(',')]);
}
