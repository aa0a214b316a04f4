import { useQueryClient } from '@tanstack/react-query';

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
