import {
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { type ProjectResponse, ProjectCreateSchema, ProjectUpdateSchema } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ClientPicker } from '@/components/pickers';
import { applySubmitError, schemaErrors } from '@/lib/form';
import { useClientOptions, useUserOptions } from '@/lib/lookups';
import { useLocale } from '@/lib/settings';

import { useTeams } from '@/features/teams/api/teams';

import { useSaveProject } from '../api/projects';

interface Values {
  name: string;
  clientId: number | null;
  description: string;
  billable: boolean;
  hourlyRate: string;
  billingRef: string;
  visibility: 'public' | 'private';
  memberIds: string[];
  teamIds: string[];
}
const FIELDS = [
  'name',
  'clientId',
  'description',
  'billable',
  'hourlyRate',
  'billingRef',
  'visibility',
  'memberIds',
  'teamIds',
] as const;

function toBody(values: Values, creating: boolean) {
  const rate = values.hourlyRate.trim();
  // A new project without a rate takes its client's default (the field left out); an edit that
  // clears the rate removes the project's own.
  return {
    ...values,
    hourlyRate: rate === '' ? (creating ? undefined : null) : rate,
    memberIds: values.memberIds.map(Number),
    teamIds: values.teamIds.map(Number),
  };
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
  const { t } = useTranslation(['projects', 'common', 'teams']);
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
  const { t } = useTranslation(['projects', 'common', 'teams']);
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
      visibility: project?.visibility ?? 'public',
      memberIds: project?.memberIds.map(String) ?? [],
      teamIds: project?.teamIds.map(String) ?? [],
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

  // Only admins edit projects, and only they may list users and teams.
  const users = useUserOptions(true);
  const teams = useTeams({ pageSize: 500 });

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
        <Stack gap={4}>
          <Text size="sm" fw={500} id="project-visibility">
            {t('teams:visibility')}
          </Text>
          <SegmentedControl
            aria-labelledby="project-visibility"
            data={[
              { value: 'public', label: t('teams:visibilityPublic') },
              { value: 'private', label: t('teams:visibilityPrivate') },
            ]}
            {...form.getInputProps('visibility')}
          />
          <Text size="xs" c="dimmed">
            {form.values.visibility === 'public'
              ? t('teams:visibilityPublicHint')
              : t('teams:visibilityPrivateHint')}
          </Text>
        </Stack>
        {form.values.visibility === 'private' && (
          <Group grow align="flex-start">
            <MultiSelect
              label={t('teams:projectMembers')}
              data={(users.data ?? []).map((u) => ({ value: String(u.id), label: u.username }))}
              searchable
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('memberIds')}
            />
            <MultiSelect
              label={t('teams:projectTeams')}
              data={(teams.data?.items ?? []).map((team) => ({ value: String(team.id), label: team.name }))}
              searchable
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('teamIds')}
            />
          </Group>
        )}
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
