import { Alert, Button, Group, Modal, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { type ProjectResponse, ProjectCreateSchema, ProjectUpdateSchema } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ClientPicker } from '@/components/pickers';
import { applySubmitError, schemaErrors } from '@/lib/form';
import { useClientOptions } from '@/lib/lookups';
import { useLocale } from '@/lib/settings';

import { useSaveProject } from '../api/projects';

interface Values {
  name: string;
  clientId: number | null;
  description: string;
  billable: boolean;
  hourlyRate: string;
  billingRef: string;
}
const FIELDS = ['name', 'clientId', 'description', 'billable', 'hourlyRate', 'billingRef'] as const;

function toBody(values: Values, creating: boolean) {
  const rate = values.hourlyRate.trim();
  // A new project without a rate takes its client's default (the field left out); an edit that
  // clears the rate removes the project's own.
  return { ...values, hourlyRate: rate === '' ? (creating ? undefined : null) : rate };
}

export function ProjectFormModal({
  opened,
  project,
  onClose,
}: {
  opened: boolean;
  project: ProjectResponse | null;
  onClose: () => void;
}) {
  const { t } = useTranslation(['projects', 'common']);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={project ? t('common:editName', { name: project.name }) : t('newProject')}
      size="lg"
    >
      {opened && <ProjectForm project={project} onDone={onClose} />}
    </Modal>
  );
}

function ProjectForm({ project, onDone }: { project: ProjectResponse | null; onDone: () => void }) {
  const { t } = useTranslation(['projects', 'common']);
  const save = useSaveProject();
  const { currency } = useLocale();
  const [formError, setFormError] = useState<string | null>(null);
  const creating = project === null;
  const form = useForm<Values>({
    initialValues: {
      name: project?.name ?? '',
      clientId: project?.clientId ?? null,
      description: project?.description ?? '',
      billable: project?.billable ?? true,
      hourlyRate: project?.hourlyRate ?? '',
      billingRef: project?.billingRef ?? '',
    },
    validate: (values) =>
      schemaErrors(creating ? ProjectCreateSchema : ProjectUpdateSchema, toBody(values, creating)),
  });

  // An empty rate means the client's default: show that figure, not an example that is never used.
  const clients = useClientOptions();
  const clientRate = clients.data?.find((c) => c.id === form.values.clientId)?.defaultHourlyRate ?? null;
  const rateHint = creating
    ? clientRate
      ? t('rateHintClient', { currency, rate: clientRate })
      : t('rateHintNone', { currency })
    : t('rateHint', { currency });

  const submit = form.onSubmit((values) => {
    setFormError(null);
    save.mutate(
      { id: project?.id ?? null, body: toBody(values, creating) },
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
        <TextInput label={t('name')} withAsterisk {...form.getInputProps('name')} />
        <ClientPicker placeholder={t('noClient')} {...form.getInputProps('clientId')} />
        <Group grow align="flex-start">
          <TextInput
            label={t('hourlyRate')}
            description={rateHint}
            placeholder={clientRate ?? undefined}
            inputMode="decimal"
            {...form.getInputProps('hourlyRate')}
          />
          <TextInput label={t('billingRef')} {...form.getInputProps('billingRef')} />
        </Group>
        <Textarea label={t('description')} autosize minRows={2} {...form.getInputProps('description')} />
        <Switch label={t('billableByDefault')} {...form.getInputProps('billable', { type: 'checkbox' })} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common:cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {project ? t('save') : t('create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
