import { Alert, Badge, Button, Card, Group, Progress, Stack, Text } from '@mantine/core';
import type { ImportResponse } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ConfirmModal } from '@/components/confirm-modal';
import { QueryState } from '@/components/query-state';
import { ApiError, describeError } from '@/lib/api-client';
import { formatBytes, formatDateTime, formatNumber } from '@/lib/format';
import { useLocale } from '@/lib/settings';

import { isBusy, useImport, useImportAction, useRefreshWhenRunEnds, type RowOutcome } from '../api/imports';
import { ImportRows } from './import-rows';
import { ImportSetup } from './import-setup';
import { StatusBadge } from './status-badge';

const ROWS_PER_PAGE = 50;

/** One import: its file, setup, the dry run's rows, the run's progress and its result. */
export function ImportDetail({ id, onBack }: { id: number; onBack: () => void }) {
  const { t } = useTranslation(['imports', 'common']);
  const [page, setPage] = useState(1);
  const [outcome, setOutcome] = useState<RowOutcome | undefined>(undefined);
  const query = useImport(id, { page, pageSize: ROWS_PER_PAGE, outcome });
  useRefreshWhenRunEnds(query.data);

  return (
    <Stack gap="md">
      <Group>
        <Button variant="subtle" size="xs" onClick={onBack}>
          {t('back')}
        </Button>
      </Group>
      <QueryState query={query}>
        {(item) => (
          <>
            <Overview item={item} />
            {!isBusy(item.status) && item.status !== 'done' && item.status !== 'undone' && (
              <ImportSetup item={item} disabled={false} />
            )}
            {(item.rows.total > 0 || outcome) && (
              <ImportRows
                item={item}
                outcome={outcome}
                onOutcome={(o) => {
                  setOutcome(o);
                  setPage(1);
                }}
                onPage={setPage}
              />
            )}
          </>
        )}
      </QueryState>
    </Stack>
  );
}

function Overview({ item }: { item: ImportResponse }) {
  const { t } = useTranslation(['imports', 'common']);
  const { timezone } = useLocale();
  const action = useImportAction();
  const [confirmUndo, setConfirmUndo] = useState(false);
  const busy = isBusy(item.status);
  const { progress } = item;
  const percent =
    progress.rowsTotal === null || progress.rowsTotal === 0
      ? null
      : Math.round((100 * progress.rowsDone) / progress.rowsTotal);
  const act = (name: 'dry-run' | 'run' | 'cancel' | 'undo') => {
    action.reset();
    action.mutate({ id: item.id, action: name }, { onSuccess: () => setConfirmUndo(false) });
  };
  const invoiced =
    action.error instanceof ApiError && action.error.status === 409 && action.variables?.action === 'undo';
  const ranOnce = item.mode === 'run' && item.finishedAt !== null && !busy;

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="import-overview">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <div style={{ minWidth: 0, flex: '1 1 16rem' }}>
            <Text fw={600} id="import-overview" style={{ overflowWrap: 'anywhere' }}>
              {item.fileName}
            </Text>
            <Text size="sm" c="dimmed">
              {t('fileLine', {
                format: t(`formats.${item.format}`),
                size: formatBytes(item.fileSize),
                at: formatDateTime(item.createdAt, timezone),
              })}
            </Text>
          </div>
          <Group gap="xs">
            <Badge variant="outline" tt="none">
              {t(`formats.${item.format}`)}
            </Badge>
            <StatusBadge status={item.status} mode={item.mode} />
          </Group>
        </Group>

        {busy && (
          <Stack gap={4}>
            <Text size="sm" role="status">
              {item.status === 'queued'
                ? t('queued')
                : percent === null
                  ? t('counting')
                  : t('progress', {
                      done: formatNumber(progress.rowsDone),
                      total: formatNumber(progress.rowsTotal ?? 0),
                      percent,
                    })}
            </Text>
            <Progress
              value={percent ?? 100}
              striped={percent === null}
              animated
              aria-label={item.mode === 'run' ? t('importProgress') : t('dryRunProgress')}
              size="lg"
            />
            {item.cancelRequested && (
              <Text size="sm" c="orange">
                {t('cancelling')}
              </Text>
            )}
          </Stack>
        )}

        {(item.finishedAt !== null || busy) && (
          <Text size="sm" data-testid="import-counts">
            {t(item.mode === 'run' ? 'countsRun' : 'counts', {
              created: formatNumber(progress.created),
              skipped: formatNumber(progress.skipped),
              refused: formatNumber(progress.refused),
            })}
          </Text>
        )}

        {item.status === 'failed' && item.error && (
          <Alert color="red" role="alert" title={t('failed')}>
            {item.error}
          </Alert>
        )}
        {item.status === 'cancelled' && item.mode === 'run' && (
          <Alert color="orange" role="status">
            {t('cancelledRun')}
            {item.undoable && ` ${t('cancelledUndo')}`}
          </Alert>
        )}
        {item.status === 'done' && (
          <Alert color={item.undoable ? 'teal' : 'gray'} role="status" title={t('doneTitle')}>
            {item.undoable ? t('doneUndoable') : t('notUndoable')}
          </Alert>
        )}
        {item.status === 'undone' && item.undoneAt && (
          <Alert color="gray" role="status">
            {t('undoneAt', { at: formatDateTime(item.undoneAt, timezone) })}
          </Alert>
        )}
        {item.status === 'checked' && <Text size="sm">{t('checkedHint')}</Text>}
        {action.error && (
          <Alert color="red" role="alert">
            {invoiced ? t('undoInvoiced') : describeError(action.error)}
          </Alert>
        )}

        <Group gap="xs" wrap="wrap">
          {!busy && item.status !== 'done' && item.status !== 'undone' && (
            <>
              <Button variant="light" loading={action.isPending} onClick={() => act('dry-run')}>
                {t('dryRun')}
              </Button>
              <Button loading={action.isPending} onClick={() => act('run')}>
                {ranOnce ? t('runAgain') : t('run')}
              </Button>
            </>
          )}
          {busy && (
            <Button
              color="red"
              variant="light"
              disabled={item.cancelRequested}
              loading={action.isPending}
              onClick={() => act('cancel')}
            >
              {t('cancel')}
            </Button>
          )}
          {/* A cancelled or failed run that wrote entries can be undone as a done one can. */}
          {(item.status === 'done' || item.undoable) && (
            <Button
              color="red"
              variant="light"
              disabled={!item.undoable}
              onClick={() => setConfirmUndo(true)}
            >
              {t('undo')}
            </Button>
          )}
        </Group>
      </Stack>
      <ConfirmModal
        opened={confirmUndo}
        title={t('undoTitle')}
        confirmLabel={t('undo')}
        loading={action.isPending}
        onClose={() => setConfirmUndo(false)}
        onConfirm={() => act('undo')}
      >
        {t('undoWarning', { count: item.entries ?? 0 })}
      </ConfirmModal>
    </Card>
  );
}
