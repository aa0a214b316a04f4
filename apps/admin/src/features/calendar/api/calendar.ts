import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CalendarResponse, TimeEntryResponse } from '@timetracker/contracts';

import { apiGet, apiPatch, withQuery } from '@/lib/api-client';
import { useOverlapNotice } from '@/lib/overlap-notice';
import { useInvalidateTime } from '@/lib/time-queries';

export interface CalendarRange {
  /** First day, YYYY-MM-DD in the viewer's zone. */
  from: string;
  /** Last day, included. */
  to: string;
  /** Admins: whose calendar; undefined = one's own. */
  userId?: number;
}

/** The days on screen in one request. Under time-entries: every entry write refreshes it. */
export function useCalendar(range: CalendarRange | null) {
  return useQuery({
    queryKey: ['time-entries', 'calendar', range],
    queryFn: ({ signal }) =>
      apiGet<CalendarResponse>(withQuery('/api/v1/calendar', { ...range }), { signal }),
    enabled: range !== null,
    placeholderData: keepPreviousData,
  });
}

/**
 * A block dragged or resized: the same PATCH (and rules) as any edit of the entry's times. The
 * move stays pending until the calendar has read it back, so a block clicked meanwhile can wait
 * for its new times (the calendar page) instead of opening with the ones read before the move.
 */
export function useRescheduleEntry() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateTime();
  const notifyOverlaps = useOverlapNotice();
  return useMutation({
    mutationFn: ({ id, startTime, endTime }: { id: number; startTime: string; endTime: string }) =>
      apiPatch<TimeEntryResponse>(`/api/v1/time-entries/${id}`, { startTime, endTime }),
    onSuccess: async (entry) => {
      notifyOverlaps(entry);
      // invalidate() starts the calendar's read; cancelRefetch: false joins it rather than
      // starting a second one.
      await Promise.all([
        invalidate(),
        queryClient.refetchQueries(
          { queryKey: ['time-entries', 'calendar'], type: 'active' },
          { cancelRefetch: false },
        ),
      ]);
    },
  });
}
