import { useMutation, useQuery } from '@tanstack/react-query';
import type { TimeEntryResponse, TimerStop } from '@timetracker/contracts';

import { useInvalidateTime } from '@/lib/time-queries';
import { apiGet, apiPost } from '@/lib/api-client';

export const ACTIVE_TIMERS_KEY = ['timer', 'active'] as const;

export function useActiveTimers() {
  return useQuery({
    queryKey: ACTIVE_TIMERS_KEY,
    queryFn: ({ signal }) => apiGet<{ items: TimeEntryResponse[] }>('/api/v1/timer/active', { signal }),
    select: (data) => data.items,
    // The worker may stop a timer for idleness; notice it without a reload.
    refetchInterval: 60_000,
  });
}

export function useStopTimer() {
  const invalidate = useInvalidateTime();
  return useMutation({
    mutationFn: (body: TimerStop) => apiPost<TimeEntryResponse>('/api/v1/timer/stop', body),
    onSuccess: invalidate,
  });
}

export function sendHeartbeat() {
  return apiPost<{ lastActivityAt: string; idleTimeoutMinutes: number }>('/api/v1/timer/heartbeat');
}
