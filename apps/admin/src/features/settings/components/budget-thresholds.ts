/** Why a thresholds text is refused: the key of its message in budgetUi.settings.errors. */
export type ThresholdsError = 'format' | 'count' | 'order';

/**
 * The settings form's "50, 80, 100" as settings.budgetThresholds wants it (docs/budgets.md):
 * 1 to 10 whole percentages from 1 to 1000, ascending, each once. Commas, semicolons or spaces
 * separate them; a trailing "%" is allowed.
 */
export function parseThresholds(text: string): { values: number[] } | { error: ThresholdsError } {
  const parts = text
    .split(/[,;\s]+/)
    .map((p) => p.replace(/%$/, ''))
    .filter(Boolean);
  if (parts.some((p) => !/^\d+$/.test(p))) return { error: 'format' };
  const values = parts.map(Number);
  if (values.some((v) => v < 1 || v > 1000)) return { error: 'format' };
  if (values.length < 1 || values.length > 10) return { error: 'count' };
  if (values.some((v, i) => i > 0 && v <= values[i - 1]!)) return { error: 'order' };
  return { values };
}

/** The thresholds as the form shows them. */
export const thresholdsText = (values: readonly number[]) => values.join(', ');
