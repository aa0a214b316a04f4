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
import { Trans, useTranslation } from 'react-i18next';

import { i18n } from '@/i18n/i18n';
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
import { FavouriteEditModal } from './favourite-edit';

/** Alt+Shift+1..9 anywhere on the dashboard starts favourite 1..9 of the strip. */
export const FAVOURITE_SHORTCUT = { altKey: true, shiftKey: true, codes: /^Digit([1-9])$/ } as const;

const label = (c: { projectName: string; taskName: string | null; notes: string | null; tags: string[] }) =>
  [c.projectName, c.taskName, c.notes, ...c.tags.map((t) => `#${t}`)].filter(Boolean).join(' · ');

const failed = (error: unknown) =>
  notifications.show({ color: 'red', title: i18n.t('favourites:notStarted'), message: describeError(error) });

/**
 * The user's pinned combinations (click to start a timer, Alt+Shift+N for the Nth; drag by the
 * handle, or Reorder's buttons, to change their order) and, below, their recent ones to start or
 * pin. Buttons wrap, so the strip works at phone width.
 */
export function FavouritesStrip() {
  const { t } = useTranslation('favourites');
  const favourites = useFavourites();
  const recent = useRecentCombinations(5);
  const start = useStartFavourite();
  const startCombination = useStartTimer();
  const pin = usePinCombination();
  const unpin = useUnpinFavourite();
  const reorder = useReorderFavourites();
  const [reordering, setReordering] = useState(false);
  const [editing, setEditing] = useState<FavouriteResponse | null>(null);
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
          notifications.show({ color: 'red', title: t('orderNotSaved'), message: describeError(error) }),
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
    return i < 0 ? t('dnd.theFavourite') : t('dnd.favourite', { n: i + 1, label: label(items[i]!) });
  };
  const place = (id: number | string | undefined) => items.findIndex((f) => f.id === id) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('dnd.pickedUp', { what: named(active.id) }),
    // Not over itself: at the pick-up, that would talk over "Picked up".
    onDragOver: ({ active, over }) =>
      over && over.id !== active.id
        ? t('dnd.over', { place: place(over.id), total: items.length })
        : undefined,
    onDragEnd: ({ active, over }) =>
      over
        ? t('dnd.droppedAt', { what: named(active.id), place: place(over.id) })
        : t('dnd.dropped', { what: named(active.id) }),
    onDragCancel: ({ active }) => t('dnd.cancelled', { what: named(active.id) }),
  };

  const startFavourite = (f: FavouriteResponse) =>
    start.mutate(f.id, {
      onSuccess: () => notifications.show({ color: 'teal', message: t('started', { what: label(f) }) }),
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
            {t('title')}
          </Title>
          <Group gap="xs">
            {items.length > 0 && (
              <Text size="xs" c="dimmed" className="keyboard-only">
                <Trans
                  t={t}
                  i18nKey="shortcut"
                  components={{
                    alt: <Kbd size="xs" />,
                    shift: <Kbd size="xs" />,
                    first: <Kbd size="xs" />,
                    last: <Kbd size="xs" />,
                  }}
                />
              </Text>
            )}
            {items.length > 1 && (
              <Button
                size="compact-xs"
                variant={reordering ? 'filled' : 'subtle'}
                aria-pressed={reordering}
                onClick={() => setReordering((on) => !on)}
              >
                {reordering ? t('done') : t('reorder')}
              </Button>
            )}
          </Group>
        </Group>
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('empty')}
          </Text>
        ) : (
          <DndContext
            sensors={sensors}
            collisionDetection={closestCenter}
            onDragEnd={onDragEnd}
            accessibility={{
              announcements,
              screenReaderInstructions: {
                draggable: t('dnd.instructions'),
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
                    onEdit={() => setEditing(f)}
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
              {t('recent')}
            </Text>
            <Group gap="xs" aria-labelledby="recent-combinations-heading" role="group">
              {recentOnly.map((c) => (
                <Group key={comboKey(c)} gap={0} wrap="nowrap" style={{ maxWidth: '100%' }}>
                  <Button
                    size="xs"
                    variant="default"
                    leftSection={<IconPlayerPlayFilled size={12} />}
                    aria-label={t('startRecent', { label: label(c) })}
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
                            notifications.show({ color: 'teal', message: t('started', { what: label(c) }) }),
                          onError: failed,
                        },
                      )
                    }
                  >
                    {label(c)}
                  </Button>
                  <Tooltip label={t('pin')}>
                    <ActionIcon
                      size="md"
                      variant="subtle"
                      color="yellow"
                      aria-label={t('pinRecent', { label: label(c) })}
                      onClick={() =>
                        pin.mutate(c, {
                          onError: (error) =>
                            notifications.show({
                              color: 'red',
                              title: t('notPinned'),
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
      <FavouriteEditModal favourite={editing} onClose={() => setEditing(null)} />
    </Card>
  );
}

function comboKey(c: FavouriteResponse | RecentCombination): string {
  return JSON.stringify([c.projectId, c.taskId, c.notes ?? '', c.tags.join(',')]);
}
