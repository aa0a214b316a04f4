import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TaskCreate, TaskResponse, TaskUpdate } from '@timetracker/contracts';

import { apiDelete, apiPatch, apiPost } from '@/lib/api-client';
import { usePagedList } from '@/lib/resources';

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

export const useTasks = (filters: TaskFilters) => usePagedList<TaskResponse>('tasks', { ...filters });

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
