import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { PageHeader } from '@/components/page-header';
import { BudgetsCard } from '@/features/budgets/components/budgets-card';
import { FavouritesStrip } from '@/features/favourites/components/favourites-strip';
import { DashboardCharts } from '@/features/reports/components/dashboard-charts';
import { DashboardTotals } from '@/features/reports/components/dashboard-totals';
import { SetupChecklist } from '@/features/setup/components/setup-checklist';
import { RecentEntries } from '@/features/time-entries/components/recent-entries';
import { useActiveTimers } from '@/features/timer/api/timer';
import { TimerCard } from '@/features/timer/components/timer-card';
import { useCurrentUser } from '@/lib/session';

/** The one page that composes features: the timer, totals, charts and the latest entries. */
export function DashboardPage() {
  const { t } = useTranslation('app');
  const user = useCurrentUser();
  const timers = useActiveTimers();
  return (
    <Stack gap="md">
      <PageHeader title={t('nav.dashboard')} description={t('hello', { name: user.username })} />
      <SetupChecklist />
      <TimerCard />
      <FavouritesStrip />
      <DashboardTotals runningTimers={timers.data?.length ?? 0} />
      <BudgetsCard />
      <DashboardCharts />
      <RecentEntries />
    </Stack>
  );
}
