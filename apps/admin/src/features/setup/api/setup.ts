import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SetupResponse } from '@timetracker/contracts';

import { apiGet, apiPost } from '@/lib/api-client';

const KEY = ['setup'] as const;

/** The first-run checklist; asked only for admins (others get a 403). */
export function useSetup(enabled: boolean) {
  return useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => apiGet<SetupResponse>('/api/v1/setup', { signal }),
    enabled,
  });
}

export function useDismissSetup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiPost<SetupResponse>('/api/v1/setup/dismiss'),
    onSuccess: (data) => queryClient.setQueryData(KEY, data),
  });
}
