import type { HealthResponse, ReadinessResponse } from '@timetracker/contracts';
import { useCallback, useEffect, useState } from 'react';

import { getHealth, getReadiness } from './get-health';

export type HealthState =
  | { status: 'loading' }
  | { status: 'success'; health: HealthResponse; readiness: ReadinessResponse }
  | { status: 'error'; error: Error };

export interface UseHealthResult {
  state: HealthState;
  retry: () => void;
}

export function useHealth(): UseHealthResult {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<HealthState>({ status: 'loading' });

  useEffect(() => {
    // Aborting on cleanup keeps a slow answer from an earlier attempt (or an unmounted page) from
    // overwriting the current one.
    const controller = new AbortController();
    const { signal } = controller;
    Promise.all([getHealth({ signal }), getReadiness({ signal })]).then(
      ([health, readiness]) => {
        if (!signal.aborted) setState({ status: 'success', health, readiness });
      },
      (error: unknown) => {
        if (!signal.aborted) setState({ status: 'error', error: toError(error) });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  return { state, retry };
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
