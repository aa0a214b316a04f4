import { Alert, Button, Group, Modal, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { InvoiceUpdateSchema, type InvoiceResponse, type InvoiceUpdate } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { applySubmitError, schemaErrors } from '@/lib/form';

import { useUpdateInvoice } from '../api/invoices';

interface Values {
  clientName: string;
  clientEmail: string;
  clientAddress: string;
  issueDate: string | null;
  dueDate: string | null;
  taxRate: string;
  notes: string;
  terms: string;
}
const FIELDS = [
  'clientName',
  'clientEmail',
  'clientAddress',
  'issueDate',
  'dueDate',
  'taxRate',
  'notes',
  'terms',
] as const;

function initialValues(invoice: InvoiceResponse): Values {
  return {
    clientName: invoice.clientName,
    clientEmail: invoice.clientEmail ?? '',
    clientAddress: invoice.clientAddress ?? '',
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    taxRate: invoice.taxRate,
    notes: invoice.notes ?? '',
    terms: invoice.terms ?? '',
  };
}

/** What the API would get; blank text means "none" there (the contract turns '' into null). */
function toBody(values: Values): InvoiceUpdate {
  return {
    clientName: values.clientName,
    clientEmail: values.clientEmail,
    clientAddress: values.clientAddress,
    // The pickers hold calendar days; the API wants YYYY-MM-DD.
    issueDate: values.issueDate?.slice(0, 10),
    dueDate: values.dueDate?.slice(0, 10),
    taxRate: values.taxRate.trim(),
    notes: values.notes,
    terms: values.terms,
  };
}

export function EditDetailsModal({
  invoice,
  opened,
  onClose,
}: {
  invoice: InvoiceResponse;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation(['invoices', 'common']);
  return (
    <Modal opened={opened} onClose={onClose} title={t('editInvoiceDetails')} size="lg">
      {opened && <EditDetailsForm invoice={invoice} onDone={onClose} />}
    </Modal>
  );
}

function EditDetailsForm({ invoice, onDone }: { invoice: InvoiceResponse; onDone: () => void }) {
  const { t } = useTranslation(['invoices', 'common']);
  const update = useUpdateInvoice(invoice.id);
  const [formError, setFormError] = useState<string | null>(null);
  const [initial] = useState(() => initialValues(invoice));
  const form = useForm<Values>({
    initialValues: initial,
    validate: (values) => {
      const errors = schemaErrors(InvoiceUpdateSchema, toBody(values));
      if (!values.issueDate) errors.issueDate = t('pickIssueDate');
      if (!values.dueDate) errors.dueDate = t('pickDueDate');
      else if (values.issueDate && values.dueDate < values.issueDate) {
        errors.dueDate = t('dueBeforeIssue');
      }
      return errors;
    },
  });

  const submit = form.onSubmit((values) => {
    // Only what changed: an untouched tax rate, say, leaves the totals as they are.
    const body = toBody(values);
    const before = toBody(initial);
    const changed = Object.fromEntries(
      FIELDS.filter((f) => body[f] !== before[f]).map((f) => [f, body[f]]),
    ) as InvoiceUpdate;
    if (Object.keys(changed).length === 0) return onDone();
    setFormError(null);
    update.mutate(changed, {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: t('detailsSaved') });
        onDone();
      },
      onError: (error) =>
        setFormError(applySubmitError(error, { setErrors: form.setErrors, fields: FIELDS })),
    });
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('billTo')} withAsterisk {...form.getInputProps('clientName')} />
          <TextInput label={t('email')} type="email" {...form.getInputProps('clientEmail')} />
        </SimpleGrid>
        <Textarea label={t('address')} autosize minRows={2} {...form.getInputProps('clientAddress')} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <DatePickerInput label={t('issueDate')} withAsterisk {...form.getInputProps('issueDate')} />
          <DatePickerInput label={t('dueDate')} withAsterisk {...form.getInputProps('dueDate')} />
          <TextInput label={t('taxRate')} inputMode="decimal" {...form.getInputProps('taxRate')} />
        </SimpleGrid>
        <Textarea label={t('notes')} autosize minRows={2} {...form.getInputProps('notes')} />
        <Textarea label={t('terms')} autosize minRows={2} {...form.getInputProps('terms')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common:cancel')}
          </Button>
          <Button type="submit" loading={update.isPending}>
            {t('saveDetails')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
