import { useMutation } from '@tanstack/react-query';
import type { TeamCreate, TeamResponse, TeamUpdate } from '@timetracker/contracts';

import { apiDelete, apiPatch, apiPost } from '@/lib/api-client';
import { useInvalidateKeys, usePagedList } from '@/lib/resources';

export interface TeamFilters {
  page?: number;
  pageSize?: number;
}

export const useTeams = (filters: TeamFilters) => usePagedList<TeamResponse>('teams', { ...filters });

// Projects list their teams; who may track on a private project follows the membership.
const REFRESH = ['teams', 'projects'];

export function useCreateTeam() {
  const invalidate = useInvalidateKeys(REFRESH);
  return useMutation({
    mutationFn: (body: TeamCreate) => apiPost<TeamResponse>('/api/v1/teams', body),
    onSuccess: invalidate,
  });
}

export function useUpdateTeam() {
  const invalidate = useInvalidateKeys(REFRESH);
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: TeamUpdate }) =>
      apiPatch<TeamResponse>(`/api/v1/teams/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useDeleteTeam() {
  const invalidate = useInvalidateKeys(REFRESH);
  return useMutation({
    mutationFn: (id: number) => apiDelete(`/api/v1/teams/${id}`),
    onSuccess: invalidate,
  });
}
