import {
  Alert,
  Button,
  Card,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { BudgetResponse } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { PageHeader } from '@/components/page-header';
import { ClientPicker, ProjectPicker } from '@/components/pickers';
import { ErrorState, LoadingState } from '@/components/query-state';
import { describeError } from '@/lib/api-client';
import { formatDay } from '@/lib/format';
import { useSession } from '@/lib/session';

import { useBudgets, useCreateBudget, useDeleteBudget, useUpdateBudget } from '../api/budgets';
import { BudgetBars } from '@/components/budget-bars';

interface Draft {
  owner: 'project' | 'client';
  ownerId: number | null;
  hours: string;
  amount: string;
  period: 'lifetime' | 'monthly';
}

const EMPTY: Draft = { owner: 'project', ownerId: null, hours: '', amount: '', period: 'lifetime' };

/** Budgets of projects and clients: progress for everyone, the form for admins. */
export function BudgetsPage() {
  const { t } = useTranslation('budgets');
  const { isAdmin } = useSession();
  const budgets = useBudgets();
  return (
    <Stack gap="md">
      <PageHeader title={t('title')} description={t('description')} />
      {isAdmin && <BudgetForm />}
      {budgets.isPending ? (
        <LoadingState />
      ) : budgets.isError ? (
        <ErrorState error={budgets.error} onRetry={() => void budgets.refetch()} />
      ) : budgets.data.length === 0 ? (
        <Text c="dimmed">{t('none')}</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {budgets.data.map((b) => (
            <BudgetItem key={b.id} budget={b} editable={isAdmin} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}

function BudgetItem({ budget, editable }: { budget: BudgetResponse; editable: boolean }) {
  const { t } = useTranslation('budgets');
  const remove = useDeleteBudget();
  return (
    <Card withBorder padding="md" data-testid={`budget-${budget.id}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2}>
          <Title order={3} size="h5">
            {budget.name}
          </Title>
          <Text size="xs" c="dimmed">
            {budget.projectId !== null ? t('ofProject') : t('ofClient')} ·{' '}
            {budget.period === 'monthly'
              ? t('monthlyFrom', { day: formatDay(budget.periodStart) })
              : t('lifetime')}
          </Text>
        </Stack>
        {editable && (
          <Button
            size="xs"
            variant="subtle"
            color="red"
            loading={remove.isPending}
            onClick={() => remove.mutate(budget.id)}
          >
            {t('delete')}
          </Button>
        )}
      </Group>
      <Stack mt="sm">
        <BudgetBars budget={budget} />
      </Stack>
    </Card>
  );
}

/** Sets a project's or client's budget; one that exists for the period is changed instead. */
function BudgetForm() {
  const { t } = useTranslation('budgets');
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const create = useCreateBudget();
  const update = useUpdateBudget();
  const existing = useBudgets(
    draft.ownerId === null
      ? {}
      : draft.owner === 'project'
        ? { projectId: draft.ownerId }
        : { clientId: draft.ownerId },
  );
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const submit = async () => {
    setError(null);
    const limits = { hours: draft.hours.trim() || null, amount: draft.amount.trim() || null };
    const same = draft.ownerId === null ? undefined : existing.data?.find((b) => b.period === draft.period);
    try {
      if (same) await update.mutateAsync({ id: same.id, body: limits });
      else
        await create.mutateAsync({
          ...(draft.owner === 'project'
            ? { projectId: draft.ownerId ?? 0 }
            : { clientId: draft.ownerId ?? 0 }),
          ...limits,
          period: draft.period,
        });
      setDraft(EMPTY);
    } catch (err) {
      setError(describeError(err));
    }
  };
  return (
    <Card withBorder padding="md" component="form" onSubmit={(e) => (e.preventDefault(), void submit())}>
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t('setBudget')}
        </Title>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <SegmentedControl
          value={draft.owner}
          onChange={(v) => set({ owner: v as Draft['owner'], ownerId: null })}
          data={[
            { value: 'project', label: t('ofProject') },
            { value: 'client', label: t('ofClient') },
          ]}
        />
        {draft.owner === 'project' ? (
          <ProjectPicker value={draft.ownerId} onChange={(id) => set({ ownerId: id })} required />
        ) : (
          <ClientPicker value={draft.ownerId} onChange={(id) => set({ ownerId: id })} required />
        )}
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput
            label={t('hours')}
            inputMode="decimal"
            value={draft.hours}
            onChange={(e) => set({ hours: e.currentTarget.value })}
          />
          <TextInput
            label={t('amount')}
            description={t('amountHint')}
            inputMode="decimal"
            value={draft.amount}
            onChange={(e) => set({ amount: e.currentTarget.value })}
          />
        </SimpleGrid>
        <SegmentedControl
          value={draft.period}
          onChange={(v) => set({ period: v as Draft['period'] })}
          data={[
            { value: 'lifetime', label: t('lifetime') },
            { value: 'monthly', label: t('monthly') },
          ]}
        />
        <Group justify="flex-end">
          <Button
            type="submit"
            loading={create.isPending || update.isPending}
            disabled={draft.ownerId === null}
          >
            {t('save')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
