import { Group, SegmentedControl } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useTranslation } from 'react-i18next';

import { ClientPicker, ProjectPicker, TaskPicker, UserPicker } from '@/components/pickers';
import { TagFilter } from '@/components/tags';
import type { useSearchState } from '@/hooks/use-search-state';

type SearchState = ReturnType<typeof useSearchState>;

export function EntryFilters({ search, isAdmin }: { search: SearchState; isAdmin: boolean }) {
  const { t } = useTranslation(['timeEntries', 'common']);
  const projectId = search.getNumber('project') ?? null;
  return (
    <Group align="flex-end" gap="sm" wrap="wrap" mb="md" role="search" aria-label={t('filters.label')}>
      <DatePickerInput
        type="range"
        allowSingleDateInRange
        clearable
        label={t('filters.days')}
        placeholder={t('filters.anyDay')}
        value={[search.get('from') ?? null, search.get('to') ?? null]}
        onChange={([from, to]) => {
          if (from && !to) return; // wait for the end of the range
          search.set({ from: from?.slice(0, 10), to: to?.slice(0, 10) });
        }}
        style={{ flex: '1 1 14rem' }}
      />
      <ClientPicker
        includeInactive
        value={search.getNumber('client') ?? null}
        onChange={(id) => search.set({ client: id })}
        placeholder={t('filters.anyClient')}
        style={{ flex: '1 1 10rem' }}
      />
      <ProjectPicker
        includeArchived
        value={projectId}
        onChange={(id) => search.set({ project: id, task: undefined })}
        placeholder={t('filters.anyProject')}
        style={{ flex: '1 1 10rem' }}
      />
      <TaskPicker
        projectId={projectId}
        value={search.getNumber('task') ?? null}
        onChange={(id) => search.set({ task: id })}
        placeholder={projectId === null ? t('filters.projectFirst') : t('filters.anyTask')}
        style={{ flex: '1 1 10rem' }}
      />
      {isAdmin && (
        <UserPicker
          value={search.getNumber('user') ?? null}
          onChange={(id) => search.set({ user: id })}
          style={{ flex: '1 1 9rem' }}
        />
      )}
      <TagFilter
        tags={search.get('tags')?.split(',').filter(Boolean) ?? []}
        mode={search.get('tagMode') === 'all' ? 'all' : 'any'}
        onChange={(tags, mode) =>
          search.set({ tags: tags.join(',') || undefined, tagMode: mode === 'all' ? 'all' : undefined })
        }
        style={{ flex: '1 1 12rem' }}
      />
      <div>
        <SegmentedControl
          aria-label={t('billable')}
          value={search.get('billable') ?? 'all'}
          onChange={(v) => search.set({ billable: v === 'all' ? undefined : v })}
          data={[
            { value: 'all', label: t('common:all') },
            { value: 'true', label: t('billable') },
            { value: 'false', label: t('filters.notBillable') },
          ]}
        />
      </div>
    </Group>
  );
}
