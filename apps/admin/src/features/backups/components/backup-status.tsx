import { Badge, Progress, Stack, Text } from '@mantine/core';
import type { BackupResponse, BackupStatus } from '@timetracker/contracts';

const LABELS: Record<BackupStatus, { label: string; color: string }> = {
  requested: { label: 'waiting', color: 'yellow' },
  running: { label: 'running', color: 'blue' },
  ok: { label: 'ok', color: 'teal' },
  failed: { label: 'failed', color: 'red' },
};

/** After this long without a worker picking it up, the wait is worth a hint. */
const SLOW_PICKUP_MS = 60_000;

/** The status, and what it means right now: the wait, the progress, or why it failed. */
export function BackupStatusCell({ backup, now }: { backup: BackupResponse; now: number }) {
  const { label, color } = LABELS[backup.status];
  const { tablesDone, tablesTotal, rowsDone } = backup.progress;
  const percent = tablesTotal > 0 ? Math.round((tablesDone / tablesTotal) * 100) : 0;
  return (
    <Stack gap={4} maw={280}>
      <Badge color={color} variant="light">
        {label}
      </Badge>
      {backup.status === 'requested' && (
        <Text size="xs" c="dimmed">
          {now - Date.parse(backup.requestedAt) > SLOW_PICKUP_MS
            ? 'Still waiting: is a worker running? (System → Worker jobs)'
            : 'A worker picks it up within seconds.'}
        </Text>
      )}
      {backup.status === 'running' && (
        <>
          <Progress
            value={percent}
            size="sm"
            animated
            aria-label={`Backup ${backup.id} progress`}
            aria-valuetext={`${percent}%`}
          />
          <Text size="xs" c="dimmed">
            {tablesTotal > 0 ? `${tablesDone} of ${tablesTotal} tables` : 'Starting'},{' '}
            {rowsDone.toLocaleString()} rows
          </Text>
        </>
      )}
      {backup.status === 'failed' && backup.error && (
        <Text size="xs" c="red">
          {backup.error}
        </Text>
      )}
    </Stack>
  );
}
