import { useMutation, useQuery } from '@tanstack/react-query';
import type { ApprovalDetailResponse, ApprovalResponse, ApprovalStatus } from '@timetracker/contracts';

import { apiGet, apiPost, withQuery } from '@/lib/api-client';
import { useInvalidateKeys } from '@/lib/resources';

export const useApprovalQueue = (status: ApprovalStatus) =>
  useQuery({
    queryKey: ['approvals', 'list', status],
    queryFn: ({ signal }) =>
      apiGet<{ items: ApprovalResponse[] }>(withQuery('/api/v1/approvals', { status }), { signal }),
  });

export const useApprovalDetail = (id: number | null) =>
  useQuery({
    queryKey: ['approvals', 'detail', id],
    queryFn: ({ signal }) => apiGet<ApprovalDetailResponse>(`/api/v1/approvals/${id}`, { signal }),
    enabled: id !== null,
  });

/** Approves (note optional) or rejects (note required) a submitted week. */
export function useDecideWeek() {
  const invalidate = useInvalidateKeys(['approvals']);
  return useMutation({
    mutationFn: ({ id, decision, note }: { id: number; decision: 'approve' | 'reject'; note: string }) =>
      apiPost<ApprovalResponse>(`/api/v1/approvals/${id}/${decision}`, {
        note: decision === 'approve' && note.trim() === '' ? null : note.trim(),
      }),
    onSuccess: invalidate,
  });
}
