import { Badge } from '@mantine/core';
import type { ImportMode, ImportStatus } from '@timetracker/contracts';
import { useTranslation } from 'react-i18next';

const COLOURS: Record<ImportStatus, string> = {
  uploaded: 'gray',
  queued: 'blue',
  running: 'blue',
  checked: 'cyan',
  done: 'teal',
  failed: 'red',
  cancelled: 'orange',
  undone: 'gray',
};

/** The status in words; a queued or running job says whether it is the dry run or the import. */
export function StatusBadge({ status, mode }: { status: ImportStatus; mode: ImportMode }) {
  const { t } = useTranslation('imports');
  return (
    <Badge color={COLOURS[status]} variant="light">
      {(status === 'queued' || status === 'running') && mode === 'dry_run'
        ? t(`statusDryRun.${status}`)
        : t(`status.${status}`)}
    </Badge>
  );
}
