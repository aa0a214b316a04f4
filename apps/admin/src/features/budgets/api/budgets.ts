import { useMutation, useQuery } from '@tanstack/react-query';
import type {
  BudgetCreate,
  BudgetNotificationPage,
  BudgetResponse,
  BudgetUpdate,
} from '@timetracker/contracts';

import { apiDelete, apiGet, apiPatch, apiPost, withQuery } from '@/lib/api-client';
import { useInvalidateKeys } from '@/lib/resources';

export const useBudgets = (filter: { projectId?: number; clientId?: number } = {}) =>
  useQuery({
    queryKey: ['budgets', filter],
    queryFn: () => apiGet<{ items: BudgetResponse[] }>(withQuery('/api/v1/budgets', filter)),
    select: (data) => data.items,
  });

/** Admins and team leads: the bell polls every minute, so a threshold crossed elsewhere shows up. */
export const useBudgetNotifications = (enabled: boolean) =>
  useQuery({
    queryKey: ['budget-notifications'],
    queryFn: () => apiGet<BudgetNotificationPage>('/api/v1/budgets/notifications?pageSize=20'),
    enabled,
    refetchInterval: 60_000,
  });

const REFRESH = ['budgets', 'budget-notifications'];

export function useCreateBudget() {
  const invalidate = useInvalidateKeys(REFRESH);
  return useMutation({
    mutationFn: (body: BudgetCreate) => apiPost<BudgetResponse>('/api/v1/budgets', body),
    onSuccess: invalidate,
  });
}

export function useUpdateBudget() {
  const invalidate = useInvalidateKeys(REFRESH);
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: BudgetUpdate }) =>
      apiPatch<BudgetResponse>(`/api/v1/budgets/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useDeleteBudget() {
  const invalidate = useInvalidateKeys(REFRESH);
  return useMutation({
    mutationFn: (id: number) => apiDelete(`/api/v1/budgets/${id}`),
    onSuccess: invalidate,
  });
}

export function useMarkNotificationsRead() {
  const invalidate = useInvalidateKeys(['budget-notifications']);
  return useMutation({
    mutationFn: (id?: number) => apiPost<{ marked: number }>('/api/v1/budgets/notifications/read', { id }),
    onSuccess: invalidate,
  });
}
