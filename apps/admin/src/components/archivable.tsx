import { ActionIcon, Badge, Group, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconPencil, IconRestore } from '@tabler/icons-react';
import type { UseMutationResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { i18n } from '@/i18n/i18n';

import { describeError } from '@/lib/api-client';

/** A record that is archived rather than deleted (clients, projects). */
interface Archivable {
  id: number;
  name: string;
  status: string;
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={status === 'active' ? 'teal' : 'gray'} variant="light">
      {status === 'active' ? t('active') : t('archived')}
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
            message: i18n.t(r.status === 'active' ? 'nameActivated' : 'nameArchived', { name: r.name }),
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
  const { t } = useTranslation();
  const active = record.status === 'active';
  return (
    <Group gap={2} wrap="nowrap">
      <ActionIcon variant="subtle" aria-label={t('editName', { name: record.name })} onClick={onEdit}>
        <IconPencil size={16} />
      </ActionIcon>
      <Tooltip label={active ? t('archive') : t('activate')}>
        <ActionIcon
          variant="subtle"
          color={active ? 'gray' : 'teal'}
          aria-label={t(active ? 'archiveName' : 'activateName', { name: record.name })}
          onClick={onToggle}
        >
          {active ? <IconArchive size={16} /> : <IconRestore size={16} />}
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
