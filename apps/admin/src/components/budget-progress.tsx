import { Card, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { BudgetResponse } from '@timetracker/contracts';
import { useTranslation } from 'react-i18next';

import { apiGet } from '@/lib/api-client';

import { BudgetBars } from './budget-bars';

/**
 * Every budget the viewer may see, with its use this period (GET /api/v1/budgets decides: hours
 * for everyone who sees the project, money only for those who may see rates; docs/budgets.md).
 * One request for a whole list page; the Budgets page's changes refresh it (same query key).
 */
export const useBudgetProgress = () =>
  useQuery({
    queryKey: ['budgets', {}],
    queryFn: ({ signal }) => apiGet<{ items: BudgetResponse[] }>('/api/v1/budgets', { signal }),
    select: (data) => data.items,
  });

/** The budgets of one project or one client, lifetime first. */
export function budgetsOf(
  budgets: readonly BudgetResponse[] | undefined,
  owner: { projectId: number } | { clientId: number },
): BudgetResponse[] {
  return (budgets ?? [])
    .filter((b) => ('projectId' in owner ? b.projectId === owner.projectId : b.clientId === owner.clientId))
    .sort((a, b) => (a.period === b.period ? 0 : a.period === 'lifetime' ? -1 : 1));
}

/** One budget's period ("This month", "Whole life") and its bars. */
function OneBudget({ budget }: { budget: BudgetResponse }) {
  const { t } = useTranslation('budgetUi');
  return (
    <Stack gap={2} data-testid={`budget-progress-${budget.id}`}>
      <Text size="xs" c="dimmed">
        {budget.period === 'monthly' ? t('progress.thisMonth') : t('progress.lifetime')}
      </Text>
      <BudgetBars budget={budget} />
    </Stack>
  );
}

/** A list page's budget cell: a project's or client's budgets, or a dash when it has none. */
export function BudgetCell({ budgets }: { budgets: readonly BudgetResponse[] }) {
  if (budgets.length === 0) return <Text c="dimmed">—</Text>;
  return (
    <Stack gap="xs" miw={180}>
      {budgets.map((b) => (
        <OneBudget key={b.id} budget={b} />
      ))}
    </Stack>
  );
}

/** A card with the budgets of the one project or client a page is about; nothing when none. */
export function BudgetCard({ name, budgets }: { name: string; budgets: readonly BudgetResponse[] }) {
  const { t } = useTranslation('budgetUi');
  if (budgets.length === 0) return null;
  return (
    <Card withBorder padding="md" mb="md" component="section" aria-label={t('progress.of', { name })}>
      <Title order={2} size="h5" mb="xs">
        {t('progress.of', { name })}
      </Title>
      <Stack gap="sm">
        {budgets.map((b) => (
          <OneBudget key={b.id} budget={b} />
        ))}
      </Stack>
    </Card>
  );
}

/**
 * A report's budget (Reports filtered to one project or one client): the project's budgets when a
 * project is picked, else the client's; nothing when it has none the viewer may see.
 */
export function FilteredBudget({ projectId, clientId }: { projectId?: number; clientId?: number }) {
  const budgets = useBudgetProgress();
  const owner = projectId !== undefined ? { projectId } : clientId !== undefined ? { clientId } : undefined;
  if (!owner || !budgets.data) return null;
  const mine = budgetsOf(budgets.data, owner);
  return <BudgetCard name={mine[0]?.name ?? ''} budgets={mine} />;
}
