import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ProjectCreate, ProjectResponse, ProjectUpdate } from '@timetracker/contracts';

import { apiGet, apiPatch, apiPost, withQuery } from '@/lib/api-client';

export interface ProjectFilters {
  search?: string;
  status?: 'active' | 'archived';
  clientId?: number;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export function useProjects(filters: ProjectFilters) {
  return useQuery({
    queryKey: ['projects', 'list', filters],
    queryFn: ({ signal }) =>
      apiGet<{ items: ProjectResponse[]; total: number }>(withQuery('/api/v1/projects', { ...filters }), {
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  // Clients count their projects.
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['projects'] }),
      queryClient.invalidateQueries({ queryKey: ['clients'] }),
    ]);
}

export function useSaveProject() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: ProjectCreate | ProjectUpdate }) =>
      id === null
        ? apiPost<ProjectResponse>('/api/v1/projects', body)
        : apiPatch<ProjectResponse>(`/api/v1/projects/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useSetProjectStatus() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, active }: { id: number; active: boolean }) =>
      apiPost<ProjectResponse>(`/api/v1/projects/${id}/${active ? 'activate' : 'archive'}`),
    onSuccess: invalidate,
  });
}
