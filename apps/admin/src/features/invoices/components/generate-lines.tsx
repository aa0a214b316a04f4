import { Button, Card, Select, Stack, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { INVOICE_GROUPINGS, type InvoiceGroupBy, type InvoiceResponse } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '@/lib/api-client';

import { useGenerateLines } from '../api/invoices';
import { BillablePreview } from './billable-preview';

/** (Re)makes the lines from time; manual lines stay. */
export function GenerateLines({ invoice }: { invoice: InvoiceResponse }) {
  const { t } = useTranslation('invoices');
  const generate = useGenerateLines(invoice.id);
  const [range, setRange] = useState<[string | null, string | null]>([null, null]);
  const [groupBy, setGroupBy] = useState<InvoiceGroupBy>('task');
  const from = range[0]?.slice(0, 10) ?? null;
  const to = (range[1] ?? range[0])?.slice(0, 10) ?? null;
  return (
    <Card withBorder component="section" aria-label={t('linesFromTime')}>
      <Text fw={600} mb="xs">
        {t('linesFromTime')}
      </Text>
      <Stack gap="xs">
        <DatePickerInput
          type="range"
          allowSingleDateInRange
          clearable
          label={t('days')}
          placeholder={t('allUnbilled')}
          value={range}
          onChange={setRange}
        />
        <Select
          label={t('lines')}
          allowDeselect={false}
          value={groupBy}
          onChange={(v) => setGroupBy((v as InvoiceGroupBy) ?? 'task')}
          data={INVOICE_GROUPINGS.map((g) => ({ value: g, label: t(`grouping.${g}`) }))}
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
                onSuccess: () => notifications.show({ color: 'teal', message: t('linesMade') }),
                onError: (error) => notifications.show({ color: 'red', message: describeError(error) }),
              },
            )
          }
        >
          {t('makeLinesFromTime')}
        </Button>
      </Stack>
    </Card>
  );
}
