import { Card, SimpleGrid, Skeleton, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { ErrorState } from '@/components/query-state';
import { useNow } from '@/hooks/use-now';
import { formatDuration, formatMoney } from '@/lib/format';

import { useDashboard } from '../api/reports';

/**
 * Today / this week / this month, in the settings time zone (the API draws the boundaries). The
 * API counts running timers up to the moment it answered; `runningTimers` (how many of the user's
 * timers run now) keeps the figures moving each second until the next fetch.
 */
export function DashboardTotals({ runningTimers = 0 }: { runningTimers?: number }) {
  const { t } = useTranslation('reports');
  const dashboard = useDashboard();
  const live = runningTimers > 0 && dashboard.data?.running != null;
  const now = useNow(1000, live);
  if (dashboard.isError)
    return <ErrorState error={dashboard.error} onRetry={() => void dashboard.refetch()} />;
  const data = dashboard.data;
  const since = live ? Math.max(0, Math.floor((now - dashboard.dataUpdatedAt) / 1000)) : 0;
  const withRunning = (seconds: number) => seconds + since * runningTimers;
  const cards = [
    // The test id keeps the English name whatever the language.
    { id: 'Today', label: t('periods.today'), figures: data?.today },
    { id: 'This week', label: t('periods.this-week'), figures: data?.week },
    { id: 'This month', label: t('periods.this-month'), figures: data?.month },
  ];
  return (
    <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md" component="section" aria-label={t('totals')}>
      {cards.map(({ id, label, figures }) => (
        <Card withBorder key={id} padding="md">
          <Text size="sm" c="dimmed">
            {label}
          </Text>
          {figures && data ? (
            <>
              <Text
                fz={26}
                fw={700}
                style={{ fontVariantNumeric: 'tabular-nums' }}
                data-testid={`total-${id}`}
              >
                {formatDuration(withRunning(figures.seconds))}
              </Text>
              <Text size="sm" c="dimmed">
                {t('amountBillable', { amount: formatMoney(figures.billableAmount, data.currency) })}
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
