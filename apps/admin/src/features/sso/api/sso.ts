import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SsoCheckResponse, SsoConfigResponse, SsoConfigUpdate } from '@timetracker/contracts';

import { apiGet, apiPost, apiPut } from '@/lib/api-client';

const KEY = ['sso', 'config'] as const;

export function useSsoConfig() {
  return useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => apiGet<SsoConfigResponse>('/api/v1/sso/config', { signal }),
  });
}

export function useSaveSsoConfig() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SsoConfigUpdate) => apiPut<SsoConfigResponse>('/api/v1/sso/config', body),
    onSuccess: (saved) => queryClient.setQueryData(KEY, saved),
  });
}

/** Discovery against the issuer typed in the form (saved or not). */
export function useCheckProvider() {
  return useMutation({
    mutationFn: (issuer: string) => apiPost<SsoCheckResponse>('/api/v1/sso/config/check', { issuer }),
  });
}
