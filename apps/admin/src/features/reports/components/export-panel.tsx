import { Button, Checkbox, Group, Modal, SimpleGrid, Stack, Text } from '@mantine/core';
import { DEFAULT_EXPORT_COLUMNS, EXPORT_COLUMNS, type ExportColumn } from '@timetracker/contracts';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { exportUrl, xlsxExportUrl, type ReportFilters } from '../api/reports';

/** Which money the viewer sees: the API refuses the other money columns (403). */
export interface ExportMoney {
  /** Rates and billed amounts (admins, accountants; everyone with settings.ratesVisibleToAll). */
  amounts: boolean;
  /** Cost and margin (admins and accountants). */
  cost: boolean;
}

const AMOUNT_COLUMNS: readonly ExportColumn[] = ['rate', 'amount'];
const COST_COLUMNS: readonly ExportColumn[] = ['cost', 'margin'];

/** The columns offered to a viewer who sees `money`, in the order the API lists them. */
export function offeredColumns(money: ExportMoney): ExportColumn[] {
  return EXPORT_COLUMNS.filter(
    (c) => (money.amounts || !AMOUNT_COLUMNS.includes(c)) && (money.cost || !COST_COLUMNS.includes(c)),
  );
}

/** Pick the CSV's columns (kept in the order the API lists them), then let the browser download it. */
export function ExportModal({
  opened,
  onClose,
  filters,
  money,
}: {
  opened: boolean;
  onClose: () => void;
  filters: ReportFilters;
  money: ExportMoney;
}) {
  const { t } = useTranslation(['reports', 'common', 'rateForms', 'downloads']);
  const [columns, setColumns] = useState<string[]>(DEFAULT_EXPORT_COLUMNS);
  const [bom, setBom] = useState(false);
  const offered = offeredColumns(money);
  const ordered = offered.filter((c) => columns.includes(c));
  const label = (c: ExportColumn) =>
    c === 'cost' || c === 'margin' ? t(`rateForms:exportColumn.${c}`) : t(`export.column.${c}`);
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
            {offered.map((c) => (
              <Checkbox key={c} value={c} label={label(c)} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <Group gap="xs">
          <Button variant="subtle" size="xs" onClick={() => setColumns(offered)}>
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
          <Button
            component="a"
            href={xlsxExportUrl(filters, ordered)}
            download
            variant="light"
            leftSection={<IconDownload size={16} />}
            disabled={ordered.length === 0}
            onClick={onClose}
          >
            {t('downloads:downloadXlsx')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
