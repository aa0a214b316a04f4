import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UserCreate, UserResponse, UserUpdate } from '@timetracker/contracts';

import { apiGet, apiPatch, apiPost, apiPut, withQuery } from '@/lib/api-client';

export interface UserFilters {
  search?: string;
  role?: 'admin' | 'user';
  sort?: string;
  page?: number;
  pageSize?: number;
}

export function useUsers(filters: UserFilters) {
  return useQuery({
    queryKey: ['users', 'list', filters],
    queryFn: ({ signal }) =>
      apiGet<{ items: UserResponse[]; total: number }>(withQuery('/api/v1/users', { ...filters }), {
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UserCreate) => apiPost<UserResponse>('/api/v1/users', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: UserUpdate }) =>
      apiPatch<UserResponse>(`/api/v1/users/${id}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useSetPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, password }: { id: number; password: string }) =>
      apiPut<UserResponse>(`/api/v1/users/${id}/password`, { password }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}
