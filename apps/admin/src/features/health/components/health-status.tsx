import type { ReadinessCheck } from '@timetracker/contracts';

import { StatusDot } from '@/components/status-dot';

import { type HealthState, useHealth } from '../api/use-health';

export function HealthStatus() {
  const { state, retry } = useHealth();
  const loading = state.status === 'loading';

  return (
    <section className="card" aria-labelledby="health-heading">
      <h2 id="health-heading">API health</h2>
      <div className="health-lines" role="status" aria-live="polite">
        <HealthLines state={state} />
      </div>
      {/* aria-disabled rather than disabled: a disabled button drops keyboard focus mid-retry. */}
      <button
        type="button"
        className="button"
        aria-disabled={loading}
        onClick={() => {
          if (!loading) retry();
        }}
      >
        {state.status === 'error' ? 'Retry' : 'Check again'}
      </button>
    </section>
  );
}

function HealthLines({ state }: { state: HealthState }) {
  switch (state.status) {
    case 'loading':
      return (
        <p className="health-line">
          <StatusDot tone="pending" />
          Checking the API…
        </p>
      );
    case 'error':
      return (
        <>
          <p className="health-line health-line--error">
            <StatusDot tone="bad" />
            The API is unreachable.
          </p>
          <p className="health-detail">{state.error.message}</p>
        </>
      );
    case 'success':
      return (
        <>
          <p className="health-line">
            <StatusDot tone={state.health.status === 'ok' ? 'ok' : 'bad'} />
            API {state.health.status} · version {state.health.version}
          </p>
          <DatabaseLine check={state.readiness.checks.database} />
        </>
      );
  }
}

function DatabaseLine({ check }: { check: ReadinessCheck }) {
  if (check.status === 'up') {
    return (
      <p className="health-line">
        <StatusDot tone="ok" />
        Database: up{check.latencyMs === undefined ? '' : ` (${Math.round(check.latencyMs)} ms)`}
      </p>
    );
  }
  return (
    <p className="health-line health-line--error">
      <StatusDot tone="bad" />
      Database: down — {check.error ?? 'no reason given'}
    </p>
  );
}
