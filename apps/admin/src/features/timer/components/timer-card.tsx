import { Badge, Button, Card, Group, Kbd, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlayerPauseFilled, IconPlayerPlayFilled, IconPlayerStopFilled } from '@tabler/icons-react';
import type { TimeEntryResponse } from '@timetracker/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';

import { ProjectPicker, TaskPicker } from '@/components/pickers';
import { TagPicker } from '@/components/tags';
import { ErrorState } from '@/components/query-state';
import { useNow } from '@/hooks/use-now';
import { describeError } from '@/lib/api-client';
import { formatBreakExactly, workedSoFar } from '@/lib/breaks';
import { formatDuration, formatTime } from '@/lib/format';
import { useLocale } from '@/lib/settings';

import { useRecentCombinations, useStartTimer } from '@/lib/time-queries';

import { useActiveTimers, usePauseTimer, useResumeTimer, useStopTimer } from '../api/timer';

/** Alt+Shift+S anywhere on the dashboard: stop the running timer, or start one. */
export const TIMER_SHORTCUT = { altKey: true, shiftKey: true, code: 'KeyS' } as const;
/** Alt+Shift+P: pause the running timer, or resume the paused one. */
export const PAUSE_SHORTCUT = { altKey: true, shiftKey: true, code: 'KeyP' } as const;

export function TimerCard() {
  const { t } = useTranslation('timer');
  const timers = useActiveTimers();
  const start = useStartTimer();
  const stop = useStopTimer();
  const pause = usePauseTimer();
  const resume = useResumeTimer();
  const [projectId, setProjectId] = useState<number | null>(null);
  const [taskId, setTaskId] = useState<number | null>(null);
  const [notes, setNotes] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  // The billable flag of a recent combination picked in the project picker.
  const [extras, setExtras] = useState<{ billable: boolean } | null>(null);
  const recent = useRecentCombinations(5);
  const [projectError, setProjectError] = useState<string | null>(null);
  const projectRef = useRef<HTMLInputElement>(null);
  const running = timers.data ?? [];

  const startTimer = useCallback(() => {
    if (projectId === null) {
      setProjectError(t('pickProject'));
      projectRef.current?.focus();
      return;
    }
    start.mutate(
      { projectId, taskId, notes: notes.trim() || null, tags, ...extras },
      {
        onSuccess: () => {
          setNotes('');
          setTags([]);
          setExtras(null);
        },
        onError: (error) =>
          notifications.show({ color: 'red', title: t('notStarted'), message: describeError(error) }),
      },
    );
  }, [projectId, taskId, notes, tags, extras, start, t]);

  const stopTimer = useCallback(
    (entry: TimeEntryResponse) =>
      stop.mutate(
        { entryId: entry.id },
        {
          onError: (error) =>
            notifications.show({ color: 'red', title: t('notStopped'), message: describeError(error) }),
        },
      ),
    [stop, t],
  );

  const togglePause = useCallback(
    (entry: TimeEntryResponse) =>
      (entry.paused ? resume : pause).mutate(
        { entryId: entry.id },
        {
          onError: (error) =>
            notifications.show({
              color: 'red',
              title: entry.paused ? t('notResumed') : t('notPaused'),
              message: describeError(error),
            }),
        },
      ),
    [pause, resume, t],
  );

  // The shortcut reads the state of the latest render, not of the last effect: effects run after
  // paint, so a listener re-subscribed there could act on a timer the page no longer shows.
  const busy = start.isPending || stop.isPending || pause.isPending || resume.isPending;
  const latest = useRef({ running, startTimer, stopTimer, togglePause, busy });
  latest.current = { running, startTimer, stopTimer, togglePause, busy };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey !== TIMER_SHORTCUT.altKey || event.shiftKey !== TIMER_SHORTCUT.shiftKey) return;
      if (event.ctrlKey || event.metaKey) return;
      if (event.code !== TIMER_SHORTCUT.code && event.code !== PAUSE_SHORTCUT.code) return;
      event.preventDefault();
      const now = latest.current;
      if (now.busy) return;
      const newest = now.running[0];
      if (event.code === PAUSE_SHORTCUT.code) {
        if (newest) now.togglePause(newest);
      } else if (newest) now.stopTimer(newest);
      else now.startTimer();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="timer-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="timer-heading">
          {t('title')}
        </Title>
        <Text size="xs" c="dimmed" className="keyboard-only">
          <Trans
            t={t}
            i18nKey="shortcuts"
            components={{
              alt: <Kbd size="xs" />,
              shift: <Kbd size="xs" />,
              s: <Kbd size="xs" />,
              p: <Kbd size="xs" />,
            }}
          />
        </Text>
      </Group>
      {timers.isError && <ErrorState error={timers.error} onRetry={() => void timers.refetch()} />}
      <Stack gap="sm">
        {running.map((entry) => (
          <RunningTimer
            key={entry.id}
            entry={entry}
            onStop={() => stopTimer(entry)}
            stopping={stop.isPending}
            onTogglePause={() => togglePause(entry)}
            pausing={pause.isPending || resume.isPending}
          />
        ))}
        <Group align="flex-end" gap="sm" wrap="wrap">
          <ProjectPicker
            ref={projectRef}
            value={projectId}
            onChange={(id) => {
              setProjectId(id);
              setTaskId(null);
              setExtras(null);
              setProjectError(null);
            }}
            shortcuts={(recent.data ?? []).map((c) => ({
              label: [c.projectName, c.taskName, c.notes, ...c.tags.map((t) => `#${t}`)]
                .filter(Boolean)
                .join(' · '),
              onPick: () => {
                setProjectId(c.projectId);
                setTaskId(c.taskId);
                setNotes(c.notes ?? '');
                setTags(c.tags);
                setExtras({ billable: c.billable });
                setProjectError(null);
              },
            }))}
            error={projectError}
            style={{ flex: '1 1 14rem' }}
          />
          <TaskPicker
            projectId={projectId}
            value={taskId}
            onChange={setTaskId}
            style={{ flex: '1 1 12rem' }}
          />
          <TextInput
            label={t('notes')}
            placeholder={t('notesPlaceholder')}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') startTimer();
            }}
            style={{ flex: '2 1 14rem' }}
          />
          <TagPicker value={tags} onChange={setTags} description={undefined} style={{ flex: '1 1 12rem' }} />
          <Button
            leftSection={<IconPlayerPlayFilled size={16} />}
            onClick={startTimer}
            loading={start.isPending}
            color="teal"
          >
            {running.length > 0 ? t('startAnother') : t('start')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function RunningTimer({
  entry,
  onStop,
  stopping,
  onTogglePause,
  pausing,
}: {
  entry: TimeEntryResponse;
  onStop: () => void;
  stopping: boolean;
  onTogglePause: () => void;
  pausing: boolean;
}) {
  const { t } = useTranslation('timer');
  const now = useNow(1000);
  const { timezone } = useLocale();
  // Worked time: breaks and the open pause are not counted (the billed duration is rounded at the stop).
  const worked = workedSoFar(entry, now);
  const pausedFor = entry.pausedAt ? Math.max(0, Math.floor((now - Date.parse(entry.pausedAt)) / 1000)) : 0;
  return (
    <Card
      withBorder
      bg={entry.paused ? 'var(--mantine-color-orange-light)' : 'var(--mantine-color-teal-light)'}
      padding="md"
      data-testid="running-timer"
    >
      <Group justify="space-between" wrap="wrap" gap="sm">
        <div>
          <Group gap="xs">
            <Badge color={entry.paused ? 'orange' : 'teal'} variant="filled">
              {entry.paused ? t('paused') : t('running')}
            </Badge>
            <Text fw={600}>
              {entry.projectName ?? t('noProject')}
              {entry.taskName ? ` · ${entry.taskName}` : ''}
            </Text>
          </Group>
          <Text size="sm" c="dimmed">
            {t('since', { time: formatTime(entry.startTime, timezone) })}
            {entry.notes ? ` — ${entry.notes}` : ''}
          </Text>
          {(entry.paused || entry.breakSeconds > 0) && (
            <Text size="sm" c="dimmed" data-testid="timer-breaks">
              {entry.paused
                ? t('pausedAt', {
                    time: formatTime(entry.pausedAt, timezone),
                    duration: formatDuration(pausedFor),
                  })
                : ''}
              {entry.paused && entry.breakSeconds > 0 ? ' · ' : ''}
              {entry.breakSeconds > 0
                ? t('breaksSoFar', { duration: formatBreakExactly(entry.breakSeconds) })
                : ''}
            </Text>
          )}
        </div>
        <Group gap="md">
          <Text
            ff="monospace"
            fz={28}
            fw={700}
            aria-label={t('elapsed')}
            role="timer"
            style={{ fontVariantNumeric: 'tabular-nums' }}
          >
            {formatDuration(worked)}
          </Text>
          <Button
            variant="default"
            leftSection={
              entry.paused ? <IconPlayerPlayFilled size={16} /> : <IconPlayerPauseFilled size={16} />
            }
            onClick={onTogglePause}
            loading={pausing}
          >
            {entry.paused ? t('resume') : t('pause')}
          </Button>
          <Button
            color="red"
            leftSection={<IconPlayerStopFilled size={16} />}
            onClick={onStop}
            loading={stopping}
          >
            {t('stop')}
          </Button>
        </Group>
      </Group>
    </Card>
  );
}
