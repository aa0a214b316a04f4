import { ActionIcon, Badge, Group, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconPencil, IconRestore } from '@tabler/icons-react';
import type { UseMutationResult } from '@tanstack/react-query';

import { describeError } from '@/lib/api-client';

/** A record that is archived rather than deleted (clients, projects). */
interface Archivable {
  id: number;
  name: string;
  status: string;
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={status === 'active' ? 'teal' : 'gray'} variant="light">
      {status === 'active' ? 'Active' : 'Archived'}
    </Badge>
  );
}

/** Archives an active record or activates an archived one, and says which it did. */
export function useToggleStatus<T extends Archivable>(
  setStatus: UseMutationResult<T, Error, { id: number; active: boolean }>,
) {
  return (record: T) =>
    setStatus.mutate(
      { id: record.id, active: record.status !== 'active' },
      {
        onSuccess: (r) =>
          notifications.show({
            color: 'teal',
            message: `${r.name} ${r.status === 'active' ? 'activated' : 'archived'}`,
          }),
        onError: (error) => notifications.show({ color: 'red', message: describeError(error) }),
      },
    );
}

/** Edit, and archive or activate, for one row. */
export function ArchivableActions({
  record,
  onEdit,
  onToggle,
}: {
  record: Archivable;
  onEdit: () => void;
  onToggle: () => void;
}) {
  const active = record.status === 'active';
  return (
    <Group gap={2} wrap="nowrap">
      <ActionIcon variant="subtle" aria-label={`Edit ${record.name}`} onClick={onEdit}>
        <IconPencil size={16} />
      </ActionIcon>
      <Tooltip label={active ? 'Archive' : 'Activate'}>
        <ActionIcon
          variant="subtle"
          color={active ? 'gray' : 'teal'}
          aria-label={`${active ? 'Archive' : 'Activate'} ${record.name}`}
          onClick={onToggle}
        >
          {active ? <IconArchive size={16} /> : <IconRestore size={16} />}
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
