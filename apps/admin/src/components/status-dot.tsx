export type StatusTone = 'ok' | 'bad' | 'pending';

/** Colour is a hint only; the text next to the dot always carries the meaning. */
export function StatusDot({ tone }: { tone: StatusTone }) {
  return <span className={`status-dot status-dot--${tone}`} aria-hidden="true" />;
}
