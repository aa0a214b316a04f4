import { Button, Checkbox, Group, Modal, SimpleGrid, Stack, Text } from '@mantine/core';
import { DEFAULT_EXPORT_COLUMNS, EXPORT_COLUMNS } from '@timetracker/contracts';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';

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
  const [columns, setColumns] = useState<string[]>(DEFAULT_EXPORT_COLUMNS);
  const [bom, setBom] = useState(false);
  const ordered = EXPORT_COLUMNS.filter((c) => columns.includes(c));
  return (
    <Modal opened={opened} onClose={onClose} title="Export time entries as CSV" size="lg">
      <Stack>
        <Checkbox.Group
          label="Columns"
          value={columns}
          onChange={setColumns}
          error={ordered.length === 0 ? 'Pick at least one column' : undefined}
        >
          <SimpleGrid cols={{ base: 2, sm: 3 }} mt="xs" spacing="xs">
            {EXPORT_COLUMNS.map((c) => (
              <Checkbox key={c} value={c} label={c.replaceAll('_', ' ')} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <Group gap="xs">
          <Button variant="subtle" size="xs" onClick={() => setColumns([...EXPORT_COLUMNS])}>
            All
          </Button>
          <Button variant="subtle" size="xs" onClick={() => setColumns(DEFAULT_EXPORT_COLUMNS)}>
            Default
          </Button>
        </Group>
        <Checkbox
          label="Start with a byte order mark (helps Excel read accents)"
          checked={bom}
          onChange={(e) => setBom(e.currentTarget.checked)}
        />
        <Text size="sm" c="dimmed">
          Uses the report&apos;s period and filters, and the delimiter from the settings.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button
            component="a"
            href={exportUrl(filters, ordered, bom)}
            download
            leftSection={<IconDownload size={16} />}
            disabled={ordered.length === 0}
            onClick={onClose}
          >
            Download CSV
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
