import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
} from '@dnd-kit/core';
import {
  arrayMove,
  rectSortingStrategy,
  SortableContext,
  sortableKeyboardCoordinates,
} from '@dnd-kit/sortable';
import { ActionIcon, Button, Card, Group, Kbd, Stack, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPin, IconPlayerPlayFilled } from '@tabler/icons-react';
import type { FavouriteResponse, RecentCombination } from '@timetracker/contracts';
import { useEffect, useRef, useState } from 'react';

import { describeError } from '@/lib/api-client';

import { useRecentCombinations, useStartTimer } from '@/lib/time-queries';

import {
  useFavourites,
  usePinCombination,
  useReorderFavourites,
  useStartFavourite,
  useUnpinFavourite,
} from '../api/favourites';

import { FavouriteChip } from './favourite-chip';

/** Alt+Shift+1..9 anywhere on the dashboard starts favourite 1..9 of the strip. */
export const FAVOURITE_SHORTCUT = { altKey: true, shiftKey: true, codes: /^Digit([1-9])$/ } as const;

const label = (c: { projectName: string; taskName: string | null; notes: string | null; tags: string[] }) =>
  [c.projectName, c.taskName, c.notes, ...c.tags.map((t) => `#${t}`)].filter(Boolean).join(' · ');

const failed = (error: unknown) =>
  notifications.show({ color: 'red', title: 'Timer not started', message: describeError(error) });

/**
 * The user's pinned combinations (click to start a timer, Alt+Shift+N for the Nth; drag by the
 * handle, or Reorder's buttons, to change their order) and, below, their recent ones to start or
 * pin. Buttons wrap, so the strip works at phone width.
 */
export function FavouritesStrip() {
  const favourites = useFavourites();
  const recent = useRecentCombinations(5);
  const start = useStartFavourite();
  const startCombination = useStartTimer();
  const pin = usePinCombination();
  const unpin = useUnpinFavourite();
  const reorder = useReorderFavourites();
  const [reordering, setReordering] = useState(false);
  const items = favourites.data ?? [];
  // A small move first, so that a click on the handle is not a drag.
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const move = (from: number, to: number) => {
    if (from === to || to < 0 || to >= items.length) return;
    reorder.mutate(
      arrayMove(items, from, to).map((f) => f.id),
      {
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Order not saved', message: describeError(error) }),
      },
    );
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over) return;
    move(
      items.findIndex((f) => f.id === active.id),
      items.findIndex((f) => f.id === over.id),
    );
  };
  const named = (id: number | string) => {
    const i = items.findIndex((f) => f.id === id);
    return i < 0 ? 'the favourite' : `favourite ${i + 1}, ${label(items[i]!)}`;
  };
  const place = (id: number | string | undefined) => items.findIndex((f) => f.id === id) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${named(active.id)}.`,
    // Not over itself: at the pick-up, that would talk over "Picked up".
    onDragOver: ({ active, over }) =>
      over && over.id !== active.id ? `Now at place ${place(over.id)} of ${items.length}.` : undefined,
    onDragEnd: ({ active, over }) =>
      over ? `Dropped ${named(active.id)} at place ${place(over.id)}.` : `Dropped ${named(active.id)}.`,
    onDragCancel: ({ active }) => `Put ${named(active.id)} back.`,
  };

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
          <Group gap="xs">
            {items.length > 0 && (
              <Text size="xs" c="dimmed" className="keyboard-only">
                <Kbd size="xs">Alt</Kbd> + <Kbd size="xs">Shift</Kbd> + <Kbd size="xs">1</Kbd>…
                <Kbd size="xs">9</Kbd> starts one
              </Text>
            )}
            {items.length > 1 && (
              <Button
                size="compact-xs"
                variant={reordering ? 'filled' : 'subtle'}
                aria-pressed={reordering}
                onClick={() => setReordering((on) => !on)}
              >
                {reordering ? 'Done' : 'Reorder'}
              </Button>
            )}
          </Group>
        </Group>
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            Pin an entry or a recent combination to start it in one click.
          </Text>
        ) : (
          <DndContext
            sensors={sensors}
            collisionDetection={closestCenter}
            onDragEnd={onDragEnd}
            accessibility={{
              announcements,
              screenReaderInstructions: {
                draggable:
                  'To move a favourite, press Space, then the arrow keys, then Space again to drop it, or Escape to cancel.',
              },
            }}
          >
            <SortableContext items={items.map((f) => f.id)} strategy={rectSortingStrategy}>
              <Group gap="xs" data-testid="favourites">
                {items.map((f, i) => (
                  <FavouriteChip
                    key={f.id}
                    favourite={f}
                    index={i}
                    count={items.length}
                    label={label(f)}
                    reordering={reordering}
                    onStart={() => startFavourite(f)}
                    onUnpin={() => unpin.mutate(f.id)}
                    onMove={(to) => move(i, to)}
                  />
                ))}
              </Group>
            </SortableContext>
          </DndContext>
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
