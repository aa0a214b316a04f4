import { Button, Checkbox, Group, Modal, SimpleGrid, Stack, Text } from '@mantine/core';
import { DEFAULT_EXPORT_COLUMNS, EXPORT_COLUMNS, type ExportColumn } from '@timetracker/contracts';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';

import { exportUrl, type ReportFilters } from '../api/reports';

/** What each CSV column holds, in a person's words (the file keeps the API's column names). */
const COLUMN_LABELS: Record<ExportColumn, string> = {
  id: 'Entry number',
  date: 'Date',
  start: 'Start time',
  end: 'End time',
  duration_seconds: 'Duration in seconds',
  duration_hours: 'Duration in hours',
  duration_hms: 'Duration (h:mm:ss)',
  break: 'Break (h:mm)',
  raw_hours: 'Start to end in hours (before breaks and rounding)',
  user: 'User',
  client: 'Client',
  project: 'Project',
  task: 'Task',
  notes: 'Notes',
  tags: 'Tags',
  billable: 'Billable',
  rate: 'Hourly rate',
  amount: 'Amount',
  source: 'Timer or manual',
  invoice_number: 'Invoice number',
};

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
              <Checkbox key={c} value={c} label={COLUMN_LABELS[c]} />
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
