import { Table, Text } from '@mantine/core';
import type { AuditEventResponse } from '@timetracker/contracts';
import { useTranslation } from 'react-i18next';

import { formatDateTime, formatDuration } from '@/lib/format';

type Snapshot = Record<string, unknown> | null;

/** The fields whose value differs between before and after (all of them for a create or delete). */
export function changedFields(before: Snapshot, after: Snapshot): string[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return keys.filter((k) => JSON.stringify(before?.[k] ?? null) !== JSON.stringify(after?.[k] ?? null));
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

/** One value as a person reads it: instants in the company zone, durations as h:mm, lists joined. */
function useValueText(timezone: string) {
  const { t } = useTranslation('audit');
  return (key: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return t('emptyValue');
    if (typeof value === 'boolean') return value ? t('yes') : t('no');
    if (typeof value === 'number' && /Seconds$/.test(key)) return formatDuration(value);
    if (typeof value === 'string' && INSTANT.test(value)) return formatDateTime(value, timezone);
    if (Array.isArray(value)) return value.length ? value.join(', ') : t('emptyValue');
    return String(value);
  };
}

/**
 * A field's name as a person reads it, in their language: the entity's own wording (a rate's
 * amount is per hour, a budget's a limit), else the field's, else the raw name (a field added
 * later, or one an older version recorded).
 */
export function useFieldLabel() {
  const { t, i18n } = useTranslation('auditFields');
  return (entity: AuditEventResponse['entity'], field: string): string => {
    const key = [`${entity}.${field}`, `field.${field}`].find((k) => i18n.exists(k, { ns: 'auditFields' }));
    // Keys built from recorded names: the catalog is checked by i18n.exists, not by the type.
    return key ? t(key as 'field.notes') : field;
  };
}

/** before → after of the fields an event changed, a row each (stacks on a phone). */
export function AuditDiff({ event, timezone }: { event: AuditEventResponse; timezone: string }) {
  const { t } = useTranslation('audit');
  const text = useValueText(timezone);
  const label = useFieldLabel();
  const fields = changedFields(event.before, event.after);
  if (fields.length === 0) return null;
  return (
    <div className="phone-cards">
      <Table fz="sm" verticalSpacing={4} aria-label={t('changes')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('field')}</Table.Th>
            <Table.Th>{t('before')}</Table.Th>
            <Table.Th>{t('after')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {fields.map((key) => (
            <Table.Tr key={key}>
              <Table.Td data-label={t('field')}>
                <Text size="sm" fw={500} title={key}>
                  {label(event.entity, key)}
                </Text>
              </Table.Td>
              <Table.Td data-label={t('before')}>
                <Text size="sm" c="dimmed" td={event.after ? 'line-through' : undefined}>
                  {text(key, event.before?.[key])}
                </Text>
              </Table.Td>
              <Table.Td data-label={t('after')}>{text(key, event.after?.[key])}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
