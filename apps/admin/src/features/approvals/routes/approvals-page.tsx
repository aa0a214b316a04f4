import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  addCalendarDays,
  formatHoursMinutes,
  type ApprovalResponse,
  type ApprovalStatus,
} from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { PageHeader } from '@/components/page-header';
import { EmptyState, ErrorState, LoadingState } from '@/components/query-state';
import { describeError } from '@/lib/api-client';
import { formatDayRange, formatDateTime, formatTime } from '@/lib/format';
import { useLocale } from '@/lib/settings';

import { useApprovalDetail, useApprovalQueue, useDecideWeek } from '../api/approvals';

const STATUS_COLOUR: Record<ApprovalStatus, string> = {
  submitted: 'blue',
  approved: 'teal',
  rejected: 'red',
  withdrawn: 'gray',
};

const weekRange = (w: ApprovalResponse) => formatDayRange(w.weekStart, addCalendarDays(w.weekStart, 6));

/** The weeks waiting for the people one leads (admins: everyone's), to approve or reject. */
export function ApprovalsPage() {
  const { t } = useTranslation('approvals');
  const [status, setStatus] = useState<ApprovalStatus>('submitted');
  const [open, setOpen] = useState<number | null>(null);
  const queue = useApprovalQueue(status);

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <SegmentedControl
        mb="md"
        aria-label={t('statusFilter')}
        value={status}
        onChange={(v) => setStatus(v as ApprovalStatus)}
        data={(['submitted', 'approved', 'rejected', 'withdrawn'] as const).map((s) => ({
          value: s,
          label: t(`status.${s}`),
        }))}
      />
      {queue.isPending ? (
        <LoadingState label={t('loading')} />
      ) : queue.isError ? (
        <ErrorState error={queue.error} onRetry={() => void queue.refetch()} />
      ) : queue.data.items.length === 0 ? (
        <EmptyState>{t('empty')}</EmptyState>
      ) : (
        <>
          <Card withBorder padding={0} visibleFrom="sm">
            <Table aria-label={t('queue')} highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('user')}</Table.Th>
                  <Table.Th>{t('week')}</Table.Th>
                  <Table.Th ta="right">{t('total')}</Table.Th>
                  <Table.Th ta="right">{t('entries')}</Table.Th>
                  <Table.Th>{t('statusLabel')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {queue.data.items.map((w) => (
                  <Table.Tr key={w.id}>
                    <Table.Td>{w.username}</Table.Td>
                    <Table.Td>{weekRange(w)}</Table.Td>
                    <Table.Td ta="right">{formatHoursMinutes(w.totalSeconds)}</Table.Td>
                    <Table.Td ta="right">{w.entryCount}</Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLOUR[w.status]}>{t(`status.${w.status}`)}</Badge>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Button size="xs" variant="light" onClick={() => setOpen(w.id)}>
                        {t('open', { name: w.username })}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
          <Stack hiddenFrom="sm" gap="sm">
            {queue.data.items.map((w) => (
              <Card key={w.id} withBorder>
                <Group justify="space-between" wrap="nowrap">
                  <Text fw={600}>{w.username}</Text>
                  <Badge color={STATUS_COLOUR[w.status]}>{t(`status.${w.status}`)}</Badge>
                </Group>
                <Text size="sm">{weekRange(w)}</Text>
                <Text size="sm" c="dimmed">
                  {t('totalLine', { total: formatHoursMinutes(w.totalSeconds), count: w.entryCount })}
                </Text>
                <Button mt="xs" fullWidth variant="light" onClick={() => setOpen(w.id)}>
                  {t('open', { name: w.username })}
                </Button>
              </Card>
            ))}
          </Stack>
        </>
      )}
      {open !== null && <WeekModal id={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function WeekModal({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useTranslation('approvals');
  const { timezone } = useLocale();
  const detail = useApprovalDetail(id);
  const decide = useDecideWeek();
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const w = detail.data;

  const run = async (decision: 'approve' | 'reject') => {
    if (decision === 'reject' && note.trim() === '') {
      setNoteError(t('noteRequired'));
      return;
    }
    try {
      await decide.mutateAsync({ id, decision, note });
      notifications.show({ color: 'teal', message: t(decision === 'approve' ? 'approved' : 'rejected') });
      onClose();
    } catch (e) {
      notifications.show({ color: 'red', title: t('decideFailed'), message: describeError(e) });
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      fullScreen={false}
      title={w ? t('weekOf', { name: w.username, range: weekRange(w) }) : t('loading')}
    >
      {detail.isPending ? (
        <LoadingState label={t('loading')} />
      ) : detail.isError || !w ? (
        <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
      ) : (
        <Stack gap="sm">
          <Group justify="space-between">
            <Badge color={STATUS_COLOUR[w.status]}>{t(`status.${w.status}`)}</Badge>
            <Text fw={600}>
              {t('totalLine', { total: formatHoursMinutes(w.totalSeconds), count: w.entryCount })}
            </Text>
          </Group>
          {w.note && <Text size="sm">{t('noteWas', { note: w.note })}</Text>}
          {w.entries.length === 0 ? (
            <EmptyState>{t('noEntries')}</EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={420}>
              <Table aria-label={t('entriesOfWeek')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('when')}</Table.Th>
                    <Table.Th>{t('project')}</Table.Th>
                    <Table.Th ta="right">{t('duration')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {w.entries.map((e) => (
                    <Table.Tr key={e.id}>
                      <Table.Td>
                        {formatDateTime(e.startTime, timezone)}
                        {e.endTime ? `–${formatTime(e.endTime, timezone)}` : ''}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{e.projectName}</Text>
                        {e.notes && (
                          <Text size="xs" c="dimmed">
                            {e.notes}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td ta="right">{formatHoursMinutes(e.durationSeconds ?? 0)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {w.status === 'submitted' && (
            <>
              <Textarea
                label={t('note')}
                description={t('noteHint')}
                value={note}
                error={noteError}
                onChange={(e) => {
                  setNote(e.currentTarget.value);
                  setNoteError(null);
                }}
                autosize
                minRows={2}
              />
              <Group justify="flex-end">
                <Button
                  color="red"
                  variant="light"
                  loading={decide.isPending}
                  onClick={() => void run('reject')}
                >
                  {t('reject')}
                </Button>
                <Button color="teal" loading={decide.isPending} onClick={() => void run('approve')}>
                  {t('approve')}
                </Button>
              </Group>
            </>
          )}
        </Stack>
      )}
    </Modal>
  );
}
