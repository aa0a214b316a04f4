import { Alert, Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { type ClientResponse, ClientCreateSchema, ClientUpdateSchema } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { applySubmitError, schemaErrors } from '@/lib/form';
import { useLocale } from '@/lib/settings';

import { useSaveClient } from '../api/clients';

const FIELDS = [
  'name',
  'contactPerson',
  'email',
  'phone',
  'address',
  'description',
  'defaultHourlyRate',
] as const;
type Values = Record<(typeof FIELDS)[number], string>;

function toBody(values: Values) {
  return { ...values, defaultHourlyRate: values.defaultHourlyRate.trim() || null };
}

export function ClientFormModal({
  opened,
  client,
  onClose,
}: {
  opened: boolean;
  client: ClientResponse | null;
  onClose: () => void;
}) {
  const { t } = useTranslation(['clients', 'common']);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={client ? t('common:editName', { name: client.name }) : t('newClient')}
      size="lg"
    >
      {opened && <ClientForm client={client} onDone={onClose} />}
    </Modal>
  );
}

function ClientForm({ client, onDone }: { client: ClientResponse | null; onDone: () => void }) {
  const { t } = useTranslation(['clients', 'common']);
  const save = useSaveClient();
  const { currency } = useLocale();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: {
      name: client?.name ?? '',
      contactPerson: client?.contactPerson ?? '',
      email: client?.email ?? '',
      phone: client?.phone ?? '',
      address: client?.address ?? '',
      description: client?.description ?? '',
      defaultHourlyRate: client?.defaultHourlyRate ?? '',
    },
    validate: (values) => schemaErrors(client ? ClientUpdateSchema : ClientCreateSchema, toBody(values)),
  });

  const submit = form.onSubmit((values) => {
    setFormError(null);
    save.mutate(
      { id: client?.id ?? null, body: toBody(values) },
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
        <Group grow align="flex-start">
          <TextInput label={t('contactPerson')} {...form.getInputProps('contactPerson')} />
          <TextInput label={t('email')} type="email" {...form.getInputProps('email')} />
        </Group>
        <Group grow align="flex-start">
          <TextInput label={t('phone')} {...form.getInputProps('phone')} />
          <TextInput
            label={t('defaultHourlyRate')}
            description={t('rateHint', { currency })}
            placeholder="85.00"
            inputMode="decimal"
            {...form.getInputProps('defaultHourlyRate')}
          />
        </Group>
        <Textarea label={t('address')} autosize minRows={2} {...form.getInputProps('address')} />
        <Textarea label={t('description')} autosize minRows={2} {...form.getInputProps('description')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common:cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {client ? t('save') : t('create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
