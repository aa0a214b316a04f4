import '@mantine/charts/styles.css';

import { BarChart, DonutChart } from '@mantine/charts';
import { Card, ColorSwatch, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReportSeriesResponse } from '@timetracker/contracts';
import { useTranslation } from 'react-i18next';

import { EmptyState, QueryState } from '@/components/query-state';
import { formatDayLabel, formatHourTick, formatHoursMinutes, formatNumber, hourTicks } from '@/lib/format';

import { useSeries } from '../api/reports';

const PALETTE = ['indigo.6', 'teal.6', 'orange.6', 'grape.6', 'cyan.6', 'gray.6'];

interface Slice {
  name: string;
  seconds: number;
  color: string;
}

/**
 * A donut with its legend: each slice's name, h:mm and share. Values are seconds, so a month
 * with only a few seconds still draws its ring rather than an empty circle.
 */
function Donut({ slices, label }: { slices: Slice[]; label: string }) {
  const { t } = useTranslation('reports');
  const total = slices.reduce((sum, s) => sum + s.seconds, 0);
  if (total === 0) return <EmptyState>{t('charts.empty')}</EmptyState>;
  return (
    <Stack gap="sm">
      <DonutChart
        h={160}
        mx="auto"
        withTooltip
        tooltipDataSource="segment"
        valueFormatter={(v) => formatHoursMinutes(v)}
        chartLabel={formatHoursMinutes(total)}
        data={slices
          .filter((s) => s.seconds > 0)
          .map((s) => ({ name: s.name, value: s.seconds, color: s.color }))}
      />
      <Stack gap={4} component="ul" aria-label={label} m={0} p={0} style={{ listStyle: 'none' }}>
        {slices.map((s) => (
          <Group component="li" key={s.name} gap="xs" wrap="nowrap" justify="space-between">
            <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
              <ColorSwatch
                color={`var(--mantine-color-${s.color.replace('.', '-')})`}
                size={10}
                withShadow={false}
              />
              <Text size="sm" truncate>
                {s.name}
              </Text>
            </Group>
            <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
              {t('charts.share', {
                duration: formatHoursMinutes(s.seconds),
                percent: formatNumber(Math.round((s.seconds / total) * 100), 0),
              })}
            </Text>
          </Group>
        ))}
      </Stack>
    </Stack>
  );
}

function HoursByDay({ series }: { series: ReportSeriesResponse }) {
  const { t } = useTranslation('reports');
  if (series.points.every((p) => p.seconds === 0)) return <EmptyState>{t('charts.empty')}</EmptyState>;
  const data = series.points.map((p) => ({
    day: p.key ? formatDayLabel(p.key) : p.label,
    hours: p.seconds / 3600,
  }));
  const ticks = hourTicks(Math.max(...data.map((d) => d.hours)));
  return (
    <BarChart
      h={200}
      data={data}
      dataKey="day"
      series={[{ name: 'hours', label: t('hours'), color: 'indigo.6' }]}
      tickLine="none"
      gridAxis="y"
      valueFormatter={formatHourTick}
      yAxisProps={{ ticks, domain: [0, ticks[ticks.length - 1]!], width: 56 }}
    />
  );
}

export function DashboardCharts() {
  const { t } = useTranslation('reports');
  const byDay = useSeries('hours-by-day', { period: 'this-month' });
  const byProject = useSeries('by-project', { period: 'this-month' }, 5);
  const billable = useSeries('billable-vs-non-billable', { period: 'this-month' });

  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
      <Card withBorder padding="md" component="section" aria-labelledby="chart-days">
        <Title order={3} size="h5" id="chart-days" mb="sm">
          {t('charts.byDay')}
        </Title>
        <QueryState query={byDay}>{(series) => <HoursByDay series={series} />}</QueryState>
      </Card>
      <Card withBorder padding="md" component="section" aria-labelledby="chart-projects">
        <Title order={3} size="h5" id="chart-projects" mb="sm">
          {t('charts.byProject')}
        </Title>
        <QueryState query={byProject}>
          {(series) => (
            <Donut
              label={t('charts.timeByProject')}
              slices={series.points.map((p, i) => ({
                name: p.label,
                seconds: p.seconds,
                color: PALETTE[i % PALETTE.length] ?? 'gray.6',
              }))}
            />
          )}
        </QueryState>
      </Card>
      <Card withBorder padding="md" component="section" aria-labelledby="chart-billable">
        <Title order={3} size="h5" id="chart-billable" mb="sm">
          {t('charts.billableSplit')}
        </Title>
        <QueryState query={billable}>
          {(series) => (
            <Donut
              label={t('charts.billableAndNot')}
              slices={series.points.map((p) => ({
                name: p.key === 'true' ? t('billable') : p.key === 'false' ? t('notBillable') : p.label,
                seconds: p.seconds,
                color: p.key === 'true' ? 'teal.6' : 'gray.5',
              }))}
            />
          )}
        </QueryState>
      </Card>
    </SimpleGrid>
  );
}
