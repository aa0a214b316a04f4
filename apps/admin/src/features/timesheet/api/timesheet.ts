import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TimesheetCellResult,
  TimesheetCellSet,
  TimesheetPreviousRows,
  TimesheetResponse,
} from '@timetracker/contracts';

import { apiGet, apiPut, withQuery } from '@/lib/api-client';

// Under 'time-entries': a timer start or stop, or an entry edited in the list, refreshes the week.
export const timesheetKey = (start: string) => ['time-entries', 'timesheet', start] as const;

export function useTimesheet(start: string) {
  return useQuery({
    queryKey: timesheetKey(start),
    queryFn: ({ signal }) =>
      apiGet<TimesheetResponse>(withQuery('/api/v1/timesheet', { week: start }), { signal }),
    placeholderData: (previous) => previous,
  });
}

export function fetchPreviousRows(start: string) {
  return apiGet<TimesheetPreviousRows>(withQuery('/api/v1/timesheet/previous-rows', { week: start }));
}

/** Sets one cell; the answer carries the whole week, which replaces the cached one. */
export function useSetCell() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TimesheetCellSet) => apiPut<TimesheetCellResult>('/api/v1/timesheet/cells', body),
    onSuccess: (result) => {
      queryClient.setQueryData(timesheetKey(result.week.start), result.week);
      void queryClient.invalidateQueries({
        predicate: (q) =>
          (q.queryKey[0] === 'time-entries' && q.queryKey[1] !== 'timesheet') || q.queryKey[0] === 'reports',
      });
    },
  });
}
