import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ClientCreate, ClientResponse, ClientUpdate } from '@timetracker/contracts';

import { apiGet, apiPatch, apiPost, withQuery } from '@/lib/api-client';

export interface ClientFilters {
  search?: string;
  status?: 'active' | 'inactive';
  sort?: string;
  page?: number;
  pageSize?: number;
}

export function useClients(filters: ClientFilters) {
  return useQuery({
    queryKey: ['clients', 'list', filters],
    queryFn: ({ signal }) =>
      apiGet<{ items: ClientResponse[]; total: number }>(withQuery('/api/v1/clients', { ...filters }), {
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  // Project lists show client names; refresh them too.
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['clients'] }),
      queryClient.invalidateQueries({ queryKey: ['projects'] }),
    ]);
}

export function useSaveClient() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: ClientCreate | ClientUpdate }) =>
      id === null
        ? apiPost<ClientResponse>('/api/v1/clients', body)
        : apiPatch<ClientResponse>(`/api/v1/clients/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useSetClientStatus() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, active }: { id: number; active: boolean }) =>
      apiPost<ClientResponse>(`/api/v1/clients/${id}/${active ? 'activate' : 'archive'}`),
    onSuccess: invalidate,
  });
}
