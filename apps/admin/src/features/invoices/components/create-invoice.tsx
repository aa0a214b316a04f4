import { Alert, Button, Group, Modal, Select, Stack, Switch, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { INVOICE_GROUPINGS, InvoiceCreateSchema, type InvoiceGroupBy } from '@timetracker/contracts';
import { useState } from 'react';
import { useNavigate } from 'react-router';

import { ProjectPicker } from '@/components/pickers';
import { applySubmitError, schemaErrors } from '@/lib/form';

import { useCreateInvoice } from '../api/invoices';
import { BillablePreview } from './billable-preview';

export const GROUPING_LABELS: Record<InvoiceGroupBy, string> = {
  task: 'One line per task',
  project: 'One line for the project',
  day: 'One line per day',
  entry: 'One line per entry',
};

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
  return (
    <Modal opened={opened} onClose={onClose} title="New invoice" size="lg">
      {opened && <CreateInvoiceForm onDone={onClose} />}
    </Modal>
  );
}

function CreateInvoiceForm({ onDone }: { onDone: () => void }) {
  const create = useCreateInvoice();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: { projectId: null, taxRate: '', generate: true, range: [null, null], groupBy: 'task' },
    validate: (values) => ({
      ...schemaErrors(InvoiceCreateSchema, toBody(values), RENAME),
      ...(values.projectId === null ? { projectId: 'Pick the project to bill' } : {}),
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
        <ProjectPicker
          withAsterisk
          description="The bill-to details come from its client"
          {...form.getInputProps('projectId')}
        />
        <TextInput
          label="Tax rate (%)"
          placeholder="0"
          inputMode="decimal"
          {...form.getInputProps('taxRate')}
        />
        <Switch
          label="Make lines from unbilled time"
          {...form.getInputProps('generate', { type: 'checkbox' })}
        />
        {form.values.generate && (
          <>
            <Group grow align="flex-start">
              <DatePickerInput
                type="range"
                allowSingleDateInRange
                clearable
                label="Days"
                placeholder="All unbilled time"
                {...form.getInputProps('range')}
              />
              <Select
                label="Lines"
                allowDeselect={false}
                data={INVOICE_GROUPINGS.map((g) => ({ value: g, label: GROUPING_LABELS[g] }))}
                {...form.getInputProps('groupBy')}
              />
            </Group>
            <BillablePreview projectId={form.values.projectId} from={from} to={to ?? from} />
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create draft
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
