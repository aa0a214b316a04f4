import type { EntryRow } from './time-entries-list.repository';

export interface TimeEntryView {
  id: number;
  userId: number | null;
  username: string | null;
  projectId: number | null;
  projectName: string | null;
  clientId: number | null;
  clientName: string | null;
  taskId: number | null;
  taskName: string | null;
  startTime: string;
  endTime: string | null;
  durationSeconds: number | null;
  /** end − start in whole seconds, before breaks and rounding; null while running. */
  rawSeconds: number | null;
  /** Breaks inside the entry (closed pauses, or a typed break). */
  breakSeconds: number;
  /** A running timer's open pause: when it began; null otherwise. */
  pausedAt: string | null;
  paused: boolean;
  notes: string | null;
  tags: string[];
  source: 'manual' | 'auto';
  billable: boolean;
  running: boolean;
  invoiceItemId: number | null;
  locked: boolean;
  createdAt: string | null;
  updatedAt: string | null;
  stoppedReason: 'idle' | null;
  autoStoppedAt: string | null;
  /** Only on a write the overlap policy let through with a warning. */
  warnings?: EntryWarning[];
}

export interface EntryWarning {
  code: 'OVERLAP';
  entryId: number;
  /** The other entry's project and times, for a client to word in its own language and zone. */
  projectName: string | null;
  startTime: string;
  endTime: string | null;
  detail: string;
}

/**
 * Billed on an invoice, a draft too: the entry is what a line bills, so it changes only once
 * the line is removed from the draft (or the invoice cancelled). A sent invoice bills exactly
 * its entries because they could not change since its lines were made.
 */
export const isLocked = (row: Pick<EntryRow, 'invoiceStatus'>): boolean => row.invoiceStatus !== null;

/** Why a locked entry cannot change, as a person reads it; null when it can. */
export function lockedReason(row: Pick<EntryRow, 'invoiceStatus' | 'invoiceNumber'>): string | null {
  if (!isLocked(row)) return null;
  return row.invoiceStatus === 'draft'
    ? `The entry is billed on draft invoice ${row.invoiceNumber}; remove its line from the draft to change it`
    : `The entry is billed on invoice ${row.invoiceNumber}; it can no longer change`;
}

export function toTimeEntryView(row: EntryRow): TimeEntryView {
  return {
    id: row.id,
    userId: row.userId,
    username: row.username,
    projectId: row.projectId,
    projectName: row.projectName,
    clientId: row.clientId,
    clientName: row.clientName,
    taskId: row.taskId,
    taskName: row.taskName,
    startTime: row.startTime,
    endTime: row.endTime,
    durationSeconds: row.durationSeconds,
    rawSeconds:
      row.endTime === null ? null : Math.floor((Date.parse(row.endTime) - Date.parse(row.startTime)) / 1000),
    breakSeconds: row.breakSeconds,
    pausedAt: row.pausedAt,
    paused: row.pausedAt !== null,
    notes: row.notes,
    tags: row.tags,
    source: row.source === 'auto' ? 'auto' : 'manual',
    billable: row.billable,
    running: row.endTime === null,
    invoiceItemId: row.invoiceItemId,
    locked: isLocked(row),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    stoppedReason: row.stoppedReason === 'idle' ? 'idle' : null,
    autoStoppedAt: row.autoStoppedAt,
  };
}
