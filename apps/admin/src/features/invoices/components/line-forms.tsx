import { Alert, Button, Card, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  InvoiceItemCreateSchema,
  InvoiceItemUpdateSchema,
  type InvoiceItemResponse,
} from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { applySubmitError, schemaErrors } from '@/lib/form';

import { useAddLine, useUpdateLine } from '../api/invoices';

interface LineValues {
  description: string;
  quantity: string;
  unitPrice: string;
}
const LINE_FIELDS = ['description', 'quantity', 'unitPrice'] as const;

function LineFields({ form }: { form: ReturnType<typeof useForm<LineValues>> }) {
  const { t } = useTranslation(['invoices', 'common']);
  return (
    <>
      <TextInput label={t('description')} withAsterisk {...form.getInputProps('description')} />
      <Group grow align="flex-start">
        <TextInput
          label={t('quantity')}
          inputMode="decimal"
          withAsterisk
          {...form.getInputProps('quantity')}
        />
        <TextInput
          label={t('unitPrice')}
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
  const { t } = useTranslation(['invoices', 'common']);
  const add = useAddLine(invoiceId);
  const form = useForm<LineValues>({
    initialValues: { description: '', quantity: '1', unitPrice: '' },
    validate: (values) => schemaErrors(InvoiceItemCreateSchema, values),
  });
  return (
    <Card withBorder component="section" aria-label={t('addLine')}>
      <Text fw={600} mb="xs">
        {t('addLine')}
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
            {t('addLineButton')}
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
  const { t } = useTranslation(['invoices', 'common']);
  return (
    <Modal opened={item !== null} onClose={onClose} title={t('editLine')}>
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
  const { t } = useTranslation(['invoices', 'common']);
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
          notifications.show({ color: 'teal', message: t('lineUpdated') });
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
            {t('madeFromTime')}
          </Text>
        )}
        <LineFields form={form} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common:cancel')}
          </Button>
          <Button type="submit" loading={update.isPending}>
            {t('saveLine')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
