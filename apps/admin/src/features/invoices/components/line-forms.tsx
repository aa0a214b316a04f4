import { Alert, Button, Card, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  InvoiceItemCreateSchema,
  InvoiceItemUpdateSchema,
  type InvoiceItemResponse,
} from '@timetracker/contracts';
import { useState } from 'react';

import { applySubmitError, schemaErrors } from '@/lib/form';

import { useAddLine, useUpdateLine } from '../api/invoices';

interface LineValues {
  description: string;
  quantity: string;
  unitPrice: string;
}
const LINE_FIELDS = ['description', 'quantity', 'unitPrice'] as const;

function LineFields({ form }: { form: ReturnType<typeof useForm<LineValues>> }) {
  return (
    <>
      <TextInput label="Description" withAsterisk {...form.getInputProps('description')} />
      <Group grow align="flex-start">
        <TextInput label="Quantity" inputMode="decimal" withAsterisk {...form.getInputProps('quantity')} />
        <TextInput
          label="Unit price"
          inputMode="decimal"
          placeholder="85.00"
          withAsterisk
          {...form.getInputProps('unitPrice')}
        />
      </Group>
    </>
  );
}

export function AddLine({ invoiceId }: { invoiceId: number }) {
  const add = useAddLine(invoiceId);
  const form = useForm<LineValues>({
    initialValues: { description: '', quantity: '1', unitPrice: '' },
    validate: (values) => schemaErrors(InvoiceItemCreateSchema, values),
  });
  return (
    <Card withBorder component="section" aria-label="Add a line">
      <Text fw={600} mb="xs">
        Add a line
      </Text>
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          add.mutate(values, {
            onSuccess: () => form.reset(),
            onError: (error) => {
              const rest = applySubmitError(error, { setErrors: form.setErrors, fields: LINE_FIELDS });
              if (rest) notifications.show({ color: 'red', message: rest });
            },
          }),
        )}
      >
        <Stack gap="xs">
          <LineFields form={form} />
          <Button type="submit" variant="light" loading={add.isPending} style={{ alignSelf: 'flex-start' }}>
            Add line
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

/** Edits one line of a draft; its amount and the invoice's totals are recomputed by the API. */
export function EditLineModal({
  invoiceId,
  item,
  onClose,
}: {
  invoiceId: number;
  item: InvoiceItemResponse | null;
  onClose: () => void;
}) {
  return (
    <Modal opened={item !== null} onClose={onClose} title="Edit line">
      {item && <EditLineForm invoiceId={invoiceId} item={item} onDone={onClose} />}
    </Modal>
  );
}

function EditLineForm({
  invoiceId,
  item,
  onDone,
}: {
  invoiceId: number;
  item: InvoiceItemResponse;
  onDone: () => void;
}) {
  const update = useUpdateLine(invoiceId);
  const [formError, setFormError] = useState<string | null>(null);
  const initial: LineValues = {
    description: item.description,
    quantity: item.quantity,
    unitPrice: item.unitPrice,
  };
  const form = useForm<LineValues>({
    initialValues: initial,
    validate: (values) => schemaErrors(InvoiceItemUpdateSchema, values),
  });

  const submit = form.onSubmit((values) => {
    // Only what changed, so an untouched field is never rewritten.
    const body = Object.fromEntries(
      LINE_FIELDS.filter((f) => values[f] !== initial[f]).map((f) => [f, values[f]]),
    );
    if (Object.keys(body).length === 0) return onDone();
    setFormError(null);
    update.mutate(
      { itemId: item.id, body },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: 'Line updated' });
          onDone();
        },
        onError: (error) =>
          setFormError(applySubmitError(error, { setErrors: form.setErrors, fields: LINE_FIELDS })),
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
        {item.source === 'time' && (
          <Text size="sm" c="dimmed">
            Made from time: making the lines from time again replaces this line and its changes.
          </Text>
        )}
        <LineFields form={form} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save line
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
