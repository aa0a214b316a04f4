import { Alert, Button, Group, Modal, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { type TimeEntryResponse, TimeEntryCreateSchema, TimeEntryUpdateSchema } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProjectPicker, TaskPicker } from '@/components/pickers';
import { TagPicker } from '@/components/tags';
import { formatBreak, parseBreak } from '@/lib/breaks';
import { fromZonedString, toZonedString } from '@/lib/dates';
import { formatDuration } from '@/lib/format';
import { dateTimePattern } from '@/lib/display';
import { applySubmitError, schemaErrors } from '@/lib/form';
import { useProjectOptions } from '@/lib/lookups';
import { i18n } from '@/i18n/i18n';
import { useLocale } from '@/lib/settings';

import { useCreateTimeEntry, useUpdateTimeEntry } from '../api/time-entries';

interface Values {
  projectId: number | null;
  taskId: number | null;
  startTime: string | null;
  endTime: string | null;
  notes: string;
  tags: string[];
  billable: boolean;
  /** As typed: minutes ("30") or hours and minutes ("0:30"); see parseBreak. */
  breakSeconds: string;
}

const FIELDS = [
  'projectId',
  'taskId',
  'startTime',
  'endTime',
  'notes',
  'tags',
  'billable',
  'breakSeconds',
] as const;

/** What a new entry starts from (the calendar's dragged range): instants, and whose time it is. */
export interface NewEntryDefaults {
  startTime: string;
  endTime: string;
  /** Admins recording another user's time (the calendar of that user). */
  userId?: number;
}

function initialValues(entry: TimeEntryResponse | null, tz: string, defaults?: NewEntryDefaults): Values {
  if (entry) {
    return {
      projectId: entry.projectId,
      taskId: entry.taskId,
      startTime: toZonedString(entry.startTime, tz),
      endTime: entry.endTime ? toZonedString(entry.endTime, tz) : null,
      notes: entry.notes ?? '',
      tags: entry.tags,
      billable: entry.billable,
      breakSeconds: entry.breakSeconds ? formatBreak(entry.breakSeconds) : '',
    };
  }
  // A new entry defaults to the hour that just ended (60 real minutes, also across a DST change),
  // shown in the settings time zone.
  const end = Math.floor(Date.now() / 60_000) * 60_000;
  return {
    projectId: null,
    taskId: null,
    startTime: toZonedString(defaults?.startTime ?? new Date(end - 3_600_000), tz),
    endTime: toZonedString(defaults?.endTime ?? new Date(end), tz),
    notes: '',
    tags: [],
    billable: true,
    breakSeconds: '',
  };
}

/**
 * Picker time back to an instant. An unchanged picker keeps the entry's own instant: in the hour
 * that repeats when clocks go back, wall-clock time cannot tell which of the two was meant.
 */
function toInstant(local: string, original: string | null | undefined, tz: string): string {
  return original && toZonedString(original, tz) === local ? original : fromZonedString(local, tz);
}

function toBody(values: Values, tz: string, entry: TimeEntryResponse | null) {
  const editing = entry !== null;
  return {
    projectId: values.projectId ?? undefined,
    taskId: values.taskId,
    startTime: values.startTime ? toInstant(values.startTime, entry?.startTime, tz) : undefined,
    endTime: values.endTime ? toInstant(values.endTime, entry?.endTime, tz) : editing ? null : undefined,
    notes: values.notes.trim() || null,
    tags: values.tags,
    billable: values.billable,
    // A running timer's breaks come from pausing it.
    breakSeconds: entry?.running ? undefined : (parseBreak(values.breakSeconds) ?? undefined),
  };
}

/** "8:30:00 from start to end − 0:30 break = 8:00:00 worked": what the entry will bill, before rounding. */
function workedSummary(values: Values, tz: string): string | null {
  const breakSeconds = parseBreak(values.breakSeconds);
  if (!values.startTime || !values.endTime || !breakSeconds) return null;
  const raw =
    (Date.parse(fromZonedString(values.endTime, tz)) - Date.parse(fromZonedString(values.startTime, tz))) /
    1000;
  if (!(raw > 0)) return null;
  return i18n.t('timeEntries:form.workedSummary', {
    span: formatDuration(raw),
    break: formatBreak(breakSeconds),
    worked: formatDuration(Math.max(0, raw - breakSeconds)),
  });
}

export function EntryFormModal({
  opened,
  entry,
  defaults,
  onClose,
}: {
  opened: boolean;
  /** null: a new entry */
  entry: TimeEntryResponse | null;
  /** A new entry's times (and user) instead of the hour that just ended. */
  defaults?: NewEntryDefaults;
  onClose: () => void;
}) {
  const { t } = useTranslation('timeEntries');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={entry ? t('form.editTitle') : t('form.addTitle')}
      size="lg"
    >
      {opened && <EntryForm entry={entry} defaults={defaults} onDone={onClose} />}
    </Modal>
  );
}

function EntryForm({
  entry,
  defaults,
  onDone,
}: {
  entry: TimeEntryResponse | null;
  defaults?: NewEntryDefaults;
  onDone: () => void;
}) {
  const { t } = useTranslation(['timeEntries', 'common']);
  const { timezone } = useLocale();
  const editing = entry !== null;
  const running = entry?.running ?? false;
  const projects = useProjectOptions({ includeArchived: editing });
  const create = useCreateTimeEntry();
  const update = useUpdateTimeEntry();
  const [formError, setFormError] = useState<string | null>(null);

  const form = useForm<Values>({
    initialValues: initialValues(entry, timezone, defaults),
    validate: (values) => {
      const errors: Record<string, string> = {};
      if (values.projectId === null) errors.projectId = t('pickProject');
      if (!values.startTime) errors.startTime = t('form.whenStart');
      if (!values.endTime && !running) errors.endTime = t('form.whenStop');
      if (parseBreak(values.breakSeconds) === null) errors.breakSeconds = t('form.breakInvalid');
      const schema = editing ? TimeEntryUpdateSchema : TimeEntryCreateSchema;
      return { ...schemaErrors(schema, toBody(values, timezone, entry)), ...errors };
    },
  });

  const submit = form.onSubmit((values) => {
    setFormError(null);
    const body = toBody(values, timezone, entry);
    const onError = (error: unknown) =>
      setFormError(applySubmitError(error, { setErrors: form.setErrors, fields: FIELDS }));
    const onSuccess = () => {
      notifications.show({ color: 'teal', message: editing ? t('form.saved') : t('form.added') });
      onDone();
    };
    if (entry) {
      update.mutate({ id: entry.id, body }, { onSuccess, onError });
    } else {
      create.mutate(
        {
          ...body,
          ...(defaults?.userId === undefined ? {} : { userId: defaults.userId }),
          projectId: body.projectId ?? 0,
          startTime: body.startTime ?? '',
          endTime: body.endTime ?? '',
        },
        { onSuccess, onError },
      );
    }
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
          includeArchived={editing}
          withAsterisk
          {...form.getInputProps('projectId')}
          onChange={(id) => {
            form.setFieldValue('projectId', id);
            form.setFieldValue('taskId', null);
            const project = projects.data?.find((p) => p.id === id);
            if (project && !editing) form.setFieldValue('billable', project.billable);
          }}
        />
        <TaskPicker projectId={form.values.projectId} {...form.getInputProps('taskId')} />
        <Group grow align="flex-start" wrap="wrap">
          <DateTimePicker
            label={t('form.start')}
            withAsterisk
            valueFormat={dateTimePattern()}
            description={t('form.zone', { zone: timezone })}
            {...form.getInputProps('startTime')}
          />
          <DateTimePicker
            label={t('form.end')}
            withAsterisk={!running}
            clearable={running}
            valueFormat={dateTimePattern()}
            description={running ? t('form.keepsRunning') : t('form.zone', { zone: timezone })}
            {...form.getInputProps('endTime')}
          />
        </Group>
        <TextInput
          label={t('form.break')}
          placeholder="0:30"
          disabled={running}
          description={
            running ? t('form.breakRunning') : (workedSummary(form.values, timezone) ?? t('form.breakHint'))
          }
          inputMode="numeric"
          {...form.getInputProps('breakSeconds')}
        />
        <Textarea label={t('notes')} autosize minRows={2} maxRows={6} {...form.getInputProps('notes')} />
        <TagPicker {...form.getInputProps('tags')} />
        <Switch label={t('billable')} {...form.getInputProps('billable', { type: 'checkbox' })} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onDone}>
            {t('common:cancel')}
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {editing ? t('form.save') : t('addEntry')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
