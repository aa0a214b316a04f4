import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RecentCombination, TimeEntryResponse, TimerStart } from '@timetracker/contracts';

import { apiGet, apiPost, withQuery } from './api-client';
import { useOverlapNotice } from './overlap-notice';

/**
 * Everything a start or stop changes: the timer, entry lists, totals and charts. The mutation
 * stays pending only until the running timers are current again (the card and Alt+Shift+S act on
 * them); lists and charts refresh meanwhile without holding the next start or stop back.
 */
export function useInvalidateTime() {
  const queryClient = useQueryClient();
  return () => {
    for (const key of ['time-entries', 'reports', 'tags'])
      void queryClient.invalidateQueries({ queryKey: [key] });
    return queryClient.invalidateQueries({ queryKey: ['timer'] });
  };
}

/**
 * A timer start of any kind (`start` posts it): the timer card, a favourite, a recent
 * combination, continuing an entry. Says which entries the new timer overlaps, when it does.
 */
export function useTimerStartMutation<T>(start: (input: T) => Promise<TimeEntryResponse>) {
  const invalidate = useInvalidateTime();
  const notifyOverlaps = useOverlapNotice();
  return useMutation({
    mutationFn: start,
    onSuccess: (entry) => {
      notifyOverlaps(entry, 'started');
      return invalidate();
    },
  });
}

/** Starts a timer with a project, task, notes and tags (POST /timer/start). */
export function useStartTimer() {
  return useTimerStartMutation((body: TimerStart) => apiPost<TimeEntryResponse>('/api/v1/timer/start', body));
}

/** The user's newest distinct project/task/notes/tags combinations, to start again or pin. */
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
