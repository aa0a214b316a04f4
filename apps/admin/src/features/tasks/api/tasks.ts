import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TaskCreate, TaskResponse, TaskUpdate } from '@timetracker/contracts';

import { apiDelete, apiGet, apiPatch, apiPost, withQuery } from '@/lib/api-client';

export interface TaskFilters {
  search?: string;
  projectId?: number;
  status?: string;
  mine?: boolean;
  overdue?: boolean;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export function useTasks(filters: TaskFilters) {
  return useQuery({
    queryKey: ['tasks', 'list', filters],
    queryFn: ({ signal }) =>
      apiGet<{ items: TaskResponse[]; total: number }>(withQuery('/api/v1/tasks', { ...filters }), {
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useSaveTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: TaskCreate | TaskUpdate }) =>
      id === null
        ? apiPost<TaskResponse>('/api/v1/tasks', body)
        : apiPatch<TaskResponse>(`/api/v1/tasks/${id}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tasks'] }),
  });
}

export function useDeleteTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiDelete(`/api/v1/tasks/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tasks'] }),
  });
}
