import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  FavouriteResponse,
  FavouriteUpdate,
  RecentCombination,
  TimeEntryResponse,
} from '@timetracker/contracts';

import { useTimerStartMutation } from '@/lib/time-queries';
import { apiDelete, apiGet, apiPatch, apiPost, apiPut } from '@/lib/api-client';

export const FAVOURITES_KEY = ['favourites'] as const;

export function useFavourites() {
  return useQuery({
    queryKey: FAVOURITES_KEY,
    queryFn: ({ signal }) => apiGet<{ items: FavouriteResponse[] }>('/api/v1/favourites', { signal }),
    select: (data) => data.items,
  });
}

export function useStartFavourite() {
  return useTimerStartMutation((id: number) => apiPost<TimeEntryResponse>(`/api/v1/favourites/${id}/start`));
}

export function usePinCombination() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (c: RecentCombination) =>
      apiPost<FavouriteResponse>('/api/v1/favourites', {
        projectId: c.projectId,
        taskId: c.taskId,
        notes: c.notes,
        tags: c.tags,
        billable: c.billable,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: FAVOURITES_KEY }),
  });
}

export function useUnpinFavourite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiDelete(`/api/v1/favourites/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: FAVOURITES_KEY }),
  });
}

/**
 * Puts the strip in the order given (PUT /favourites/order). The strip shows the new order at
 * once and goes back to what the server says when the request fails.
 */
export function useReorderFavourites() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: number[]) =>
      apiPut<{ items: FavouriteResponse[] }>('/api/v1/favourites/order', { ids }),
    onMutate: async (ids) => {
      await queryClient.cancelQueries({ queryKey: FAVOURITES_KEY });
      const before = queryClient.getQueryData<{ items: FavouriteResponse[] }>(FAVOURITES_KEY);
      if (before) {
        const byId = new Map(before.items.map((f) => [f.id, f]));
        const items = ids.flatMap((id, i) => {
          const f = byId.get(id);
          return f ? [{ ...f, position: i + 1 }] : [];
        });
        queryClient.setQueryData(FAVOURITES_KEY, { items });
      }
      return { before };
    },
    onError: (_error, _ids, context) => {
      if (context?.before) queryClient.setQueryData(FAVOURITES_KEY, context.before);
    },
    onSuccess: (data) => queryClient.setQueryData(FAVOURITES_KEY, data),
  });
}

/** Changes a favourite's notes and tags; a new tag name is made by this save, not before. */
export function useUpdateFavourite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: FavouriteUpdate }) =>
      apiPatch<FavouriteResponse>(`/api/v1/favourites/${id}`, body),
    // tags: the save may have created one.
    onSuccess: () =>
      Promise.all(['favourites', 'tags'].map((key) => queryClient.invalidateQueries({ queryKey: [key] }))),
  });
}
