import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FavouriteResponse, RecentCombination, TimeEntryResponse } from '@timetracker/contracts';

import { useTimerStartMutation } from '@/lib/time-queries';
import { apiDelete, apiGet, apiPost } from '@/lib/api-client';

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
