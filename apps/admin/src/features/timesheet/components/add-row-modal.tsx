import { Button, Group, Modal, Stack } from '@mantine/core';
import { projectColour, type TimesheetRow } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProjectPicker, TaskPicker } from '@/components/pickers';
import { useProjectOptions, useTaskOptions } from '@/lib/lookups';

export type RowRef = Omit<TimesheetRow, 'totalSeconds' | 'cells'>;

/** Picks a project (and task) for a new row; the row holds no time until a cell is typed in. */
export function AddRowModal({
  opened,
  onClose,
  onAdd,
}: {
  opened: boolean;
  onClose: () => void;
  onAdd: (row: RowRef) => void;
}) {
  const { t } = useTranslation(['timesheet', 'common']);
  const [projectId, setProjectId] = useState<number | null>(null);
  const [taskId, setTaskId] = useState<number | null>(null);
  const projects = useProjectOptions();
  const tasks = useTaskOptions(projectId);
  const add = () => {
    const project = projects.data?.find((p) => p.id === projectId);
    if (!project) return;
    const task = tasks.data?.find((t) => t.id === taskId);
    onAdd({
      key: `${project.id}:${task?.id ?? ''}`,
      projectId: project.id,
      projectName: project.name,
      projectStatus: project.status,
      clientName: project.clientName ?? null,
      taskId: task?.id ?? null,
      taskName: task?.name ?? null,
      colour: projectColour(project.id),
    });
    setProjectId(null);
    setTaskId(null);
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('addRowTitle')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <Stack>
          <ProjectPicker
            value={projectId}
            onChange={(id) => {
              setProjectId(id);
              setTaskId(null);
            }}
            data-autofocus
          />
          <TaskPicker projectId={projectId} value={taskId} onChange={setTaskId} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common:cancel')}
            </Button>
            <Button type="submit" disabled={projectId === null}>
              {t('addRow')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
