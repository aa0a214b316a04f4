import { ActionIcon, Button, Group } from '@mantine/core';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import {
  IconChevronLeft,
  IconChevronRight,
  IconGripVertical,
  IconPencil,
  IconPlayerPlayFilled,
  IconX,
} from '@tabler/icons-react';
import type { FavouriteResponse } from '@timetracker/contracts';
import { useTranslation } from 'react-i18next';

interface FavouriteChipProps {
  favourite: FavouriteResponse;
  /** 0-based place in the strip. */
  index: number;
  count: number;
  label: string;
  /** Shows the move buttons (phones, and anyone who prefers buttons to dragging). */
  reordering: boolean;
  onStart: () => void;
  onUnpin: () => void;
  onEdit: () => void;
  onMove: (to: number) => void;
}

/**
 * One favourite of the strip: a handle to drag it elsewhere (pointer, touch, or Space and the
 * arrow keys), its start button, and its unpin button; in reorder mode, buttons that move it.
 */
export function FavouriteChip({
  favourite,
  index,
  count,
  label,
  reordering,
  onStart,
  onUnpin,
  onEdit,
  onMove,
}: FavouriteChipProps) {
  const { t } = useTranslation('favourites', { keyPrefix: 'chip' });
  const { t: te } = useTranslation('favouriteEdit');
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id: favourite.id });
  const n = index + 1;
  return (
    <Group
      ref={setNodeRef}
      gap={0}
      wrap="nowrap"
      data-testid="favourite"
      style={{
        maxWidth: '100%',
        transform: CSS.Translate.toString(transform),
        transition,
        opacity: isDragging ? 0.6 : undefined,
        zIndex: isDragging ? 1 : undefined,
      }}
    >
      <ActionIcon
        ref={setActivatorNodeRef}
        {...attributes}
        {...listeners}
        size="md"
        variant="subtle"
        color="gray"
        aria-label={t('drag', { n })}
        style={{ cursor: isDragging ? 'grabbing' : 'grab', touchAction: 'none' }}
      >
        <IconGripVertical size={14} />
      </ActionIcon>
      {reordering && (
        <ActionIcon
          size="md"
          variant="subtle"
          aria-label={t('earlier', { n })}
          disabled={index === 0}
          onClick={() => onMove(index - 1)}
        >
          <IconChevronLeft size={14} />
        </ActionIcon>
      )}
      <Button
        size="xs"
        variant="light"
        color="teal"
        leftSection={<IconPlayerPlayFilled size={12} />}
        onClick={onStart}
        aria-label={t('start', { n, label })}
        styles={{
          root: { maxWidth: '16rem', minWidth: 0 },
          label: { overflow: 'hidden', textOverflow: 'ellipsis' },
        }}
      >
        {index < 9 ? `${n}. ` : ''}
        {label}
      </Button>
      {reordering ? (
        <ActionIcon
          size="md"
          variant="subtle"
          aria-label={t('later', { n })}
          disabled={index === count - 1}
          onClick={() => onMove(index + 1)}
        >
          <IconChevronRight size={14} />
        </ActionIcon>
      ) : (
        <>
          <ActionIcon size="md" variant="subtle" color="gray" aria-label={te('edit', { n })} onClick={onEdit}>
            <IconPencil size={14} />
          </ActionIcon>
          <ActionIcon
            size="md"
            variant="subtle"
            color="gray"
            aria-label={t('unpin', { n })}
            onClick={onUnpin}
          >
            <IconX size={14} />
          </ActionIcon>
        </>
      )}
    </Group>
  );
}
