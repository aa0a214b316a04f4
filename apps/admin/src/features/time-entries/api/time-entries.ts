import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  FavouriteCreate,
  FavouriteResponse,
  TimeEntryBulkCreate,
  TimeEntryCreate,
  TimeEntryResponse,
  TimeEntryUpdate,
} from '@timetracker/contracts';

import { apiDelete, apiGet, apiPatch, apiPost, withQuery } from '@/lib/api-client';
import { useOverlapNotice } from '@/lib/overlap-notice';
import { useTimerStartMutation } from '@/lib/time-queries';

export interface TimeEntryFilters {
  from?: string;
  to?: string;
  projectId?: number;
  clientId?: number;
  taskId?: number;
  userId?: number;
  tag?: string;
  /** Comma-separated names, with tagMode any (default) or all. */
  tags?: string;
  tagMode?: 'any' | 'all';
  billable?: boolean;
  sort?: string;
  page?: number;
  /** A nextCursor of the same filters and sort (instead of page). */
  cursor?: string;
  pageSize?: number;
}

export interface TimeEntryPage {
  items: TimeEntryResponse[];
  total: number;
  /** More than 100,000 entries match: total is the server's estimate ("about"). */
  totalIsEstimate: boolean;
  page: number;
  pageSize: number;
  nextCursor: string | null;
}

export function useTimeEntries(filters: TimeEntryFilters) {
  return useQuery({
    queryKey: ['time-entries', 'list', filters],
    queryFn: ({ signal }) =>
      apiGet<TimeEntryPage>(withQuery('/api/v1/time-entries', { ...filters }), { signal }),
    placeholderData: keepPreviousData,
  });
}

/** Entries, timers, totals and charts all move together. */
function useInvalidateTime() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all(
      // tags: a save may have created one, and usage counts move.
      ['time-entries', 'timer', 'reports', 'tags'].map((key) =>
        queryClient.invalidateQueries({ queryKey: [key] }),
      ),
    );
}

/** One entry by id, e.g. the one a mail links to (`/time-entries?entry=<id>`, an idle stop). */
export function useTimeEntry(id: number | undefined) {
  return useQuery({
    queryKey: ['time-entries', 'one', id],
    queryFn: ({ signal }) => apiGet<TimeEntryResponse>(`/api/v1/time-entries/${id}`, { signal }),
    enabled: id !== undefined && Number.isInteger(id) && id > 0,
    retry: false,
  });
}

export function useCreateTimeEntry() {
  const invalidate = useInvalidateTime();
  const notifyOverlaps = useOverlapNotice();
  return useMutation({
    mutationFn: (body: TimeEntryCreate) => apiPost<TimeEntryResponse>('/api/v1/time-entries', body),
    onSuccess: (entry) => {
      notifyOverlaps(entry);
      return invalidate();
    },
  });
}

export function useUpdateTimeEntry() {
  const invalidate = useInvalidateTime();
  const notifyOverlaps = useOverlapNotice();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: TimeEntryUpdate }) =>
      apiPatch<TimeEntryResponse>(`/api/v1/time-entries/${id}`, body),
    onSuccess: (entry) => {
      notifyOverlaps(entry);
      return invalidate();
    },
  });
}

export function useDeleteTimeEntry() {
  const invalidate = useInvalidateTime();
  return useMutation({
    mutationFn: (id: number) => apiDelete(`/api/v1/time-entries/${id}`),
    onSuccess: invalidate,
  });
}

export function useBulkCreateTimeEntries() {
  const invalidate = useInvalidateTime();
  const notifyOverlaps = useOverlapNotice();
  return useMutation({
    mutationFn: (body: TimeEntryBulkCreate) =>
      apiPost<{ items: TimeEntryResponse[] }>('/api/v1/time-entries/bulk', body),
    onSuccess: (data) => {
      notifyOverlaps(data.items);
      return invalidate();
    },
  });
}

/** Starts a timer with the entry's project, task, notes, tags and billable flag. */
export function useContinueTimeEntry() {
  return useTimerStartMutation((id: number) =>
    apiPost<TimeEntryResponse>(`/api/v1/time-entries/${id}/continue`),
  );
}

/** A copy on another day (settings time zone) at the same local times. */
export function useDuplicateTimeEntry() {
  const invalidate = useInvalidateTime();
  const notifyOverlaps = useOverlapNotice();
  return useMutation({
    mutationFn: ({ id, date }: { id: number; date: string }) =>
      apiPost<TimeEntryResponse>(`/api/v1/time-entries/${id}/duplicate`, { date }),
    onSuccess: (entry) => {
      notifyOverlaps(entry);
      return invalidate();
    },
  });
}

/** Pins the entry's project/task/notes/tags as a favourite (the dashboard's strip lists them). */
export function usePinTimeEntry() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: FavouriteCreate) => apiPost<FavouriteResponse>('/api/v1/favourites', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['favourites'] }),
  });
}
