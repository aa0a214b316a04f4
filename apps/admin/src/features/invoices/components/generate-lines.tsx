import { Button, Card, Select, Stack, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { INVOICE_GROUPINGS, type InvoiceGroupBy, type InvoiceResponse } from '@timetracker/contracts';
import { useState } from 'react';

import { describeError } from '@/lib/api-client';

import { useGenerateLines } from '../api/invoices';
import { BillablePreview } from './billable-preview';
import { GROUPING_LABELS } from './create-invoice';

/** (Re)makes the lines from time; manual lines stay. */
export function GenerateLines({ invoice }: { invoice: InvoiceResponse }) {
  const generate = useGenerateLines(invoice.id);
  const [range, setRange] = useState<[string | null, string | null]>([null, null]);
  const [groupBy, setGroupBy] = useState<InvoiceGroupBy>('task');
  const from = range[0]?.slice(0, 10) ?? null;
  const to = (range[1] ?? range[0])?.slice(0, 10) ?? null;
  return (
    <Card withBorder component="section" aria-label="Lines from time">
      <Text fw={600} mb="xs">
        Lines from time
      </Text>
      <Stack gap="xs">
        <DatePickerInput
          type="range"
          allowSingleDateInRange
          clearable
          label="Days"
          placeholder="All unbilled time"
          value={range}
          onChange={setRange}
        />
        <Select
          label="Lines"
          allowDeselect={false}
          value={groupBy}
          onChange={(v) => setGroupBy((v as InvoiceGroupBy) ?? 'task')}
          data={INVOICE_GROUPINGS.map((g) => ({ value: g, label: GROUPING_LABELS[g] }))}
        />
        <BillablePreview
          projectId={invoice.projectId}
          from={from}
          to={to}
          ownItemIds={invoice.items.filter((i) => i.source === 'time').map((i) => i.id)}
        />
        <Button
          variant="light"
          style={{ alignSelf: 'flex-start' }}
          loading={generate.isPending}
          onClick={() =>
            generate.mutate(
              { from: from ?? undefined, to: to ?? undefined, groupBy },
              {
                onSuccess: () => notifications.show({ color: 'teal', message: 'Lines made from time' }),
                onError: (error) => notifications.show({ color: 'red', message: describeError(error) }),
              },
            )
          }
        >
          Make lines from time
        </Button>
      </Stack>
    </Card>
  );
}
