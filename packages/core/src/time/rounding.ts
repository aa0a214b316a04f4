export type RoundingMode = 'nearest' | 'up' | 'down';

/**
 * The product's duration rule: whole seconds rounded to a step of `roundingMinutes`
 * (1 = no rounding) — nearest with ties going up, always up, or always down. Applied when an
 * entry ends, is created or edited; never to entries that already exist.
 */
export function roundDuration(seconds: number, roundingMinutes: number, mode: RoundingMode): number {
  const whole = Math.max(0, Math.floor(seconds));
  if (roundingMinutes <= 1) return whole;
  const step = roundingMinutes * 60;
  const steps = whole / step;
  const rounded =
    mode === 'up' ? Math.ceil(steps) : mode === 'down' ? Math.floor(steps) : Math.floor(steps + 0.5);
  return rounded * step;
}

/** Seconds between two instants, for the duration of an entry. */
export function elapsedSeconds(start: Date, end: Date): number {
  return Math.floor((end.getTime() - start.getTime()) / 1000);
}
