import { useMutation, useQuery } from '@tanstack/react-query';
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

export function useSubmitWeek() {
  const invalidate = useInvalidateKeys(['approvals', 'timesheet']);
  return useMutation({
    mutationFn: (week: string) => apiPost<ApprovalResponse>('/api/v1/approvals', { week }),
    onSuccess: invalidate,
  });
}

export function useWithdrawWeek() {
  const invalidate = useInvalidateKeys(['approvals', 'timesheet']);
  return useMutation({
    mutationFn: (id: number) => apiPost<ApprovalResponse>(`/api/v1/approvals/${id}/withdraw`),
    onSuccess: invalidate,
  });
}
