import { Alert, Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  TASK_PRIORITIES,
  TASK_STATUSES,
  TaskCreateSchema,
  type TaskPriority,
  type TaskResponse,
  type TaskStatus,
  TaskUpdateSchema,
} from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProjectPicker, UserPicker } from '@/components/pickers';
import { applySubmitError, schemaErrors } from '@/lib/form';
import { useCurrentUser, useSession } from '@/lib/session';

import { useSaveTask } from '../api/tasks';
import { taskAccess } from './task-access';

interface Values {
  projectId: number | null;
  name: string;
  description: string;
  status: TaskStatus;
  priority: TaskPriority;
  assignedTo: number | null;
  dueDate: string | null;
  estimatedHours: string;
}
const FIELDS = [
  'projectId',
  'name',
  'description',
  'status',
  'priority',
  'assignedTo',
  'dueDate',
  'estimatedHours',
] as const;

function toBody(values: Values, canAssign: boolean) {
  return {
    projectId: values.projectId ?? undefined,
    name: values.name,
    description: values.description.trim() || null,
    status: values.status,
    priority: values.priority,
    ...(canAssign ? { assignedTo: values.assignedTo } : {}),
    dueDate: values.dueDate ? values.dueDate.slice(0, 10) : null,
    estimatedHours: values.estimatedHours.trim() || null,
  };
}

function useStatusOnly() {
  const user = useCurrentUser();
  return (task: TaskResponse) => taskAccess(task, user) === 'status';
}

export function TaskFormModal({
  opened,
  task,
  onClose,
}: {
  opened: boolean;
  task: TaskResponse | null;
  onClose: () => void;
}) {
  const { t } = useTranslation(['tasks', 'common']);
  const statusOnly = useStatusOnly();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={
        task
          ? statusOnly(task)
            ? t('changeStatusOf', { name: task.name })
            : t('common:editName', { name: task.name })
          : t('newTask')
      }
      size="lg"
    >
      {opened && <TaskForm task={task} onDone={onClose} />}
    </Modal>
  );
}

function TaskForm({ task, onDone }: { task: TaskResponse | null; onDone: () => void }) {
  const { t } = useTranslation(['tasks', 'common']);
  const { isAdmin } = useSession();
  // The assignee who did not create the task may move only its status: the rest is shown, fixed.
  const statusOnly = useStatusOnly();
  const onlyStatus = task !== null && statusOnly(task);
  const save = useSaveTask();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: {
      projectId: task?.projectId ?? null,
      name: task?.name ?? '',
      description: task?.description ?? '',
      status: task?.status ?? 'pending',
      priority: task?.priority ?? 'medium',
      assignedTo: task?.assignedTo ?? null,
      dueDate: task?.dueDate ?? null,
      estimatedHours: task?.estimatedHours ?? '',
    },
    validate: (values) => ({
      ...schemaErrors(task ? TaskUpdateSchema : TaskCreateSchema, toBody(values, isAdmin)),
      ...(values.projectId === null ? { projectId: t('pickProject') } : {}),
    }),
  });

  const submit = form.onSubmit((values) => {
    setFormError(null);
    const body = toBody(values, isAdmin);
    save.mutate(
      {
        id: task?.id ?? null,
        body: onlyStatus ? { status: body.status } : { ...body, projectId: body.projectId ?? 0 },
      },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', message: t('saved', { name: saved.name }) });
          onDone();
        },
        onError: (error) =>
          setFormError(applySubmitError(error, { setErrors: form.setErrors, fields: FIELDS })),
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <ProjectPicker
          withAsterisk
          clearable={false}
          disabled={onlyStatus}
          {...form.getInputProps('projectId')}
        />
        <TextInput label={t('name')} withAsterisk disabled={onlyStatus} {...form.getInputProps('name')} />
        <Group grow align="flex-start">
          <Select
            label={t('common:status')}
            allowDeselect={false}
            data={TASK_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            {...form.getInputProps('status')}
          />
          <Select
            label={t('priorityLabel')}
            allowDeselect={false}
            disabled={onlyStatus}
            data={TASK_PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
            {...form.getInputProps('priority')}
          />
        </Group>
        <Group grow align="flex-start">
          <DateInput
            label={t('dueDate')}
            clearable
            disabled={onlyStatus}
            valueFormat="YYYY-MM-DD"
            {...form.getInputProps('dueDate')}
          />
          <TextInput
            label={t('estimatedHours')}
            disabled={onlyStatus}
            placeholder="12.5"
            inputMode="decimal"
            {...form.getInputProps('estimatedHours')}
          />
        </Group>
        {isAdmin && (
          <UserPicker
            label={t('assignedTo')}
            placeholder={t('nobody')}
            {...form.getInputProps('assignedTo')}
          />
        )}
        <Textarea
          label={t('description')}
          autosize
          minRows={2}
          disabled={onlyStatus}
          {...form.getInputProps('description')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common:cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {task ? t('save') : t('create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
