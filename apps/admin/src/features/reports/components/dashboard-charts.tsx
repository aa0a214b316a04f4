import '@mantine/charts/styles.css';

import { BarChart, DonutChart } from '@mantine/charts';
import { Card, SimpleGrid, Title } from '@mantine/core';

import { EmptyState, QueryState } from '@/components/query-state';

import { useSeries } from '../api/reports';

const PALETTE = ['indigo.6', 'teal.6', 'orange.6', 'grape.6', 'cyan.6', 'gray.6'];
const hours = (seconds: number) => Math.round((seconds / 3600) * 100) / 100;

export function DashboardCharts() {
  const byDay = useSeries('hours-by-day', { period: 'this-month' });
  const byProject = useSeries('by-project', { period: 'this-month' }, 5);
  const billable = useSeries('billable-vs-non-billable', { period: 'this-month' });

  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
      <Card
        withBorder
        padding="md"
        style={{ gridColumn: 'span 1' }}
        component="section"
        aria-labelledby="chart-days"
      >
        <Title order={3} size="h5" id="chart-days" mb="sm">
          Hours by day, this month
        </Title>
        <QueryState query={byDay}>
          {(series) =>
            series.points.every((p) => p.seconds === 0) ? (
              <EmptyState>No time recorded this month yet.</EmptyState>
            ) : (
              <BarChart
                h={200}
                data={series.points.map((p) => ({ day: p.label, Hours: hours(p.seconds) }))}
                dataKey="day"
                series={[{ name: 'Hours', color: 'indigo.6' }]}
                tickLine="none"
                gridAxis="y"
              />
            )
          }
        </QueryState>
      </Card>
      <Card withBorder padding="md" component="section" aria-labelledby="chart-projects">
        <Title order={3} size="h5" id="chart-projects" mb="sm">
          By project, this month
        </Title>
        <QueryState query={byProject}>
          {(series) =>
            series.points.length === 0 ? (
              <EmptyState>Nothing yet.</EmptyState>
            ) : (
              <DonutChart
                h={200}
                mx="auto"
                withLabelsLine={false}
                withTooltip
                tooltipDataSource="segment"
                valueFormatter={(v) => `${v} h`}
                data={series.points.map((p, i) => ({
                  name: p.label,
                  value: hours(p.seconds),
                  color: PALETTE[i % PALETTE.length] ?? 'gray.6',
                }))}
              />
            )
          }
        </QueryState>
      </Card>
      <Card withBorder padding="md" component="section" aria-labelledby="chart-billable">
        <Title order={3} size="h5" id="chart-billable" mb="sm">
          Billable split, this month
        </Title>
        <QueryState query={billable}>
          {(series) =>
            series.points.every((p) => p.seconds === 0) ? (
              <EmptyState>Nothing yet.</EmptyState>
            ) : (
              <DonutChart
                h={200}
                mx="auto"
                withTooltip
                tooltipDataSource="segment"
                valueFormatter={(v) => `${v} h`}
                data={series.points.map((p) => ({
                  name: p.label,
                  value: hours(p.seconds),
                  color: p.key === 'true' ? 'teal.6' : 'gray.5',
                }))}
              />
            )
          }
        </QueryState>
      </Card>
    </SimpleGrid>
  );
}
