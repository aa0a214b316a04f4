import { ActionIcon, Badge, Button, Card, Checkbox, Group, Select, Table } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import type { TaskResponse } from '@timetracker/contracts';
import { useState } from 'react';

import { ConfirmModal } from '@/components/confirm-modal';
import { SearchInput } from '@/components/list-toolbar';
import { PageHeader } from '@/components/page-header';
import { ProjectPicker } from '@/components/pickers';
import { EmptyState, QueryState } from '@/components/query-state';
import { SortHeader } from '@/components/sort-header';
import { useSearchState } from '@/hooks/use-search-state';
import { describeError } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/session';

import { useDeleteTask, useTasks } from '../api/tasks';
import { taskAccess } from '../components/task-access';
import { TaskFormModal } from '../components/task-form';
import { PRIORITY_LABELS, STATUS_COLORS, STATUS_LABELS } from '../components/task-labels';
import { ListFooter } from '@/components/list-footer';

const PAGE_SIZE = 25;
const STATUS_FILTERS: Record<string, string | undefined> = {
  open: 'pending,in_progress,review',
  done: 'done',
  cancelled: 'cancelled',
  all: undefined,
};

export function TasksPage() {
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
        title="Tasks"
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            New task
          </Button>
        }
      />
      <Group mb="md" gap="sm" wrap="wrap" align="center">
        <SearchInput
          value={search.get('q') ?? ''}
          onChange={(q) => search.set({ q })}
          placeholder="Task name"
        />
        <ProjectPicker
          label={null}
          aria-label="Project"
          includeArchived
          placeholder="Any project"
          value={search.getNumber('project') ?? null}
          onChange={(id) => search.set({ project: id })}
          style={{ flex: '0 1 14rem' }}
        />
        <Select
          aria-label="Status"
          allowDeselect={false}
          value={statusFilter}
          onChange={(v) => search.set({ status: v === 'open' ? undefined : v })}
          data={[
            { value: 'open', label: 'Open' },
            { value: 'done', label: 'Done' },
            { value: 'cancelled', label: 'Cancelled' },
            { value: 'all', label: 'All statuses' },
          ]}
          w={150}
        />
        <Checkbox
          label="Assigned to me"
          checked={search.get('mine') === 'true'}
          onChange={(e) => search.set({ mine: e.currentTarget.checked || undefined })}
        />
      </Group>
      <Card withBorder padding={0}>
        <QueryState query={tasks}>
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState>No tasks match.</EmptyState>
            ) : (
              <>
                <Table.ScrollContainer minWidth={720} className="phone-cards">
                  <Table striped highlightOnHover aria-label="Tasks">
                    <Table.Thead>
                      <Table.Tr>
                        <SortHeader field="name" sort={sort} onSort={(s) => search.set({ sort: s })}>
                          Name
                        </SortHeader>
                        <Table.Th>Project</Table.Th>
                        <Table.Th>Status</Table.Th>
                        <SortHeader field="priority" sort={sort} onSort={(s) => search.set({ sort: s })}>
                          Priority
                        </SortHeader>
                        <Table.Th>Assigned to</Table.Th>
                        <SortHeader field="dueDate" sort={sort} onSort={(s) => search.set({ sort: s })}>
                          Due
                        </SortHeader>
                        <Table.Th>
                          <span className="visually-hidden">Actions</span>
                        </Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.items.map((t) => (
                        <Table.Tr key={t.id}>
                          <Table.Td fw={500}>{t.name}</Table.Td>
                          <Table.Td data-label="Project">{t.projectName}</Table.Td>
                          <Table.Td data-label="Status">
                            <Badge color={STATUS_COLORS[t.status]} variant="light">
                              {STATUS_LABELS[t.status]}
                            </Badge>
                          </Table.Td>
                          <Table.Td data-label="Priority">{PRIORITY_LABELS[t.priority]}</Table.Td>
                          <Table.Td data-label="Assigned to">{t.assigneeUsername ?? '—'}</Table.Td>
                          <Table.Td data-label="Due">{t.dueDate ?? '—'}</Table.Td>
                          <Table.Td>
                            <Group gap={2} wrap="nowrap">
                              {taskAccess(t, user) !== 'none' && (
                                <ActionIcon
                                  variant="subtle"
                                  aria-label={
                                    taskAccess(t, user) === 'full'
                                      ? `Edit ${t.name}`
                                      : `Change status of ${t.name}`
                                  }
                                  onClick={() => setEditing(t)}
                                >
                                  <IconPencil size={16} />
                                </ActionIcon>
                              )}
                              {taskAccess(t, user) === 'full' && (
                                <ActionIcon
                                  variant="subtle"
                                  color="red"
                                  aria-label={`Delete ${t.name}`}
                                  onClick={() => setDeleting(t)}
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
                  noun={['task', 'tasks']}
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
        title="Delete this task?"
        confirmLabel="Delete"
        loading={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => setDeleting(null),
            onError: (error) =>
              notifications.show({ color: 'red', title: 'Not deleted', message: describeError(error) }),
          })
        }
      >
        {deleting && `“${deleting.name}” will be removed. Time already recorded on it stays.`}
      </ConfirmModal>
    </>
  );
}
