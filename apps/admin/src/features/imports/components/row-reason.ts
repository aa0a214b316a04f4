import type { ImportRowView } from '@timetracker/contracts';
import type { TFunction } from 'i18next';

import { formatDateTime, formatDay, formatDuration } from '@/lib/format';

/** The params value as text ('' when absent or not text). */
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const seconds = (value: unknown) => (typeof value === 'number' ? formatDuration(value) : '');

/**
 * Why a row is refused or skipped, in the dashboard's language: the row's code picks the message
 * and its params fill it (contracts ImportRowParamsSchema). Rows stored before the codes, and a
 * code or kind this dashboard does not know, show the API's English reason.
 */
export function rowReason(
  t: TFunction<['imports', 'common']>,
  row: Pick<ImportRowView, 'code' | 'params' | 'reason'>,
  timezone: string,
): string {
  const { code, reason } = row;
  if (!code) return reason ?? '—';
  const p = row.params ?? {};
  const key = (() => {
    switch (code) {
      case 'bad_date':
      case 'duration':
        return `${code}.${text(p.problem)}`;
      case 'locked':
        return `locked.${text(p.lock)}`;
      case 'already_imported':
        return p.meanwhile === true ? 'already_imported_meanwhile' : code;
      default:
        return code;
    }
  })();
  const values = {
    value: text(p.value),
    pattern: text(p.pattern),
    start: formatDateTime(text(p.start), timezone),
    end: formatDateTime(text(p.end), timezone),
    duration: seconds(p.seconds),
    max: seconds(p.maxSeconds),
    user: text(p.user),
    day: formatDay(text(p.lockedBefore) || text(p.weekStart)),
    entryId: typeof p.entryId === 'number' ? String(p.entryId) : '',
  };
  // A key this catalog lacks (a newer API's code) falls back to the English reason.
  return t(`reasons.${key}` as 'reasons.missing', { ...values, defaultValue: reason ?? '—' });
}
