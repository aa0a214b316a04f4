import { z } from 'zod';
import { text } from './input';

/**
 * Money in requests: a decimal string, never a JSON number (floats cannot hold cents exactly).
 * Seven digits before the point because the columns are NUMERIC(9, 2).
 */
export const MoneySchema = text()
  .regex(/^\d{1,7}(\.\d{1,2})?$/, 'a decimal string such as "85.00": up to 7 digits, 2 decimals')
  .describe('Decimal string, e.g. "85.00" (at most 9999999.99; never a JSON number)');

/** Money in responses: always two decimals. */
export const MoneyResponseSchema = z.string().describe('Decimal string with two decimals, e.g. "85.00"');

/** Optional free text of a form: trimmed, and blank means "none" (null). */
export function optionalText(max: number) {
  return text()
    .trim()
    .max(max)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();
}
