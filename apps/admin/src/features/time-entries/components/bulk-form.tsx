import { Alert, Button, Group, Modal, Stack, Switch, Textarea } from '@mantine/core';
import { DatePickerInput, TimePicker } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { TimeEntryBulkCreateSchema } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProjectPicker, TaskPicker } from '@/components/pickers';
import { applySubmitError, clockProps, schemaErrors } from '@/lib/form';
import { useLocale } from '@/lib/settings';

import { useBulkCreateTimeEntries } from '../api/time-entries';

interface Values {
  projectId: number | null;
  taskId: number | null;
  range: [string | null, string | null];
  startTime: string;
  endTime: string;
  skipWeekends: boolean;
  notes: string;
}

const FIELDS = ['projectId', 'taskId', 'range', 'startTime', 'endTime', 'skipWeekends', 'notes'] as const;
const RENAME = { from: 'range', to: 'range' };

function toBody(values: Values) {
  return {
    projectId: values.projectId ?? undefined,
    taskId: values.taskId,
    from: values.range[0]?.slice(0, 10),
    to: (values.range[1] ?? values.range[0])?.slice(0, 10),
    startTime: values.startTime,
    endTime: values.endTime,
    skipWeekends: values.skipWeekends,
    notes: values.notes.trim() || null,
  };
}

/** The same hours on every day of a range (a week of on-site work, say). */
export function BulkEntryModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('timeEntries');
  return (
    <Modal opened={opened} onClose={onClose} title={t('bulk.title')} size="lg">
      {opened && <BulkForm onDone={onClose} />}
    </Modal>
  );
}

function BulkForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation(['timeEntries', 'common']);
  const { timezone } = useLocale();
  const bulk = useBulkCreateTimeEntries();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: {
      projectId: null,
      taskId: null,
      range: [null, null],
      startTime: '09:00',
      endTime: '17:00',
      skipWeekends: true,
      notes: '',
    },
    validate: (values) => ({
      ...schemaErrors(TimeEntryBulkCreateSchema, toBody(values), RENAME),
      ...(values.projectId === null ? { projectId: t('pickProject') } : {}),
      ...(values.range[0] === null ? { range: t('bulk.pickDays') } : {}),
    }),
  });

  const submit = form.onSubmit((values) => {
    setFormError(null);
    const body = toBody(values);
    bulk.mutate(
      { ...body, projectId: body.projectId ?? 0, from: body.from ?? '', to: body.to ?? '' },
      {
        onSuccess: (result) => {
          notifications.show({ color: 'teal', message: t('bulk.added', { count: result.items.length }) });
          onDone();
        },
        onError: (error) =>
          setFormError(applySubmitError(error, { setErrors: form.setErrors, fields: FIELDS }, RENAME)),
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
          {...form.getInputProps('projectId')}
          onChange={(id) => {
            form.setFieldValue('projectId', id);
            form.setFieldValue('taskId', null);
          }}
        />
        <TaskPicker projectId={form.values.projectId} {...form.getInputProps('taskId')} />
        <DatePickerInput
          type="range"
          allowSingleDateInRange
          label={t('bulk.days')}
          withAsterisk
          description={t('bulk.daysHint', { zone: timezone })}
          {...form.getInputProps('range')}
        />
        <Group grow>
          <TimePicker label={t('bulk.from')} withAsterisk {...clockProps(form.getInputProps('startTime'))} />
          <TimePicker label={t('bulk.to')} withAsterisk {...clockProps(form.getInputProps('endTime'))} />
        </Group>
        <Switch
          label={t('bulk.skipWeekends')}
          {...form.getInputProps('skipWeekends', { type: 'checkbox' })}
        />
        <Textarea label={t('notes')} autosize minRows={2} {...form.getInputProps('notes')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common:cancel')}
          </Button>
          <Button type="submit" loading={bulk.isPending}>
            {t('bulk.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
