import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UserCreate, UserResponse, UserUpdate } from '@timetracker/contracts';

import { apiDelete, apiPatch, apiPost, apiPut } from '@/lib/api-client';
import { usePagedList } from '@/lib/resources';

export interface UserFilters {
  search?: string;
  role?: 'admin' | 'manager' | 'accountant' | 'user';
  sort?: string;
  page?: number;
  pageSize?: number;
}

export const useUsers = (filters: UserFilters) => usePagedList<UserResponse>('users', { ...filters });

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

/** An admin's reset of a user's second factor (audited by the API). */
export function useResetTwoFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiDelete<UserResponse>(`/api/v1/users/${id}/two-factor`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}
