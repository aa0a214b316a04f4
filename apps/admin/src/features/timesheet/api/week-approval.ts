import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApprovalResponse, OwnWeekResponse } from '@timetracker/contracts';

import { apiGet, apiPost, withQuery } from '@/lib/api-client';
import { useInvalidateKeys } from '@/lib/resources';

/** The approval of one's own week holding `week` (docs/approvals.md). */
export const useOwnWeek = (week: string) =>
  useQuery({
    queryKey: ['approvals', 'own-week', week],
    queryFn: ({ signal }) =>
      apiGet<OwnWeekResponse>(withQuery('/api/v1/approvals/own-week', { week }), { signal }),
  });

/**
 * After a submission or a withdrawal: the approvals, and the timesheet's weeks, whose days lock
 * or unlock with it (their cells grey or open again).
 */
function useInvalidateWeeks() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateKeys(['approvals', 'timesheet']);
  return () =>
    Promise.all([invalidate(), queryClient.invalidateQueries({ queryKey: ['time-entries', 'timesheet'] })]);
}

export function useSubmitWeek() {
  const invalidate = useInvalidateWeeks();
  return useMutation({
    mutationFn: (week: string) => apiPost<ApprovalResponse>('/api/v1/approvals', { week }),
    onSuccess: invalidate,
  });
}

export function useWithdrawWeek() {
  const invalidate = useInvalidateWeeks();
  return useMutation({
    mutationFn: (id: number) => apiPost<ApprovalResponse>(`/api/v1/approvals/${id}/withdraw`),
    onSuccess: invalidate,
  });
}
