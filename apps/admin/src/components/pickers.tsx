import { Select, type SelectProps } from '@mantine/core';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';

import { useClientOptions, useProjectOptions, useTaskOptions, useUserOptions } from '@/lib/lookups';

type PickerProps = Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  value?: number | null;
  onChange: (id: number | null) => void;
  ref?: Ref<HTMLInputElement>;
};

const toValue = (id: number | null | undefined) => (id === null || id === undefined ? null : String(id));
const toId = (value: string | null) => (value === null || value === '' ? null : Number(value));

/** Searchable, grouped by client: the project names people recognise come with their client. */
/** A shortcut offered above the projects (the timer's recent combinations): picking it calls back. */
export interface PickerShortcut {
  label: string;
  onPick: () => void;
}

const SHORTCUT_PREFIX = 'shortcut:';

export function ProjectPicker({
  value,
  onChange,
  includeArchived,
  shortcuts,
  shortcutsLabel,
  ...props
}: PickerProps & { includeArchived?: boolean; shortcuts?: PickerShortcut[]; shortcutsLabel?: string }) {
  const { t } = useTranslation('pickers');
  const projects = useProjectOptions({ includeArchived });
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const p of projects.data ?? []) {
    const group = p.clientName ?? t('noClient');
    const items = groups.get(group) ?? [];
    items.push({
      value: String(p.id),
      label: p.status === 'archived' ? t('archivedName', { name: p.name }) : p.name,
    });
    groups.set(group, items);
  }
  return (
    <Select
      label={t('project')}
      placeholder={projects.isPending ? t('loadingProjects') : t('searchProjects')}
      searchable
      clearable
      nothingFoundMessage={t('noProjectMatches')}
      data={[
        ...(shortcuts?.length
          ? [
              {
                group: shortcutsLabel ?? t('recent'),
                items: shortcuts.map((s, i) => ({ value: `${SHORTCUT_PREFIX}${i}`, label: s.label })),
              },
            ]
          : []),
        ...[...groups].map(([group, items]) => ({ group, items })),
      ]}
      value={toValue(value)}
      onChange={(v) => {
        if (v?.startsWith(SHORTCUT_PREFIX)) shortcuts?.[Number(v.slice(SHORTCUT_PREFIX.length))]?.onPick();
        else onChange(toId(v));
      }}
      error={projects.isError ? t('couldNotLoadProjects') : undefined}
      {...props}
    />
  );
}

export function TaskPicker({
  projectId,
  value,
  onChange,
  ...props
}: PickerProps & { projectId: number | null }) {
  const { t } = useTranslation('pickers');
  const tasks = useTaskOptions(projectId);
  return (
    <Select
      label={t('task')}
      placeholder={
        projectId === null ? t('pickProjectFirst') : tasks.isPending ? t('loadingTasks') : t('noTask')
      }
      searchable
      clearable
      disabled={projectId === null}
      nothingFoundMessage={t('noTaskMatches')}
      data={(tasks.data ?? []).map((t) => ({ value: String(t.id), label: t.name }))}
      value={toValue(value)}
      onChange={(v) => onChange(toId(v))}
      {...props}
    />
  );
}

export function ClientPicker({
  value,
  onChange,
  includeInactive,
  ...props
}: PickerProps & { includeInactive?: boolean }) {
  const { t } = useTranslation('pickers');
  const clients = useClientOptions({ includeInactive });
  return (
    <Select
      label={t('client')}
      placeholder={clients.isPending ? t('loadingClients') : t('searchClients')}
      searchable
      clearable
      nothingFoundMessage={t('noClientMatches')}
      data={(clients.data ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
      value={toValue(value)}
      onChange={(v) => onChange(toId(v))}
      {...props}
    />
  );
}

export function UserPicker({ value, onChange, ...props }: PickerProps) {
  const { t } = useTranslation('pickers');
  const users = useUserOptions(true);
  return (
    <Select
      label={t('user')}
      placeholder={users.isPending ? t('loadingUsers') : t('everyone')}
      searchable
      clearable
      data={(users.data ?? []).map((u) => ({ value: String(u.id), label: u.username }))}
      value={toValue(value)}
      onChange={(v) => onChange(toId(v))}
      {...props}
    />
  );
}
