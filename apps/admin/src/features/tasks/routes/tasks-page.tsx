import { ActionIcon, Badge, Button, Card, Checkbox, Group, Select, Table } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import type { TaskResponse } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ConfirmModal } from '@/components/confirm-modal';
import { SearchInput } from '@/components/list-toolbar';
import { PageHeader } from '@/components/page-header';
import { ProjectPicker } from '@/components/pickers';
import { EmptyState, QueryState } from '@/components/query-state';
import { SortHeader } from '@/components/sort-header';
import { useSearchState } from '@/hooks/use-search-state';
import { describeError } from '@/lib/api-client';
import { formatDay } from '@/lib/format';
import { useCurrentUser } from '@/lib/session';

import { useDeleteTask, useTasks } from '../api/tasks';
import { taskAccess } from '../components/task-access';
import { TaskFormModal } from '../components/task-form';
import { STATUS_COLORS } from '../components/task-labels';
import { ListFooter } from '@/components/list-footer';

const PAGE_SIZE = 25;
const STATUS_FILTERS: Record<string, string | undefined> = {
  open: 'pending,in_progress,review',
  done: 'done',
  cancelled: 'cancelled',
  all: undefined,
};

export function TasksPage() {
  const { t } = useTranslation(['tasks', 'common']);
  const search = useSearchState();
  const statusFilter = search.get('status') ?? 'open';
  const sort = search.get('sort') ?? '-createdAt';
  const page = search.getNumber('page') ?? 1;
  const tasks = useTasks({
    search: search.get('q'),
    projectId: search.getNumber('project'),
    status: STATUS_FILTERS[statusFilter],
    mine: search.get('mine') === 'true' || undefined,
    sort,
    page,
    pageSize: PAGE_SIZE,
  });
  const user = useCurrentUser();
  const remove = useDeleteTask();
  const [editing, setEditing] = useState<TaskResponse | null | 'new'>(null);
  const [deleting, setDeleting] = useState<TaskResponse | null>(null);

  return (
    <>
      <PageHeader
        title={t('title')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            {t('newTask')}
          </Button>
        }
      />
      <Group mb="md" gap="sm" wrap="wrap" align="center">
        <SearchInput
          value={search.get('q') ?? ''}
          onChange={(q) => search.set({ q })}
          placeholder={t('searchPlaceholder')}
        />
        <ProjectPicker
          label={null}
          aria-label={t('project')}
          includeArchived
          placeholder={t('anyProject')}
          value={search.getNumber('project') ?? null}
          onChange={(id) => search.set({ project: id })}
          style={{ flex: '0 1 14rem' }}
        />
        <Select
          aria-label={t('common:status')}
          allowDeselect={false}
          value={statusFilter}
          onChange={(v) => search.set({ status: v === 'open' ? undefined : v })}
          data={[
            { value: 'open', label: t('filter.open') },
            { value: 'done', label: t('filter.done') },
            { value: 'cancelled', label: t('filter.cancelled') },
            { value: 'all', label: t('filter.all') },
          ]}
          w={150}
        />
        <Checkbox
          label={t('assignedToMe')}
          checked={search.get('mine') === 'true'}
          onChange={(e) => search.set({ mine: e.currentTarget.checked || undefined })}
        />
      </Group>
      <Card withBorder padding={0}>
        <QueryState query={tasks}>
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState>{t('noMatch')}</EmptyState>
            ) : (
              <>
                <Table.ScrollContainer minWidth={720} className="phone-cards">
                  <Table striped highlightOnHover aria-label={t('title')}>
                    <Table.Thead>
                      <Table.Tr>
                        <SortHeader field="name" sort={sort} onSort={(s) => search.set({ sort: s })}>
                          {t('name')}
                        </SortHeader>
                        <Table.Th>{t('project')}</Table.Th>
                        <Table.Th>{t('common:status')}</Table.Th>
                        <SortHeader field="priority" sort={sort} onSort={(s) => search.set({ sort: s })}>
                          {t('priorityLabel')}
                        </SortHeader>
                        <Table.Th>{t('assignedTo')}</Table.Th>
                        <SortHeader field="dueDate" sort={sort} onSort={(s) => search.set({ sort: s })}>
                          {t('due')}
                        </SortHeader>
                        <Table.Th>
                          <span className="visually-hidden">{t('common:actions')}</span>
                        </Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.items.map((task) => (
                        <Table.Tr key={task.id}>
                          <Table.Td fw={500}>{task.name}</Table.Td>
                          <Table.Td data-label={t('project')}>{task.projectName}</Table.Td>
                          <Table.Td data-label={t('common:status')}>
                            <Badge color={STATUS_COLORS[task.status]} variant="light">
                              {t(`status.${task.status}`)}
                            </Badge>
                          </Table.Td>
                          <Table.Td data-label={t('priorityLabel')}>
                            {t(`priority.${task.priority}`)}
                          </Table.Td>
                          <Table.Td data-label={t('assignedTo')}>{task.assigneeUsername ?? '—'}</Table.Td>
                          <Table.Td data-label={t('due')}>
                            {task.dueDate ? formatDay(task.dueDate) : '—'}
                          </Table.Td>
                          <Table.Td>
                            <Group gap={2} wrap="nowrap">
                              {taskAccess(task, user) !== 'none' && (
                                <ActionIcon
                                  variant="subtle"
                                  aria-label={
                                    taskAccess(task, user) === 'full'
                                      ? t('common:editName', { name: task.name })
                                      : t('changeStatusOf', { name: task.name })
                                  }
                                  onClick={() => setEditing(task)}
                                >
                                  <IconPencil size={16} />
                                </ActionIcon>
                              )}
                              {taskAccess(task, user) === 'full' && (
                                <ActionIcon
                                  variant="subtle"
                                  color="red"
                                  aria-label={t('deleteName', { name: task.name })}
                                  onClick={() => setDeleting(task)}
                                >
                                  <IconTrash size={16} />
                                </ActionIcon>
                              )}
                            </Group>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                <ListFooter
                  total={data.total}
                  pageSize={PAGE_SIZE}
                  page={page}
                  onPage={(p) => search.set({ page: p })}
                  label={t('count', { count: data.total })}
                />
              </>
            )
          }
        </QueryState>
      </Card>
      <TaskFormModal
        opened={editing !== null}
        task={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
      />
      <ConfirmModal
        opened={deleting !== null}
        title={t('deleteTitle')}
        confirmLabel={t('delete')}
        loading={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => setDeleting(null),
            onError: (error) =>
              notifications.show({ color: 'red', title: t('notDeleted'), message: describeError(error) }),
          })
        }
      >
        {deleting && t('deleteBody', { name: deleting.name })}
      </ConfirmModal>
    </>
  );
}
