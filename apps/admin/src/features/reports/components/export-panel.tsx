import { Button, Checkbox, Group, Modal, SimpleGrid, Stack, Text } from '@mantine/core';
import { DEFAULT_EXPORT_COLUMNS, EXPORT_COLUMNS } from '@timetracker/contracts';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { exportUrl, type ReportFilters } from '../api/reports';

/** Pick the CSV's columns (kept in the order the API lists them), then let the browser download it. */
export function ExportModal({
  opened,
  onClose,
  filters,
}: {
  opened: boolean;
  onClose: () => void;
  filters: ReportFilters;
}) {
  const { t } = useTranslation(['reports', 'common']);
  const [columns, setColumns] = useState<string[]>(DEFAULT_EXPORT_COLUMNS);
  const [bom, setBom] = useState(false);
  const ordered = EXPORT_COLUMNS.filter((c) => columns.includes(c));
  return (
    <Modal opened={opened} onClose={onClose} title={t('export.title')} size="lg">
      <Stack>
        <Checkbox.Group
          label={t('export.columns')}
          value={columns}
          onChange={setColumns}
          error={ordered.length === 0 ? t('export.pickColumn') : undefined}
        >
          <SimpleGrid cols={{ base: 2, sm: 3 }} mt="xs" spacing="xs">
            {EXPORT_COLUMNS.map((c) => (
              <Checkbox key={c} value={c} label={t(`export.column.${c}`)} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <Group gap="xs">
          <Button variant="subtle" size="xs" onClick={() => setColumns([...EXPORT_COLUMNS])}>
            {t('common:all')}
          </Button>
          <Button variant="subtle" size="xs" onClick={() => setColumns(DEFAULT_EXPORT_COLUMNS)}>
            {t('export.default')}
          </Button>
        </Group>
        <Checkbox label={t('export.bom')} checked={bom} onChange={(e) => setBom(e.currentTarget.checked)} />
        <Text size="sm" c="dimmed">
          {t('export.note')}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('export.close')}
          </Button>
          <Button
            component="a"
            href={exportUrl(filters, ordered, bom)}
            download
            leftSection={<IconDownload size={16} />}
            disabled={ordered.length === 0}
            onClick={onClose}
          >
            {t('export.download')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
