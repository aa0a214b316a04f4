import { Alert, Button, Group, Modal, Select, Stack, Switch, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { INVOICE_GROUPINGS, InvoiceCreateSchema, type InvoiceGroupBy } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

import { ProjectPicker } from '@/components/pickers';
import { applySubmitError, schemaErrors } from '@/lib/form';

import { useCreateInvoice } from '../api/invoices';
import { BillablePreview } from './billable-preview';

interface Values {
  projectId: number | null;
  taxRate: string;
  generate: boolean;
  range: [string | null, string | null];
  groupBy: InvoiceGroupBy;
}
const FIELDS = ['projectId', 'taxRate', 'generate', 'range', 'groupBy'] as const;
const RENAME = { 'generate.from': 'range', 'generate.to': 'range', 'generate.groupBy': 'groupBy' };

function toBody(values: Values) {
  const from = values.range[0]?.slice(0, 10);
  const to = (values.range[1] ?? values.range[0])?.slice(0, 10);
  return {
    projectId: values.projectId ?? 0,
    taxRate: values.taxRate.trim() || undefined,
    generate: values.generate ? { from, to, groupBy: values.groupBy } : undefined,
  };
}

export function CreateInvoiceModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation(['invoices', 'common']);
  return (
    <Modal opened={opened} onClose={onClose} title={t('newInvoice')} size="lg">
      {opened && <CreateInvoiceForm onDone={onClose} />}
    </Modal>
  );
}

function CreateInvoiceForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation(['invoices', 'common']);
  const create = useCreateInvoice();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: { projectId: null, taxRate: '', generate: true, range: [null, null], groupBy: 'task' },
    validate: (values) => ({
      ...schemaErrors(InvoiceCreateSchema, toBody(values), RENAME),
      ...(values.projectId === null ? { projectId: t('pickProject') } : {}),
    }),
  });
  const [from, to] = form.values.range;

  const submit = form.onSubmit((values) => {
    setFormError(null);
    create.mutate(toBody(values), {
      onSuccess: (invoice) => {
        onDone();
        void navigate(`/invoices/${invoice.id}`);
      },
      onError: (error) =>
        setFormError(applySubmitError(error, { setErrors: form.setErrors, fields: FIELDS }, RENAME)),
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
        <ProjectPicker withAsterisk description={t('projectHint')} {...form.getInputProps('projectId')} />
        <TextInput
          label={t('taxRate')}
          placeholder="0"
          inputMode="decimal"
          {...form.getInputProps('taxRate')}
        />
        <Switch label={t('generateLines')} {...form.getInputProps('generate', { type: 'checkbox' })} />
        {form.values.generate && (
          <>
            <Group grow align="flex-start">
              <DatePickerInput
                type="range"
                allowSingleDateInRange
                clearable
                label={t('days')}
                placeholder={t('allUnbilled')}
                {...form.getInputProps('range')}
              />
              <Select
                label={t('lines')}
                allowDeselect={false}
                data={INVOICE_GROUPINGS.map((g) => ({ value: g, label: t(`grouping.${g}`) }))}
                {...form.getInputProps('groupBy')}
              />
            </Group>
            <BillablePreview projectId={form.values.projectId} from={from} to={to ?? from} />
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common:cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('createDraft')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
