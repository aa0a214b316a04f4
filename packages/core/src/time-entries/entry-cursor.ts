import { createHash } from 'node:crypto';
import { DomainError } from '../errors/domain-error';
import { isSortKey, type EntryListPosition, type EntrySortField } from './time-entries-list.repository';

/**
 * The entry list's cursor (GET /time-entries?cursor=…): where the next page starts, for one sort.
 * Opaque to clients: base64url of a small JSON object and a checksum of it, so that an edited or
 * cut cursor is a 400 rather than a page from somewhere else. The checksum is no secret (the
 * cursor grants nothing: the filters and the caller's visibility still apply to every row).
 *
 * - s: the sort it was made for (another sort is refused),
 * - k: the last row's sort value (null: NULL), i: its id,
 * - p: the number of the page it leads to (so a client walking by cursor can still say "page 7").
 */
interface CursorBody {
  s: string;
  k: string | null;
  i: number;
  p: number;
}

const checksum = (body: string) =>
  createHash('sha256').update(`timetracker-entry-cursor:${body}`).digest('base64url').slice(0, 11);

export function encodeEntryCursor(sort: string, at: EntryListPosition, page: number): string {
  const body = Buffer.from(
    JSON.stringify({ s: sort, k: at.key, i: at.id, p: Math.min(page, 1_000_000) } satisfies CursorBody),
  ).toString('base64url');
  return `${body}.${checksum(body)}`;
}

/** The cursor's position and page, or a 400 naming `cursor` when it is not one of ours for `sort`. */
export function decodeEntryCursor(
  cursor: string,
  sort: string,
  field: EntrySortField,
): { after: EntryListPosition; page: number } {
  const invalid = (why: string) =>
    DomainError.validation(`Invalid cursor: ${why}`, [{ path: 'cursor', message: why }]);
  const [body, sum, extra] = cursor.split('.');
  if (!body || !sum || extra !== undefined || checksum(body) !== sum)
    throw invalid('not a cursor of this list (use nextCursor as it was given)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a cursor of this list (use nextCursor as it was given)');
  }
  const c = parsed as Partial<CursorBody> | null;
  if (
    typeof c !== 'object' ||
    c === null ||
    typeof c.s !== 'string' ||
    !Number.isSafeInteger(c.i) ||
    c.i! < 1 ||
    c.i! > 2_147_483_647 ||
    !Number.isSafeInteger(c.p) ||
    c.p! < 2 ||
    c.p! > 1_000_000 ||
    !(c.k === null || (typeof c.k === 'string' && isSortKey(field, c.k)))
  )
    throw invalid('not a cursor of this list (use nextCursor as it was given)');
  if (c.s !== sort) throw invalid(`made for sort=${c.s}, not sort=${sort}`);
  if (c.k === null && field === 'startTime')
    throw invalid('not a cursor of this list (use nextCursor as it was given)');
  return { after: { key: c.k, id: c.i! }, page: c.p! };
}
