import { Progress, Stack, Text } from '@mantine/core';
import type { BudgetResponse } from '@timetracker/contracts';
import { useTranslation } from 'react-i18next';

import { formatMoney, formatNumber } from '@/lib/format';
import { useLocale } from '@/lib/settings';

/** Green below 80 %, orange up to 100 %, red past it. */
const colour = (percent: number) => (percent >= 100 ? 'red' : percent >= 80 ? 'orange' : 'teal');

function Bar({ label, percent, testId }: { label: string; percent: number; testId: string }) {
  return (
    <Stack gap={2}>
      <Text size="sm" data-testid={testId}>
        {label}
      </Text>
      <Progress value={Math.min(100, percent)} color={colour(percent)} aria-label={label} />
    </Stack>
  );
}

/** A budget's use this period: hours for everyone, money for those who may see rates. */
export function BudgetBars({ budget }: { budget: BudgetResponse }) {
  const { t } = useTranslation('budgets');
  const { currency } = useLocale();
  return (
    <Stack gap="xs">
      {budget.hours && (
        <Bar
          testId={`budget-hours-${budget.id}`}
          percent={budget.hours.percent}
          label={t('hoursUsed', {
            used: formatNumber(budget.hours.usedSeconds / 3600, 1),
            limit: formatNumber(Number(budget.hours.limit), 2),
            percent: formatNumber(budget.hours.percent, 1),
          })}
        />
      )}
      {budget.money && (
        <Bar
          testId={`budget-money-${budget.id}`}
          percent={budget.money.percent}
          label={t('moneyUsed', {
            used: formatMoney(budget.money.used, currency),
            limit: formatMoney(budget.money.limit, currency),
            percent: formatNumber(budget.money.percent, 1),
          })}
        />
      )}
    </Stack>
  );
}
