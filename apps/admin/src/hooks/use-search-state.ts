import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Filters kept in the address (shareable, and restored after signing in again). Changing any
 * filter other than `page` goes back to the first page.
 */
export function useSearchState() {
  const [params, setParams] = useSearchParams();
  const get = useCallback((key: string) => params.get(key) ?? undefined, [params]);
  const getNumber = useCallback(
    (key: string) => {
      const value = params.get(key);
      return value === null || value === '' ? undefined : Number(value);
    },
    [params],
  );
  const set = useCallback(
    (changes: Record<string, string | number | boolean | null | undefined>) =>
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(changes)) {
            if (value === undefined || value === null || value === '') next.delete(key);
            else next.set(key, String(value));
          }
          if (!('page' in changes)) next.delete('page');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return { get, getNumber, set };
}
