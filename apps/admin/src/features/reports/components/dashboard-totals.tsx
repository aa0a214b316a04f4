import { Card, SimpleGrid, Skeleton, Text } from '@mantine/core';

import { ErrorState } from '@/components/query-state';
import { formatDuration, formatMoney } from '@/lib/format';

import { useDashboard } from '../api/reports';

/** Today / this week / this month, in the settings time zone (the API draws the boundaries). */
export function DashboardTotals() {
  const dashboard = useDashboard();
  if (dashboard.isError)
    return <ErrorState error={dashboard.error} onRetry={() => void dashboard.refetch()} />;
  const data = dashboard.data;
  const cards = [
    { label: 'Today', figures: data?.today },
    { label: 'This week', figures: data?.week },
    { label: 'This month', figures: data?.month },
  ];
  return (
    <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md" component="section" aria-label="Totals">
      {cards.map(({ label, figures }) => (
        <Card withBorder key={label} padding="md">
          <Text size="sm" c="dimmed">
            {label}
          </Text>
          {figures && data ? (
            <>
              <Text
                fz={26}
                fw={700}
                style={{ fontVariantNumeric: 'tabular-nums' }}
                data-testid={`total-${label}`}
              >
                {formatDuration(figures.seconds)}
              </Text>
              <Text size="sm" c="dimmed">
                {formatMoney(figures.billableAmount, data.currency)} billable
              </Text>
            </>
          ) : (
            <Skeleton h={48} mt={4} />
          )}
        </Card>
      ))}
    </SimpleGrid>
  );
}
