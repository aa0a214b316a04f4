import { TextInput, Tooltip } from '@mantine/core';
import { IconLock, IconPlayerPlay } from '@tabler/icons-react';
import { formatHoursMinutes, parseDurationInput, type TimesheetCell } from '@timetracker/contracts';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { i18n } from '@/i18n/i18n';
import { describeError } from '@/lib/api-client';
import { notifyWarnings } from '@/lib/overlap-notice';
import { useLocale } from '@/lib/settings';

import { useSetCell } from '../api/timesheet';

export interface CellTarget {
  projectId: number | null;
  taskId: number | null;
}

/** How a cell's time reads: "1:30", empty for none. */
export const cellText = (seconds: number) => (seconds === 0 ? '' : formatHoursMinutes(seconds));

/** Why a cell cannot be typed in, or what typing does when it only adds: said in its tooltip. */
export function cellNote(cell: TimesheetCell, target: CellTarget): string | null {
  const t = i18n.getFixedT(null, 'timesheet');
  if (cell.locked && cell.lockedBy !== null && cell.lockedBy !== 'invoice') {
    const locks = i18n.getFixedT(null, 'timesheetLocks');
    const why = locks(cell.lockedBy);
    // An admin's write goes through (recorded as an override): the cell stays editable.
    return cell.mode === 'readOnly' ? locks('cellNote', { reason: why }) : `${why} ${locks('override')}`;
  }
  if (cell.locked) return t('lockedNote', { reason: cell.lockedReason ?? t('billed') });
  if (cell.running) return t('runningNote');
  if (target.projectId === null) return t('noProjectNote');
  if (cell.mode === 'add')
    return cell.entryCount === 1 ? t('timerNote') : t('entriesNote', { count: cell.entryCount });
  return null;
}

/**
 * One cell of the timesheet: shows the day's time, takes a new one typed as 1.5, 1:30 or 90m.
 * Enter commits and goes down; arrows commit and move; Escape puts the saved time back. An
 * invalid time or a refusal stays in the cell with its message, the typed text kept.
 */
export function CellInput({
  cell,
  target,
  label,
  position,
  onMove,
  userId,
  size = 'sm',
}: {
  cell: TimesheetCell;
  target: CellTarget;
  /** Whose timesheet, when not the viewer's own. */
  userId?: number;
  label: string;
  /** "row:column", for moving between cells with the keyboard. */
  position: string;
  onMove: (rows: number, columns: number) => void;
  size?: 'xs' | 'sm' | 'md';
}) {
  const { t } = useTranslation('timesheet');
  const setCell = useSetCell();
  const { timezone } = useLocale();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submitted = useRef<string | null>(null);
  const readOnly = cell.mode === 'readOnly' || target.projectId === null;
  // A locked day (lockdown, submitted or approved week) reads disabled, greyed like Mantine's own.
  const closed = readOnly && cell.locked && cell.lockedBy !== 'invoice';
  const note = cellNote(cell, target);
  const saved = cellText(cell.seconds);
  const value = draft ?? saved;

  /** Sends the typed time if it changed; false when it is not a time (the cell keeps it). */
  const commit = (): boolean => {
    if (readOnly || draft === null) return true;
    const seconds = parseDurationInput(draft);
    if (seconds === null) {
      setError(t('invalid'));
      return false;
    }
    if (seconds === cell.seconds || draft === submitted.current) {
      if (seconds === cell.seconds && !setCell.isPending) setDraft(null);
      return true;
    }
    submitted.current = draft;
    setCell.mutate(
      { date: cell.date, projectId: target.projectId!, taskId: target.taskId, seconds, userId },
      {
        onSuccess: (result) => {
          setError(null);
          setDraft(null);
          // The overlap policy (warn) let the write through: say which entry it overlaps.
          notifyWarnings(result.warnings, timezone, 'saved');
        },
        onError: (e) => setError(describeError(e)),
        onSettled: () => {
          submitted.current = null;
        },
      },
    );
    return true;
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const moves: Record<string, [number, number]> = {
      Enter: [1, 0],
      ArrowDown: [1, 0],
      ArrowUp: [-1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
    };
    const move = moves[e.key];
    if (e.key === 'Escape') {
      setDraft(null);
      setError(null);
      return;
    }
    if (!move || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    if (commit()) onMove(...move);
  };

  const input = (
    <TextInput
      size={size}
      aria-label={label}
      data-sheet-cell={position}
      data-locked={cell.lockedBy ?? undefined}
      value={value}
      readOnly={readOnly}
      aria-disabled={closed || undefined}
      inputMode="decimal"
      autoComplete="off"
      placeholder={readOnly ? undefined : '–'}
      error={error}
      aria-invalid={error ? true : undefined}
      rightSection={
        cell.running ? (
          <IconPlayerPlay size={12} aria-hidden />
        ) : cell.locked ? (
          <IconLock size={12} aria-hidden />
        ) : null
      }
      rightSectionWidth={cell.running || cell.locked ? 22 : undefined}
      rightSectionPointerEvents="none"
      styles={{
        input: {
          textAlign: 'right',
          fontVariantNumeric: 'tabular-nums',
          minWidth: 64,
          background: closed
            ? 'var(--mantine-color-disabled)'
            : readOnly || cell.locked
              ? 'var(--mantine-color-gray-light)'
              : undefined,
          color: closed ? 'var(--mantine-color-disabled-color)' : undefined,
          cursor: closed ? 'not-allowed' : readOnly ? 'default' : undefined,
        },
        error: { whiteSpace: 'normal', maxWidth: 180 },
      }}
      onFocus={(e) => {
        e.currentTarget.select();
      }}
      onChange={(e) => {
        setDraft(e.currentTarget.value);
        setError(null);
      }}
      onBlur={() => {
        commit();
      }}
      onKeyDown={onKeyDown}
    />
  );
  return note ? (
    <Tooltip
      label={note}
      multiline
      w={260}
      withArrow
      openDelay={200}
      events={{ hover: true, focus: true, touch: true }}
    >
      <div>{input}</div>
    </Tooltip>
  ) : (
    input
  );
}

/** Focuses the cell at "row:column" inside `root`, if there is one. */
export function focusCell(root: HTMLElement | null, row: number, column: number) {
  const el = root?.querySelector<HTMLInputElement>(`[data-sheet-cell="${row}:${column}"]`);
  el?.focus();
}
