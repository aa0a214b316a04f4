import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  FavouriteResponse,
  RecentCombination,
  TimeEntryResponse,
  TimerStart,
} from '@timetracker/contracts';

import { useInvalidateTime } from '@/lib/time-queries';
import { apiDelete, apiGet, apiPost, withQuery } from '@/lib/api-client';

export const FAVOURITES_KEY = ['favourites'] as const;

export function useFavourites() {
  return useQuery({
    queryKey: FAVOURITES_KEY,
    queryFn: ({ signal }) => apiGet<{ items: FavouriteResponse[] }>('/api/v1/favourites', { signal }),
    select: (data) => data.items,
  });
}

export function useRecentCombinations(limit = 5) {
  return useQuery({
    // Under time-entries: every entry write refreshes it.
    queryKey: ['time-entries', 'recent-combinations', limit],
    queryFn: ({ signal }) =>
      apiGet<{ items: RecentCombination[] }>(
        withQuery('/api/v1/time-entries/recent-combinations', { limit }),
        {
          signal,
        },
      ),
    select: (data) => data.items,
  });
}

export function useStartFavourite() {
  const invalidate = useInvalidateTime();
  return useMutation({
    mutationFn: (id: number) => apiPost<TimeEntryResponse>(`/api/v1/favourites/${id}/start`),
    onSuccess: invalidate,
  });
}

/** Starts a timer with a recent combination (the plain timer start). */
export function useStartCombination() {
  const invalidate = useInvalidateTime();
  return useMutation({
    mutationFn: (body: TimerStart) => apiPost<TimeEntryResponse>('/api/v1/timer/start', body),
    onSuccess: invalidate,
  });
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
