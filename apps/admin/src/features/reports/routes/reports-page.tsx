import '@mantine/charts/styles.css';

import { BarChart } from '@mantine/charts';
import { Button, Card, Group, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconDownload } from '@tabler/icons-react';
import {
  REPORT_DIMENSIONS,
  REPORT_PERIODS,
  REPORT_PRICINGS,
  type ReportDimension,
  type ReportPeriod,
  type ReportPricing,
} from '@timetracker/contracts';
import { useState } from 'react';

import { PageHeader } from '@/components/page-header';
import { ClientPicker, ProjectPicker, UserPicker } from '@/components/pickers';
import { EmptyState, QueryState } from '@/components/query-state';
import { useSearchState } from '@/hooks/use-search-state';
import { dayRangeToInstants } from '@/lib/dates';
import { formatDuration, formatHours, formatHourTick, formatMoney, hourTicks } from '@/lib/format';
import { useSession } from '@/lib/session';
import { useLocale } from '@/lib/settings';

import { type ReportFilters, useSummary } from '../api/reports';
import { ExportModal } from '../components/export-panel';

const PERIOD_LABELS: Record<ReportPeriod, string> = {
  today: 'Today',
  yesterday: 'Yesterday',
  'this-week': 'This week',
  'last-week': 'Last week',
  'this-month': 'This month',
  'last-month': 'Last month',
  'this-year': 'This year',
  'last-year': 'Last year',
};

const DIMENSION_LABELS: Record<ReportDimension, string> = {
  user: 'User',
  client: 'Client',
  project: 'Project',
  task: 'Task',
  tag: 'Tag',
  billable: 'Billable',
  day: 'Day',
  week: 'Week',
  month: 'Month',
};

const PRICING_LABELS: Record<ReportPricing, string> = {
  exact: 'Exact',
  task: 'As invoiced per task',
  project: 'As invoiced per project',
  day: 'As invoiced per day',
  entry: 'As invoiced per entry',
};

/** What the amounts mean, in a sentence under the totals. */
function pricingNote(priceAs: ReportPricing): string {
  if (priceAs === 'exact') return 'Amounts are the exact price of the billable time, rounded to the cent.';
  const line = { task: 'task', project: 'project', day: 'day', entry: 'time entry' }[priceAs];
  return (
    `Amounts are what an invoice with one line per ${line} would charge for this time: ` +
    'each line’s hours are rounded, then multiplied by the hourly rate. ' +
    'They can differ from the exact price by a cent per line.'
  );
}

export function ReportsPage() {
  const { isAdmin } = useSession();
  const { timezone, currency } = useLocale();
  const search = useSearchState();
  const [exportOpen, setExportOpen] = useState(false);
  const period = search.get('period') ?? 'this-month';
  const from = search.get('from');
  const to = search.get('to');
  const group1 = (search.get('group') ?? 'project') as ReportDimension;
  const group2 = search.get('then') as ReportDimension | undefined;
  const billable = search.get('billable');
  const amounts = search.get('amounts');
  const priceAs: ReportPricing = REPORT_PRICINGS.includes(amounts as ReportPricing)
    ? (amounts as ReportPricing)
    : 'exact';
  const numbers = (key: string) =>
    search.getNumber(key) === undefined ? undefined : [search.getNumber(key) as number];

  const filters: ReportFilters = {
    ...(period === 'custom'
      ? from && to
        ? dayRangeToInstants(from, to, timezone)
        : {}
      : { period: period as ReportPeriod }),
    projects: numbers('project'),
    clients: numbers('client'),
    users: isAdmin ? numbers('user') : undefined,
    billable: billable === undefined ? undefined : billable === 'true',
  };
  const groupBy = group2 && group2 !== group1 ? [group1, group2] : [group1];
  const summary = useSummary(filters, groupBy, priceAs);
  const dimensions = REPORT_DIMENSIONS.filter((d) => d !== 'user' || isAdmin).map((d) => ({
    value: d,
    label: DIMENSION_LABELS[d],
  }));

  return (
    <>
      <PageHeader
        title="Reports"
        description={`Periods in ${timezone}; amounts in ${currency}`}
        actions={
          <Button
            leftSection={<IconDownload size={16} />}
            variant="default"
            onClick={() => setExportOpen(true)}
          >
            Export CSV
          </Button>
        }
      />
      <Group align="flex-end" gap="sm" wrap="wrap" mb="md">
        <Select
          label="Period"
          allowDeselect={false}
          value={period}
          onChange={(v) => search.set({ period: v === 'this-month' ? undefined : v })}
          data={[
            ...REPORT_PERIODS.map((p) => ({ value: p, label: PERIOD_LABELS[p] })),
            { value: 'custom', label: 'Custom range' },
          ]}
          w={160}
        />
        {period === 'custom' && (
          <DatePickerInput
            type="range"
            allowSingleDateInRange
            label="Days"
            placeholder="Pick the days"
            value={[from ?? null, to ?? null]}
            onChange={([f, t]) => {
              if (f && !t) return;
              search.set({ from: f?.slice(0, 10), to: t?.slice(0, 10) });
            }}
            w={240}
          />
        )}
        <Select
          label="Group by"
          allowDeselect={false}
          value={group1}
          onChange={(v) => search.set({ group: v })}
          data={dimensions}
          w={140}
        />
        <Select
          label="Then by"
          clearable
          placeholder="Nothing"
          value={group2 ?? null}
          onChange={(v) => search.set({ then: v })}
          data={dimensions.filter((d) => d.value !== group1)}
          w={140}
        />
        <ClientPicker
          includeInactive
          placeholder="Any client"
          value={search.getNumber('client') ?? null}
          onChange={(id) => search.set({ client: id })}
          w={180}
        />
        <ProjectPicker
          includeArchived
          placeholder="Any project"
          value={search.getNumber('project') ?? null}
          onChange={(id) => search.set({ project: id })}
          w={200}
        />
        {isAdmin && (
          <UserPicker
            value={search.getNumber('user') ?? null}
            onChange={(id) => search.set({ user: id })}
            w={160}
          />
        )}
        <Select
          label="Amounts"
          allowDeselect={false}
          value={priceAs}
          onChange={(v) => search.set({ amounts: v === 'exact' ? undefined : v })}
          data={REPORT_PRICINGS.map((p) => ({ value: p, label: PRICING_LABELS[p] }))}
          w={200}
        />
        <SegmentedControl
          aria-label="Billable"
          value={billable ?? 'all'}
          onChange={(v) => search.set({ billable: v === 'all' ? undefined : v })}
          data={[
            { value: 'all', label: 'All' },
            { value: 'true', label: 'Billable' },
            { value: 'false', label: 'Not billable' },
          ]}
        />
      </Group>

      <QueryState query={summary}>
        {(report) => (
          <Stack gap="md">
            <Group gap="xl" wrap="wrap" aria-label="Report totals">
              <Figure label="Total" value={formatDuration(report.totals.seconds)} />
              <Figure label="Billable" value={formatDuration(report.totals.billableSeconds)} />
              <Figure
                label="Billable amount"
                value={formatMoney(report.totals.billableAmount, report.currency)}
              />
              <Figure label="Entries" value={String(report.totals.entries)} />
            </Group>
            <Text size="sm" c="dimmed">
              {pricingNote(report.priceAs)}
            </Text>
            {report.rows.length === 0 ? (
              <Card withBorder>
                <EmptyState>No time in this period with these filters.</EmptyState>
              </Card>
            ) : (
              <>
                <Card withBorder padding="md">
                  <BarChart
                    h={260}
                    data={chartData(report.rows)}
                    dataKey="label"
                    series={[
                      { name: 'Billable', color: 'teal.6' },
                      { name: 'Not billable', color: 'gray.5' },
                    ]}
                    type="stacked"
                    valueFormatter={formatHourTick}
                    yAxisProps={hourAxis(report.rows)}
                    tickLine="none"
                    gridAxis="y"
                    withLegend
                    maxBarWidth={64}
                  />
                </Card>
                <Card withBorder padding={0}>
                  <Table.ScrollContainer minWidth={560}>
                    <Table striped aria-label="Report">
                      <Table.Thead>
                        <Table.Tr>
                          {report.groupBy.map((d) => (
                            <Table.Th key={d}>{DIMENSION_LABELS[d]}</Table.Th>
                          ))}
                          <Table.Th ta="right">Hours</Table.Th>
                          <Table.Th ta="right">Billable hours</Table.Th>
                          <Table.Th ta="right">Amount</Table.Th>
                          <Table.Th ta="right">Entries</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {report.rows.map((row) => (
                          <Table.Tr key={row.groups.map((g) => g.key).join('|')}>
                            {row.groups.map((g) => (
                              <Table.Td key={g.dimension}>{g.label}</Table.Td>
                            ))}
                            <Table.Td ta="right">{formatHours(row.hours)}</Table.Td>
                            <Table.Td ta="right">{formatHours(row.billableHours)}</Table.Td>
                            <Table.Td ta="right">{formatMoney(row.billableAmount, report.currency)}</Table.Td>
                            <Table.Td ta="right">{row.entries}</Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                </Card>
              </>
            )}
          </Stack>
        )}
      </QueryState>
      <ExportModal opened={exportOpen} onClose={() => setExportOpen(false)} filters={filters} />
    </>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={22} fw={700}>
        {value}
      </Text>
    </div>
  );
}

/** One bar per row, labelled by its groups; hours split into billable and the rest. */
/** The hours axis: round steps up to the tallest (stacked) bar. */
function hourAxis(rows: { seconds: number }[]) {
  const ticks = hourTicks(Math.max(0, ...rows.slice(0, 40).map((r) => r.seconds / 3600)));
  return { ticks, domain: [0, ticks[ticks.length - 1]!], width: 56 };
}

function chartData(rows: { groups: { label: string }[]; seconds: number; billableSeconds: number }[]) {
  const h = (s: number) => s / 3600;
  return rows.slice(0, 40).map((r) => ({
    label: r.groups.map((g) => g.label).join(' · '),
    Billable: h(r.billableSeconds),
    'Not billable': h(r.seconds - r.billableSeconds),
  }));
}
