import { Card, Group, Select, SimpleGrid, Stack, Switch, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IMPORT_FIELDS,
  IMPORT_FORMATS,
  type ImportField,
  type ImportMapping,
  type ImportResponse,
  type ImportUpdate,
} from '@timetracker/contracts';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '@/lib/api-client';
import { useUserOptions } from '@/lib/lookups';

import { useUpdateImport } from '../api/imports';

/** The fields a column can feed: the mapping's, and a format's own end date. */
const SHOWN_FIELDS = [...IMPORT_FIELDS, 'endDate'] as const;
type ShownField = (typeof SHOWN_FIELDS)[number];

/**
 * Before a dry run or run: the format, the zone the file's times are in, which column each field
 * comes from (editable for a generic CSV) and where unknown people's rows go. Each change is
 * saved at once; the next dry run uses it.
 */
export function ImportSetup({ item, disabled }: { item: ImportResponse; disabled: boolean }) {
  const { t } = useTranslation(['imports', 'common']);
  const update = useUpdateImport(item.id);
  const users = useUserOptions(true);
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone').concat('UTC'), []);
  const save = (body: ImportUpdate) =>
    update.mutate(body, {
      onError: (error) => notifications.show({ color: 'red', message: describeError(error) }),
    });
  // What was just chosen shows until the saved import is read back (the mutation waits for it).
  // The latest save's: one queued behind another's is pending too, and is built on it.
  const saving = update.isPending ? update.variables : undefined;
  const shown = {
    format: saving?.format ?? item.format,
    timezone: saving?.timezone ?? item.timezone,
    mapping: saving?.mapping ?? item.mapping,
  };
  const saveMapping = (change: Partial<ImportMapping>) => save({ mapping: { ...shown.mapping, ...change } });
  const generic = shown.format === 'generic';
  const userOptions = (users.data ?? []).map((u) => ({ value: String(u.id), label: u.username }));

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="import-setup">
      <Text fw={600} id="import-setup" mb="sm">
        {t('setupTitle')}
      </Text>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('format')}
            data={IMPORT_FORMATS.map((f) => ({ value: f, label: t(`formats.${f}`) }))}
            value={shown.format}
            allowDeselect={false}
            disabled={disabled}
            onChange={(v) => v && v !== shown.format && save({ format: v as ImportResponse['format'] })}
          />
          <Select
            label={t('timezone')}
            description={t('timezoneHint')}
            data={zones}
            searchable
            value={shown.timezone}
            allowDeselect={false}
            disabled={disabled}
            onChange={(v) => v && v !== shown.timezone && save({ timezone: v })}
          />
        </SimpleGrid>
        <div>
          <Text size="sm" fw={500}>
            {t('columnsTitle')}
          </Text>
          <Text size="xs" c="dimmed" mb="xs">
            {generic ? t('columnsGeneric') : t('columnsDetected')}
          </Text>
          {generic ? (
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="xs">
              {IMPORT_FIELDS.map((field) => (
                <Select
                  key={field}
                  size="xs"
                  label={t(`fields.${field}`)}
                  data={item.headers}
                  value={
                    shown.mapping.columns && field in shown.mapping.columns
                      ? (shown.mapping.columns[field] ?? null)
                      : (item.columns[field] ?? null)
                  }
                  placeholder={t('notInFile')}
                  clearable
                  clearButtonProps={{ 'aria-label': t('notInFileFor', { field: t(`fields.${field}`) }) }}
                  disabled={disabled}
                  onChange={(v) => {
                    const columns = { ...shown.mapping.columns } as Partial<
                      Record<ImportField, string | null>
                    >;
                    // Cleared: not in the file (null), else a header with the field's name would
                    // be matched again by the server.
                    columns[field] = v || null;
                    saveMapping({ columns });
                  }}
                />
              ))}
            </SimpleGrid>
          ) : (
            <Table withTableBorder={false} verticalSpacing={2} fz="sm" aria-label={t('columnsTitle')}>
              <Table.Tbody>
                {Object.entries(item.columns).map(([field, header]) => (
                  <Table.Tr key={field}>
                    <Table.Td c="dimmed" w="40%">
                      {SHOWN_FIELDS.includes(field as ShownField)
                        ? t(`fields.${field as ShownField}`)
                        : field}
                    </Table.Td>
                    <Table.Td ff="monospace">{header}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </div>
        <div>
          <Text size="sm" fw={500}>
            {t('usersTitle')}
          </Text>
          <Text size="xs" c="dimmed" mb="xs">
            {t('usersHint')}
          </Text>
          <Switch
            label={t('createMissing')}
            checked={shown.mapping.createMissingUsers ?? false}
            disabled={disabled}
            onChange={(e) => saveMapping({ createMissingUsers: e.currentTarget.checked })}
            mb="xs"
          />
          {item.unknownUsers.length === 0 && Object.keys(shown.mapping.users ?? {}).length === 0 ? (
            <Text size="sm" c="dimmed">
              {item.status === 'uploaded' ? t('usersAfterDryRun') : t('noUnknownUsers')}
            </Text>
          ) : (
            <Stack gap="xs">
              {[...new Set([...Object.keys(shown.mapping.users ?? {}), ...item.unknownUsers])].map(
                (source) => (
                  <Group key={source} gap="xs" wrap="wrap" align="flex-end">
                    <Text size="sm" ff="monospace" style={{ flex: '1 1 12rem', overflowWrap: 'anywhere' }}>
                      {source}
                    </Text>
                    <Select
                      size="xs"
                      style={{ flex: '1 1 12rem' }}
                      aria-label={t('mapUser', { source })}
                      placeholder={shown.mapping.createMissingUsers ? t('placeholderUser') : t('unmapped')}
                      data={userOptions}
                      searchable
                      clearable
                      disabled={disabled}
                      value={shown.mapping.users?.[source] ? String(shown.mapping.users[source]) : null}
                      onChange={(v) => {
                        const mapped = { ...shown.mapping.users };
                        if (v) mapped[source] = Number(v);
                        else delete mapped[source];
                        saveMapping({ users: mapped });
                      }}
                    />
                  </Group>
                ),
              )}
            </Stack>
          )}
        </div>
      </Stack>
    </Card>
  );
}
