import { ActionIcon, Button, Group, Modal, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCopy, IconPin, IconPlayerPlay } from '@tabler/icons-react';
import type { TimeEntryResponse } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '@/lib/api-client';
import { todayIn } from '@/lib/dates';
import { formatDate, formatDay, formatTime } from '@/lib/format';
import { useLocale } from '@/lib/settings';

import { useContinueTimeEntry, useDuplicateTimeEntry, usePinTimeEntry } from '../api/time-entries';

/**
 * Continue (start a timer with the entry's fields), duplicate to another day and pin as a
 * favourite: the actions of an entry row that create something new, so a locked entry has them too.
 */
export function EntryQuickActions({ entry }: { entry: TimeEntryResponse }) {
  const { t } = useTranslation('timeEntries', { keyPrefix: 'quick' });
  const { timezone } = useLocale();
  const continueEntry = useContinueTimeEntry();
  const pin = usePinTimeEntry();
  const [duplicating, setDuplicating] = useState(false);
  const projectId = entry.projectId;
  if (projectId === null) return null;
  const day = formatDate(entry.startTime, timezone);
  const what = [entry.projectName, entry.taskName, entry.notes].filter(Boolean).join(' · ');

  return (
    <Group gap={2} wrap="nowrap">
      <Tooltip label={t('continueHint')}>
        <ActionIcon
          variant="subtle"
          color="teal"
          aria-label={t('continue', { day })}
          loading={continueEntry.isPending}
          onClick={() =>
            continueEntry.mutate(entry.id, {
              onSuccess: () => notifications.show({ color: 'teal', message: t('started', { what }) }),
              onError: (error) =>
                notifications.show({
                  color: 'red',
                  title: t('notStarted'),
                  message: describeError(error),
                }),
            })
          }
        >
          <IconPlayerPlay size={16} />
        </ActionIcon>
      </Tooltip>
      {!entry.running && (
        <Tooltip label={t('duplicateTitle')}>
          <ActionIcon
            variant="subtle"
            aria-label={t('duplicate', { day })}
            onClick={() => setDuplicating(true)}
          >
            <IconCopy size={16} />
          </ActionIcon>
        </Tooltip>
      )}
      <Tooltip label={t('pinHint')}>
        <ActionIcon
          variant="subtle"
          color="yellow"
          aria-label={t('pin', { day })}
          loading={pin.isPending}
          onClick={() =>
            pin.mutate(
              {
                projectId,
                taskId: entry.taskId,
                notes: entry.notes,
                tags: entry.tags,
                billable: entry.billable,
              },
              {
                onSuccess: () => notifications.show({ color: 'teal', message: t('pinned', { what }) }),
                onError: (error) =>
                  notifications.show({ color: 'red', title: t('notPinned'), message: describeError(error) }),
              },
            )
          }
        >
          <IconPin size={16} />
        </ActionIcon>
      </Tooltip>
      <Modal opened={duplicating} onClose={() => setDuplicating(false)} title={t('duplicateTitle')}>
        {duplicating && (
          <DuplicateForm entry={entry} timezone={timezone} onDone={() => setDuplicating(false)} />
        )}
      </Modal>
    </Group>
  );
}

function DuplicateForm({
  entry,
  timezone,
  onDone,
}: {
  entry: TimeEntryResponse;
  timezone: string;
  onDone: () => void;
}) {
  const { t } = useTranslation(['timeEntries', 'common']);
  const duplicate = useDuplicateTimeEntry();
  const [date, setDate] = useState<string | null>(todayIn(timezone));
  const [error, setError] = useState<string | null>(null);
  return (
    <Stack>
      <Text size="sm">
        {t('quick.summary', {
          project: entry.projectName,
          from: formatTime(entry.startTime, timezone),
          to: formatTime(entry.endTime, timezone),
          zone: timezone,
        })}
      </Text>
      <TextInput
        type="date"
        label={t('quick.day')}
        value={date ?? ''}
        onChange={(event) => setDate(event.currentTarget.value || null)}
        error={error}
        data-autofocus
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('common:cancel')}
        </Button>
        <Button
          loading={duplicate.isPending}
          disabled={!date}
          onClick={() => {
            if (!date) return;
            duplicate.mutate(
              { id: entry.id, date },
              {
                onSuccess: () => {
                  notifications.show({
                    color: 'teal',
                    message: t('quick.duplicated', { day: formatDay(date) }),
                  });
                  onDone();
                },
                onError: (e) => setError(describeError(e)),
              },
            );
          }}
        >
          {t('quick.submit')}
        </Button>
      </Group>
    </Stack>
  );
}
