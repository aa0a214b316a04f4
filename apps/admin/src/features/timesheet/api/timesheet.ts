import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TimesheetCellResult,
  TimesheetCellSet,
  TimesheetPeople,
  TimesheetPreviousRows,
  TimesheetResponse,
} from '@timetracker/contracts';

import { apiGet, apiPut, withQuery } from '@/lib/api-client';

// Under 'time-entries': a timer start or stop, or an entry edited in the list, refreshes the week.
export const timesheetKey = (start: string, userId: number) =>
  ['time-entries', 'timesheet', start, userId] as const;

/**
 * The week of `whose.userId`: one's own (`own`), or another user's for admins and their team
 * leads (the API refuses the others).
 */
export function useTimesheet(start: string, whose: { userId: number; own: boolean }) {
  return useQuery({
    queryKey: timesheetKey(start, whose.userId),
    queryFn: ({ signal }) =>
      apiGet<TimesheetResponse>(
        withQuery('/api/v1/timesheet', { week: start, userId: whose.own ? undefined : whose.userId }),
        { signal },
      ),
    placeholderData: (previous) => (previous?.userId === whose.userId ? previous : undefined),
  });
}

/** Whose timesheets the viewer may open, themselves first (only one: no picker). */
export function useTimesheetPeople() {
  return useQuery({
    queryKey: ['timesheet-people'],
    queryFn: ({ signal }) => apiGet<TimesheetPeople>('/api/v1/timesheet/people', { signal }),
    select: (data) => data.items,
    staleTime: 60_000,
  });
}

export function fetchPreviousRows(start: string, userId?: number) {
  return apiGet<TimesheetPreviousRows>(withQuery('/api/v1/timesheet/previous-rows', { week: start, userId }));
}

/** Sets one cell; the answer carries the whole week, which replaces the cached one. */
export function useSetCell() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TimesheetCellSet) => apiPut<TimesheetCellResult>('/api/v1/timesheet/cells', body),
    onSuccess: (result) => {
      queryClient.setQueryData(timesheetKey(result.week.start, result.week.userId), result.week);
      void queryClient.invalidateQueries({
        predicate: (q) =>
          (q.queryKey[0] === 'time-entries' && q.queryKey[1] !== 'timesheet') || q.queryKey[0] === 'reports',
      });
    },
  });
}
