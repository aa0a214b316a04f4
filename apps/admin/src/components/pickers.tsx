import { Select, type SelectProps } from '@mantine/core';
import type { Ref } from 'react';

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
  shortcutsLabel = 'Recent',
  ...props
}: PickerProps & { includeArchived?: boolean; shortcuts?: PickerShortcut[]; shortcutsLabel?: string }) {
  const projects = useProjectOptions({ includeArchived });
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const p of projects.data ?? []) {
    const group = p.clientName ?? 'No client';
    const items = groups.get(group) ?? [];
    items.push({ value: String(p.id), label: p.status === 'archived' ? `${p.name} (archived)` : p.name });
    groups.set(group, items);
  }
  return (
    <Select
      label="Project"
      placeholder={projects.isPending ? 'Loading projects…' : 'Search projects'}
      searchable
      clearable
      nothingFoundMessage="No project matches"
      data={[
        ...(shortcuts?.length
          ? [
              {
                group: shortcutsLabel,
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
      error={projects.isError ? 'Could not load projects' : undefined}
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
  const tasks = useTaskOptions(projectId);
  return (
    <Select
      label="Task"
      placeholder={
        projectId === null ? 'Pick a project first' : tasks.isPending ? 'Loading tasks…' : 'No task'
      }
      searchable
      clearable
      disabled={projectId === null}
      nothingFoundMessage="No open task matches"
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
  const clients = useClientOptions({ includeInactive });
  return (
    <Select
      label="Client"
      placeholder={clients.isPending ? 'Loading clients…' : 'Search clients'}
      searchable
      clearable
      nothingFoundMessage="No client matches"
      data={(clients.data ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
      value={toValue(value)}
      onChange={(v) => onChange(toId(v))}
      {...props}
    />
  );
}

export function UserPicker({ value, onChange, ...props }: PickerProps) {
  const users = useUserOptions(true);
  return (
    <Select
      label="User"
      placeholder={users.isPending ? 'Loading users…' : 'Everyone'}
      searchable
      clearable
      data={(users.data ?? []).map((u) => ({ value: String(u.id), label: u.username }))}
      value={toValue(value)}
      onChange={(v) => onChange(toId(v))}
      {...props}
    />
  );
}
