import { Badge, Button, Card, Group, Kbd, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlayerPlayFilled, IconPlayerStopFilled } from '@tabler/icons-react';
import type { TimeEntryResponse } from '@timetracker/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';

import { ProjectPicker, TaskPicker } from '@/components/pickers';
import { ErrorState } from '@/components/query-state';
import { useNow } from '@/hooks/use-now';
import { describeError } from '@/lib/api-client';
import { formatDuration, formatTime } from '@/lib/format';
import { useLocale } from '@/lib/settings';

import { useRecentCombinations, useStartTimer } from '@/lib/time-queries';

import { useActiveTimers, useStopTimer } from '../api/timer';

/** Alt+Shift+S anywhere on the dashboard: stop the running timer, or start one. */
export const TIMER_SHORTCUT = { altKey: true, shiftKey: true, code: 'KeyS' } as const;

export function TimerCard() {
  const timers = useActiveTimers();
  const start = useStartTimer();
  const stop = useStopTimer();
  const [projectId, setProjectId] = useState<number | null>(null);
  const [taskId, setTaskId] = useState<number | null>(null);
  const [notes, setNotes] = useState('');
  // Tags and billable of a recent combination picked in the project picker (none to type here).
  const [extras, setExtras] = useState<{ tags: string[]; billable: boolean } | null>(null);
  const recent = useRecentCombinations(5);
  const [projectError, setProjectError] = useState<string | null>(null);
  const projectRef = useRef<HTMLInputElement>(null);
  const running = timers.data ?? [];

  const startTimer = useCallback(() => {
    if (projectId === null) {
      setProjectError('Pick a project to start the timer');
      projectRef.current?.focus();
      return;
    }
    start.mutate(
      { projectId, taskId, notes: notes.trim() || null, ...extras },
      {
        onSuccess: () => {
          setNotes('');
          setExtras(null);
        },
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Timer not started', message: describeError(error) }),
      },
    );
  }, [projectId, taskId, notes, extras, start]);

  const stopTimer = useCallback(
    (entry: TimeEntryResponse) =>
      stop.mutate(
        { entryId: entry.id },
        {
          onError: (error) =>
            notifications.show({ color: 'red', title: 'Timer not stopped', message: describeError(error) }),
        },
      ),
    [stop],
  );

  // The shortcut reads the state of the latest render, not of the last effect: effects run after
  // paint, so a listener re-subscribed there could act on a timer the page no longer shows.
  const latest = useRef({ running, startTimer, stopTimer, busy: start.isPending || stop.isPending });
  latest.current = { running, startTimer, stopTimer, busy: start.isPending || stop.isPending };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey !== TIMER_SHORTCUT.altKey || event.shiftKey !== TIMER_SHORTCUT.shiftKey) return;
      if (event.code !== TIMER_SHORTCUT.code || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      const now = latest.current;
      if (now.busy) return;
      const newest = now.running[0];
      if (newest) now.stopTimer(newest);
      else now.startTimer();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="timer-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="timer-heading">
          Timer
        </Title>
        <Text size="xs" c="dimmed" className="keyboard-only">
          <Kbd size="xs">Alt</Kbd> + <Kbd size="xs">Shift</Kbd> + <Kbd size="xs">S</Kbd> starts or stops
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
                setExtras({ tags: c.tags, billable: c.billable });
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
            label="Notes"
            placeholder="What are you working on?"
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') startTimer();
            }}
            style={{ flex: '2 1 14rem' }}
          />
          <Button
            leftSection={<IconPlayerPlayFilled size={16} />}
            onClick={startTimer}
            loading={start.isPending}
            color="teal"
          >
            {running.length > 0 ? 'Start another' : 'Start timer'}
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
}: {
  entry: TimeEntryResponse;
  onStop: () => void;
  stopping: boolean;
}) {
  const now = useNow(1000);
  const { timezone } = useLocale();
  const elapsed = Math.max(0, Math.floor((now - Date.parse(entry.startTime)) / 1000));
  return (
    <Card withBorder bg="var(--mantine-color-teal-light)" padding="md" data-testid="running-timer">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <div>
          <Group gap="xs">
            <Badge color="teal" variant="filled">
              Running
            </Badge>
            <Text fw={600}>
              {entry.projectName ?? 'No project'}
              {entry.taskName ? ` · ${entry.taskName}` : ''}
            </Text>
          </Group>
          <Text size="sm" c="dimmed">
            Since {formatTime(entry.startTime, timezone)}
            {entry.notes ? ` — ${entry.notes}` : ''}
          </Text>
        </div>
        <Group gap="md">
          <Text
            ff="monospace"
            fz={28}
            fw={700}
            aria-label="Elapsed time"
            role="timer"
            style={{ fontVariantNumeric: 'tabular-nums' }}
          >
            {formatDuration(elapsed)}
          </Text>
          <Button
            color="red"
            leftSection={<IconPlayerStopFilled size={16} />}
            onClick={onStop}
            loading={stopping}
          >
            Stop
          </Button>
        </Group>
      </Group>
    </Card>
  );
}
