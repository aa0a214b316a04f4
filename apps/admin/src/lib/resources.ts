import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { apiGet, apiPatch, apiPost, withQuery, type QueryValue } from '@/lib/api-client';

/** What every list endpoint answers (the page number and size are the caller's). */
export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * One page of `/api/v1/<resource>` for `filters`, under the query key `[resource, 'list',
 * filters]`; the previous page stays on screen while the next one loads.
 */
export function usePagedList<T>(resource: string, filters: { [key: string]: QueryValue }) {
  return useQuery({
    queryKey: [resource, 'list', filters],
    queryFn: ({ signal }) => apiGet<Page<T>>(withQuery(`/api/v1/${resource}`, { ...filters }), { signal }),
    placeholderData: keepPreviousData,
  });
}

/** Invalidates every query under each key; the promise settles once they have refetched. */
export function useInvalidateKeys(keys: readonly string[]) {
  const queryClient = useQueryClient();
  return () => Promise.all(keys.map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
}

/** Creates (`id` null) or updates a record of `/api/v1/<resource>`, then refreshes `refresh`. */
export function useSaveRecord<T, Body>(resource: string, refresh: readonly string[]) {
  const invalidate = useInvalidateKeys(refresh);
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: Body }) =>
      id === null ? apiPost<T>(`/api/v1/${resource}`, body) : apiPatch<T>(`/api/v1/${resource}/${id}`, body),
    onSuccess: invalidate,
  });
}

/** Archives or activates a record of `/api/v1/<resource>`, then refreshes `refresh`. */
export function useSetRecordStatus<T>(resource: string, refresh: readonly string[]) {
  const invalidate = useInvalidateKeys(refresh);
  return useMutation({
    mutationFn: ({ id, active }: { id: number; active: boolean }) =>
      apiPost<T>(`/api/v1/${resource}/${id}/${active ? 'activate' : 'archive'}`),
    onSuccess: invalidate,
  });
}
