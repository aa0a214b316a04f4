import { directDatabase, Prisma, type DirectDatabase, type PrismaClient } from '@timetracker/db';
import { readLockState } from '../time/locks.repository';
import type { TimeLockState } from '../time/locks';

/** One entry of a user as the timesheet counts it, with the names its row shows. */
export interface SheetEntryRow {
  id: number;
  projectId: number | null;
  projectName: string | null;
  projectStatus: string | null;
  clientName: string | null;
  taskId: number | null;
  taskName: string | null;
  startTime: Date;
  endTime: Date | null;
  durationSeconds: number | null;
  breakSeconds: number;
  /** Set while a running timer is paused: its time stands still. */
  pausedAt: Date | null;
  source: string;
  /** Status and number of the invoice the entry is billed on (see isLocked). */
  invoiceStatus: string | null;
  invoiceNumber: string | null;
}

/** An entry as a printed timesheet lists it. */
export interface PrintableEntryRow {
  startTime: Date;
  endTime: Date | null;
  durationSeconds: number | null;
  breakSeconds: number;
  pausedAt: Date | null;
  projectName: string | null;
  clientName: string | null;
  taskName: string | null;
  notes: string | null;
}

/** A project/task pair a user tracked on, with the names a timesheet row shows. */
export interface SheetRowRef {
  projectId: number;
  projectName: string;
  projectStatus: string;
  clientName: string | null;
  taskId: number | null;
  taskName: string | null;
}

/**
 * The timesheet's reads: one statement for a week of one user's entries, on the pool directly
 * (see DirectDatabase). Raw SQL: a week of one user is a range of the (user_id, start_time)
 * index, and the names and invoice come with it in the same statement.
 */
export class TimesheetRepository {
  private readonly db: DirectDatabase;

  constructor(prisma: PrismaClient) {
    this.db = directDatabase(prisma);
  }

  /**
   * The settings' time zone (what viewerZone reads), on the pool directly: the week's GET is two
   * short statements, and Prisma's findUnique cost as much as the week's own statement.
   */
  async zoneSettings(): Promise<{ timezone: string }> {
    const [row] = await this.db.rows<{ timezone: string }>(
      Prisma.sql`SELECT timezone FROM settings WHERE id = 1`,
    );
    return row ?? { timezone: 'UTC' };
  }

  /**
   * Another user's zone and first day of the week (whose timesheet an admin or lead opens), with
   * the company zone their null falls back to; null for no such active user.
   */
  async subject(
    userId: number,
  ): Promise<{ timezone: string | null; weekStart: string; company: string } | null> {
    const [row] = await this.db.rows<{ timezone: string | null; weekStart: string; company: string | null }>(
      Prisma.sql`
        SELECT u.timezone, u.week_start AS "weekStart", s.timezone AS company
          FROM users u LEFT JOIN settings s ON s.id = 1
         WHERE u.id = ${userId} AND u.is_active`,
    );
    return row ? { ...row, company: row.company ?? 'UTC' } : null;
  }

  /** The lockdown and the user's submitted or approved weeks meeting [from, to] (time/locks.ts). */
  lockState(userId: number, from: Date, to: Date): Promise<TimeLockState> {
    return readLockState(this.db, userId, [from, to]);
  }

  /** Active users by username: all of them (`ids` null) or those of `ids`. */
  people(ids: number[] | null): Promise<{ id: number; username: string }[]> {
    return this.db.rows(Prisma.sql`
      SELECT id, username FROM users
       WHERE is_active ${ids === null ? Prisma.empty : Prisma.sql`AND id = ANY(${ids}::int[])`}
       ORDER BY lower(username), id`);
  }

  /** The user's entries starting in [from, to), in start order. */
  entriesStarting(userId: number, from: Date, to: Date): Promise<SheetEntryRow[]> {
    return this.db.rows<SheetEntryRow>(Prisma.sql`
      SELECT te.id, te.project_id AS "projectId", p.name AS "projectName", p.status AS "projectStatus",
             c.name AS "clientName", te.task_id AS "taskId", t.name AS "taskName",
             te.start_time AS "startTime", te.end_time AS "endTime",
             te.duration_seconds AS "durationSeconds", te.break_seconds AS "breakSeconds",
             te.paused_at AS "pausedAt", te.source,
             i.status AS "invoiceStatus", i.invoice_number AS "invoiceNumber"
        FROM time_entries te
        LEFT JOIN projects p ON p.id = te.project_id
        LEFT JOIN clients c ON c.id = p.client_id
        LEFT JOIN tasks t ON t.id = te.task_id
        LEFT JOIN invoice_items ii ON ii.id = te.invoice_item_id
        LEFT JOIN invoices i ON i.id = ii.invoice_id
       WHERE te.user_id = ${userId} AND te.start_time >= ${from} AND te.start_time < ${to}
       ORDER BY te.start_time, te.id`);
  }

  /** The user's entries starting in [from, to) as a printed timesheet lists them, in start order. */
  printableEntries(userId: number, from: Date, to: Date): Promise<PrintableEntryRow[]> {
    return this.db.rows<PrintableEntryRow>(Prisma.sql`
      SELECT te.start_time AS "startTime", te.end_time AS "endTime",
             te.duration_seconds AS "durationSeconds", te.break_seconds AS "breakSeconds",
             te.paused_at AS "pausedAt", p.name AS "projectName", c.name AS "clientName", t.name AS "taskName", te.notes
        FROM time_entries te
        LEFT JOIN projects p ON p.id = te.project_id
        LEFT JOIN clients c ON c.id = p.client_id
        LEFT JOIN tasks t ON t.id = te.task_id
       WHERE te.user_id = ${userId} AND te.start_time >= ${from} AND te.start_time < ${to}
       ORDER BY te.start_time, te.id`);
  }

  /** A user's name (active or not: a past month of someone who left still prints). */
  async username(userId: number): Promise<string | null> {
    const [row] = await this.db.rows<{ username: string }>(
      Prisma.sql`SELECT username FROM users WHERE id = ${userId}`,
    );
    return row?.username ?? null;
  }

  /**
   * The distinct project/task pairs of the user's entries starting in [from, to) whose project
   * (and client) still take time: the rows worth copying to another week.
   */
  trackableRows(userId: number, from: Date, to: Date): Promise<SheetRowRef[]> {
    return this.db.rows<SheetRowRef>(Prisma.sql`
      SELECT DISTINCT te.project_id AS "projectId", p.name AS "projectName", p.status AS "projectStatus",
             c.name AS "clientName", te.task_id AS "taskId", t.name AS "taskName"
        FROM time_entries te
        JOIN projects p ON p.id = te.project_id AND p.status = 'active'
        LEFT JOIN clients c ON c.id = p.client_id
        LEFT JOIN tasks t ON t.id = te.task_id
       WHERE te.user_id = ${userId} AND te.start_time >= ${from} AND te.start_time < ${to}
         AND (c.id IS NULL OR c.status = 'active')
       ORDER BY "projectName", "taskName" NULLS FIRST`);
  }
}
