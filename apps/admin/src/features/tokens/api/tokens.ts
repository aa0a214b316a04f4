import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiTokenCreate, ApiTokenCreatedResponse, ApiTokenResponse } from '@timetracker/contracts';

import { apiDelete, apiGet, apiPost } from '@/lib/api-client';

const KEY = ['tokens'] as const;

export function useTokens() {
  return useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => apiGet<{ items: ApiTokenResponse[] }>('/api/v1/tokens', { signal }),
    select: (data) => data.items,
  });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiTokenCreate) => apiPost<ApiTokenCreatedResponse>('/api/v1/tokens', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiDelete<ApiTokenResponse>(`/api/v1/tokens/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}
