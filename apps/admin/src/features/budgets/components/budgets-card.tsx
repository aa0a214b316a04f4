import { Anchor, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { ErrorState } from '@/components/query-state';
import { formatDay } from '@/lib/format';
import { useSession } from '@/lib/session';

import { useBudgets } from '../api/budgets';
import { BudgetBars } from '@/components/budget-bars';

/** The dashboard's "Budgets" card: every budget the viewer may see, with its bars and period. */
export function BudgetsCard() {
  const { t } = useTranslation('budgets');
  const { isAdmin } = useSession();
  const budgets = useBudgets();
  if (budgets.isError) return <ErrorState error={budgets.error} onRetry={() => void budgets.refetch()} />;
  if (!budgets.data || (budgets.data.length === 0 && !isAdmin)) return null;
  return (
    <Card withBorder padding="md" component="section" aria-label={t('title')}>
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4">
          {t('title')}
        </Title>
        {isAdmin && (
          <Anchor component={Link} to="/budgets" size="sm">
            {t('manage')}
          </Anchor>
        )}
      </Group>
      {budgets.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('none')}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          {budgets.data.map((b) => (
            <Stack key={b.id} gap={4}>
              <Text fw={600}>{b.name}</Text>
              <Text size="xs" c="dimmed">
                {b.projectId !== null ? t('ofProject') : t('ofClient')} ·{' '}
                {b.period === 'monthly' ? t('monthlyFrom', { day: formatDay(b.periodStart) }) : t('lifetime')}
              </Text>
              <BudgetBars budget={b} />
            </Stack>
          ))}
        </SimpleGrid>
      )}
    </Card>
  );
}
