import { useQuery } from '@tanstack/react-query';
import type { AuthOptionsResponse } from '@timetracker/contracts';

import { apiGet } from '@/lib/api-client';

/** Whether sign-up is open (settings.allowSelfRegister), asked before anyone is signed in. */
export function useAuthOptions() {
  return useQuery({
    queryKey: ['auth', 'options'],
    queryFn: ({ signal }) => apiGet<AuthOptionsResponse>('/api/v1/auth/options', { signal }),
    staleTime: 60_000,
    // No retries: without an answer the page simply does not offer sign-up.
    retry: false,
  });
}
