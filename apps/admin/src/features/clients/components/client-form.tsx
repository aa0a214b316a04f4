import { Alert, Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { type ClientResponse, ClientCreateSchema, ClientUpdateSchema } from '@timetracker/contracts';
import { useState } from 'react';

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
  return (
    <Modal opened={opened} onClose={onClose} title={client ? `Edit ${client.name}` : 'New client'} size="lg">
      {opened && <ClientForm client={client} onDone={onClose} />}
    </Modal>
  );
}

function ClientForm({ client, onDone }: { client: ClientResponse | null; onDone: () => void }) {
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
          notifications.show({ color: 'teal', message: `Client ${saved.name} saved` });
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
        <TextInput label="Name" withAsterisk {...form.getInputProps('name')} />
        <Group grow align="flex-start">
          <TextInput label="Contact person" {...form.getInputProps('contactPerson')} />
          <TextInput label="Email" type="email" {...form.getInputProps('email')} />
        </Group>
        <Group grow align="flex-start">
          <TextInput label="Phone" {...form.getInputProps('phone')} />
          <TextInput
            label="Default hourly rate"
            description={`In ${currency}; new projects of this client start with it`}
            placeholder="85.00"
            inputMode="decimal"
            {...form.getInputProps('defaultHourlyRate')}
          />
        </Group>
        <Textarea label="Address" autosize minRows={2} {...form.getInputProps('address')} />
        <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {client ? 'Save' : 'Create client'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
