import '@mantine/charts/styles.css';

import { BarChart } from '@mantine/charts';
import { Button, Card, Group, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconDownload } from '@tabler/icons-react';
import {
  REPORT_DIMENSIONS,
  REPORT_PERIODS,
  REPORT_PRICINGS,
  WEEK_STARTS,
  type ReportDimension,
  type ReportPeriod,
  type ReportPricing,
  type WeekStart,
} from '@timetracker/contracts';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { FilteredBudget } from '@/components/budget-progress';
import { PageHeader } from '@/components/page-header';
import { ClientPicker, ProjectPicker, UserPicker } from '@/components/pickers';
import { EmptyState, QueryState } from '@/components/query-state';
import { useSearchState } from '@/hooks/use-search-state';
import { dayRangeToInstants } from '@/lib/dates';
import {
  formatDuration,
  formatHours,
  formatHourTick,
  formatMoney,
  formatNumber,
  hourTicks,
} from '@/lib/format';
import { useSession } from '@/lib/session';
import { useLocale } from '@/lib/settings';

import { TagFilter } from '@/components/tags';
import { type ReportFilters, summaryXlsxUrl, useSummary } from '../api/reports';
import { ExportModal } from '../components/export-panel';

/** What the amounts mean, in a sentence under the totals. */
function pricingNote(t: TFunction<['reports', 'common']>, priceAs: ReportPricing): string {
  if (priceAs === 'exact') return t('pricingNote.exact');
  return t('pricingNote.invoiced', { line: t(`pricingNote.line.${priceAs}`) });
}

export function ReportsPage() {
  const { t } = useTranslation(['reports', 'common', 'reportZone', 'rates', 'downloads']);
  const { isAdmin, preferences } = useSession();
  const { timezone: viewerZone, currency } = useLocale();
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
  // Days, weeks and months are cut in the viewer's zone and week unless the report picks others
  // (sent only then: the API's default is the same preference).
  const pickedZone = search.get('tz');
  const pickedWeekStart = WEEK_STARTS.find((w) => w === search.get('weekStart'));
  const timezone = pickedZone ?? viewerZone;
  const weekStart: WeekStart = pickedWeekStart ?? preferences?.weekStart ?? 'monday';
  const zones = useMemo(() => {
    const all = Intl.supportedValuesOf('timeZone').concat('UTC');
    return all.includes(timezone) ? all : [timezone, ...all];
  }, [timezone]);
  const numbers = (key: string) =>
    search.getNumber(key) === undefined ? undefined : [search.getNumber(key) as number];

  const filters: ReportFilters = {
    ...(period === 'custom'
      ? from && to
        ? dayRangeToInstants(from, to, timezone)
        : {}
      : { period: period as ReportPeriod }),
    timezone: pickedZone,
    weekStart: pickedWeekStart,
    projects: numbers('project'),
    clients: numbers('client'),
    users: isAdmin ? numbers('user') : undefined,
    tags: search.get('tags'),
    tagMode: search.get('tagMode') === 'all' ? 'all' : undefined,
    billable: billable === undefined ? undefined : billable === 'true',
  };
  const groupBy = group2 && group2 !== group1 ? [group1, group2] : [group1];
  const summary = useSummary(filters, groupBy, priceAs);
  const dimensions = REPORT_DIMENSIONS.filter((d) => d !== 'user' || isAdmin).map((d) => ({
    value: d,
    label: t(`dimension.${d}`),
  }));

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description', { timezone, currency })}
        actions={
          <>
            <Button
              leftSection={<IconDownload size={16} />}
              variant="default"
              onClick={() => setExportOpen(true)}
            >
              {t('exportCsv')}
            </Button>
            <Button
              component="a"
              href={summaryXlsxUrl(filters, groupBy, priceAs)}
              download
              leftSection={<IconDownload size={16} />}
              variant="default"
            >
              {t('downloads:summaryXlsx')}
            </Button>
          </>
        }
      />
      <Group align="flex-end" gap="sm" wrap="wrap" mb="md">
        <Select
          label={t('period')}
          allowDeselect={false}
          value={period}
          onChange={(v) => search.set({ period: v === 'this-month' ? undefined : v })}
          data={[
            ...REPORT_PERIODS.map((p) => ({ value: p, label: t(`periods.${p}`) })),
            { value: 'custom', label: t('customRange') },
          ]}
          w={160}
        />
        {period === 'custom' && (
          <DatePickerInput
            type="range"
            allowSingleDateInRange
            label={t('days')}
            placeholder={t('pickDays')}
            value={[from ?? null, to ?? null]}
            onChange={([f, t]) => {
              if (f && !t) return;
              search.set({ from: f?.slice(0, 10), to: t?.slice(0, 10) });
            }}
            w={240}
          />
        )}
        <Select
          label={t('reportZone:timezone')}
          searchable
          allowDeselect={false}
          value={timezone}
          onChange={(v) => search.set({ tz: v === viewerZone ? undefined : v })}
          data={zones}
          limit={50}
          w={200}
        />
        <Select
          label={t('reportZone:weekStart')}
          allowDeselect={false}
          value={weekStart}
          onChange={(v) =>
            search.set({ weekStart: v === (preferences?.weekStart ?? 'monday') ? undefined : v })
          }
          data={WEEK_STARTS.map((w) => ({ value: w, label: t(`reportZone:${w}`) }))}
          w={140}
        />
        <Select
          label={t('groupBy')}
          allowDeselect={false}
          value={group1}
          onChange={(v) => search.set({ group: v })}
          data={dimensions}
          w={140}
        />
        <Select
          label={t('thenBy')}
          clearable
          placeholder={t('nothing')}
          value={group2 ?? null}
          onChange={(v) => search.set({ then: v })}
          data={dimensions.filter((d) => d.value !== group1)}
          w={140}
        />
        <ClientPicker
          includeInactive
          placeholder={t('anyClient')}
          value={search.getNumber('client') ?? null}
          onChange={(id) => search.set({ client: id })}
          w={180}
        />
        <ProjectPicker
          includeArchived
          placeholder={t('anyProject')}
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
        <TagFilter
          tags={search.get('tags')?.split(',').filter(Boolean) ?? []}
          mode={search.get('tagMode') === 'all' ? 'all' : 'any'}
          onChange={(tags, mode) =>
            search.set({ tags: tags.join(',') || undefined, tagMode: mode === 'all' ? 'all' : undefined })
          }
          style={{ width: 220 }}
        />
        <Select
          label={t('amounts')}
          allowDeselect={false}
          value={priceAs}
          onChange={(v) => search.set({ amounts: v === 'exact' ? undefined : v })}
          data={REPORT_PRICINGS.map((p) => ({ value: p, label: t(`pricing.${p}`) }))}
          w={200}
        />
        <SegmentedControl
          aria-label={t('billable')}
          value={billable ?? 'all'}
          onChange={(v) => search.set({ billable: v === 'all' ? undefined : v })}
          data={[
            { value: 'all', label: t('common:all') },
            { value: 'true', label: t('billable') },
            { value: 'false', label: t('notBillable') },
          ]}
        />
      </Group>

      <FilteredBudget projectId={search.getNumber('project')} clientId={search.getNumber('client')} />
      <QueryState query={summary}>
        {(report) => (
          <Stack gap="md">
            <Group gap="xl" wrap="wrap" aria-label={t('totalsLabel')}>
              <Figure label={t('total')} value={formatDuration(report.totals.seconds)} />
              <Figure label={t('billable')} value={formatDuration(report.totals.billableSeconds)} />
              <Figure label={t('breaks')} value={formatDuration(report.totals.breakSeconds)} />
              <Figure
                label={t('billableAmount')}
                value={formatMoney(report.totals.billableAmount, report.currency)}
              />
              {/* Cost and margin come only to whom may see rates (admins, accountants). */}
              {report.totals.costAmount !== undefined && (
                <>
                  <Figure
                    label={t('rates:cost')}
                    value={formatMoney(report.totals.costAmount, report.currency)}
                  />
                  <Figure
                    label={t('rates:margin')}
                    value={formatMoney(report.totals.margin ?? '0.00', report.currency)}
                  />
                </>
              )}
              <Figure label={t('entries')} value={formatNumber(report.totals.entries, 0)} />
            </Group>
            <Text size="sm" c="dimmed">
              {pricingNote(t, report.priceAs)}
            </Text>
            {report.rows.length === 0 ? (
              <Card withBorder>
                <EmptyState>{t('empty')}</EmptyState>
              </Card>
            ) : (
              <>
                <Card withBorder padding="md">
                  <BarChart
                    h={260}
                    data={chartData(report.rows)}
                    dataKey="label"
                    series={[
                      { name: 'billable', label: t('billable'), color: 'teal.6' },
                      { name: 'notBillable', label: t('notBillable'), color: 'gray.5' },
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
                    <Table striped aria-label={t('table')}>
                      <Table.Thead>
                        <Table.Tr>
                          {report.groupBy.map((d) => (
                            <Table.Th key={d}>{t(`dimension.${d}`)}</Table.Th>
                          ))}
                          <Table.Th ta="right">{t('hours')}</Table.Th>
                          <Table.Th ta="right">{t('billableHours')}</Table.Th>
                          <Table.Th ta="right">{t('breakHours')}</Table.Th>
                          <Table.Th ta="right">{t('amount')}</Table.Th>
                          {report.totals.costAmount !== undefined && (
                            <>
                              <Table.Th ta="right">{t('rates:cost')}</Table.Th>
                              <Table.Th ta="right">{t('rates:margin')}</Table.Th>
                            </>
                          )}
                          <Table.Th ta="right">{t('entries')}</Table.Th>
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
                            <Table.Td ta="right">{formatHours(breakHours(row.breakSeconds))}</Table.Td>
                            <Table.Td ta="right">{formatMoney(row.billableAmount, report.currency)}</Table.Td>
                            {row.costAmount !== undefined && (
                              <>
                                <Table.Td ta="right">{formatMoney(row.costAmount, report.currency)}</Table.Td>
                                <Table.Td ta="right">
                                  {formatMoney(row.margin ?? '0.00', report.currency)}
                                </Table.Td>
                              </>
                            )}
                            <Table.Td ta="right">{formatNumber(row.entries, 0)}</Table.Td>
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
      <ExportModal
        opened={exportOpen}
        onClose={() => setExportOpen(false)}
        filters={filters}
        // The summary carries money only to whom may see it: the export offers the same.
        money={{
          amounts: summary.data?.totals.billableAmount !== undefined,
          cost: summary.data?.totals.costAmount !== undefined,
        }}
      />
    </>
  );
}

/** One total with its label; a named group, so the value is found (and read) by its label. */
function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div role="group" aria-label={label}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={22} fw={700}>
        {value}
      </Text>
    </div>
  );
}

/** Break seconds as hours to two decimals, like the API's other hours (900 → 0.25). */
function breakHours(seconds: number): number {
  return Math.round((seconds / 3600) * 100) / 100;
}

/** The hours axis: round steps up to the tallest (stacked) bar. */
function hourAxis(rows: { seconds: number }[]) {
  const ticks = hourTicks(Math.max(0, ...rows.slice(0, 40).map((r) => r.seconds / 3600)));
  return { ticks, domain: [0, ticks[ticks.length - 1]!], width: 56 };
}

/** One bar per row, labelled by its groups; hours split into billable and the rest. */
function chartData(rows: { groups: { label: string }[]; seconds: number; billableSeconds: number }[]) {
  const h = (s: number) => s / 3600;
  return rows.slice(0, 40).map((r) => ({
    label: r.groups.map((g) => g.label).join(' · '),
    billable: h(r.billableSeconds),
    notBillable: h(r.seconds - r.billableSeconds),
  }));
}
