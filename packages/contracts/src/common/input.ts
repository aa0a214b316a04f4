import { z } from 'zod';

// The building blocks every request schema is made of. Each refuses, by construction, what
// PostgreSQL would refuse later with a 500: ids beyond int4, text with U+0000 (text columns
// cannot hold it), instants its arithmetic overflows on. docs/security.md lists the bounds.

/** The largest id (and integer) a column can hold: PostgreSQL's int4. */
export const INT4_MAX = 2_147_483_647;

/** Instants accepted in requests: from 1970-01-01 (inclusive) to 2100-01-01 (exclusive), UTC. */
export const INSTANT_MIN = '1970-01-01T00:00:00Z';
export const INSTANT_MAX = '2100-01-01T00:00:00Z';
const INSTANT_MIN_MS = Date.parse(INSTANT_MIN);
const INSTANT_MAX_MS = Date.parse(INSTANT_MAX);
const INSTANT_RANGE = 'must be between 1970-01-01 and 2100-01-01';

const NUL_FREE = 'must not contain the NUL character (U+0000)';

/** A string without U+0000; chain `.trim()`, `.min()`, `.max()`, `.regex()` as with z.string(). */
export function text() {
  return z.string().refine((v) => !v.includes('\0'), NUL_FREE);
}

/** An id in a JSON body: a positive int4. */
export const IdSchema = z.number().int().positive().max(INT4_MAX);

/** An id in a query string or a path (strings, so coerced): a positive int4. */
export const QueryIdSchema = z.coerce.number().int().positive().max(INT4_MAX);

/** `/:id` of every resource. An id beyond int4 is a 400, like any id that is not one. */
export const IdParamSchema = z.strictObject({ id: QueryIdSchema });

/** A bounded integer (page numbers, minutes, limits…): never more than int4 holds. */
export function int(min: number, max: number) {
  return z.number().int().min(min).max(Math.min(max, INT4_MAX));
}

/** An instant in a request: ISO-8601 with Z or an offset, within 1970–2100. */
export const InstantSchema = z.iso
  .datetime({ offset: true })
  .refine((v) => {
    const ms = Date.parse(v);
    return ms >= INSTANT_MIN_MS && ms < INSTANT_MAX_MS;
  }, INSTANT_RANGE)
  .describe('ISO-8601 with Z or an offset (naive times are rejected), from 1970-01-01 to 2100-01-01');

/** An instant in a response: what the database holds (adopted rows may predate 1970). */
export const InstantResponseSchema = z.iso.datetime({ offset: true });

/** A calendar day in a request, YYYY-MM-DD, within 1970–2099. */
export const DaySchema = z.iso
  .date()
  .refine((v) => v >= INSTANT_MIN.slice(0, 10) && v < INSTANT_MAX.slice(0, 10), INSTANT_RANGE)
  .describe('Calendar date, YYYY-MM-DD, from 1970-01-01 to 2099-12-31');
