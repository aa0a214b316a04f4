import {
  ImportMappingSchema,
  type ImportCreateQuery,
  type ImportFormat,
  type ImportListQuery,
  type ImportMapping,
  type ImportPage,
  type ImportResponse,
  type ImportRowsQuery,
  type ImportSummary,
  type ImportUpdate,
} from '@timetracker/contracts';
import { createHash } from 'node:crypto';
import { authorize } from '../access/policy';
import { auditActorOf } from '../audit/audit-log.repository';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import type { TimeEntriesRepository } from '../time-entries/time-entries.repository';
import { detectFormat, missingColumns, resolveColumns } from './import-formats';
import { runImportJob, type ImportJobOptions } from './import-job';
import { readHead } from './import-reader';
import type { ImportRecord, ImportsRepository } from './imports.repository';

export interface ImportUpload {
  bytes: Buffer;
  fileName: string;
}

export const DEFAULT_IMPORT_JOB_OPTIONS: ImportJobOptions = { batchSize: 2000, leaseMs: 120_000 };

/**
 * Imports of time from other trackers (issue #20 §1, docs/import.md): an admin uploads a file,
 * sees the detected format and mapping, asks for a dry run, then the run; one worker does each
 * (claimed with a lease), and a done import (or a cancelled or failed one that wrote entries) can
 * be undone until one of its entries is invoiced.
 */
export class ImportsService {
  constructor(
    private readonly imports: ImportsRepository,
    private readonly entries: TimeEntriesRepository,
    /** IMPORT_MAX_BYTES: uploads above it are refused. */
    private readonly maxBytes: number,
    private readonly worker = `pid:${process.pid}`,
    private readonly jobOptions: ImportJobOptions = DEFAULT_IMPORT_JOB_OPTIONS,
  ) {}

  async upload(actor: Principal, file: ImportUpload, query: ImportCreateQuery): Promise<ImportResponse> {
    authorize(actor, 'imports.manage');
    if (file.bytes.length === 0)
      throw DomainError.validation('The file is empty', [{ path: 'file', message: 'empty' }]);
    if (file.bytes.length > this.maxBytes)
      throw DomainError.validation(`The file is larger than ${this.maxBytes} bytes (IMPORT_MAX_BYTES)`, [
        { path: 'file', message: 'too large' },
      ]);
    const head = readHead(file.bytes);
    const timezone = query.timezone ?? (await this.entries.timeSettings()).timezone;
    const row = await this.imports.create({
      format: query.format ?? detectFormat(head.headers),
      timezone,
      headers: head.headers,
      delimiter: head.delimiter,
      // Shown only: never a path. Control characters go.
      fileName: printable(file.fileName).slice(0, 255) || 'upload.csv',
      fileSize: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      data: file.bytes,
      createdBy: actor.userId,
    });
    return this.view(row, { page: 1, pageSize: 50 });
  }

  async list(actor: Principal, query: ImportListQuery): Promise<ImportPage> {
    authorize(actor, 'imports.manage');
    const { rows, total } = await this.imports.page((query.page - 1) * query.pageSize, query.pageSize);
    const items = await Promise.all(rows.map((r) => this.summary(r)));
    return { items, total, page: query.page, pageSize: query.pageSize, maxBytes: this.maxBytes };
  }

  async get(actor: Principal, id: number, query: ImportRowsQuery): Promise<ImportResponse> {
    authorize(actor, 'imports.manage');
    return this.view(await this.found(id), query);
  }

  async update(actor: Principal, id: number, input: ImportUpdate): Promise<ImportResponse> {
    authorize(actor, 'imports.manage');
    await this.found(id);
    if (input.mapping?.users) await this.assertUsers(Object.values(input.mapping.users));
    const changed = await this.imports.update(id, {
      format: input.format,
      timezone: input.timezone,
      mapping: input.mapping,
    });
    if (!changed) throw new DomainError('INVALID_STATE', 'The import is queued or running: cancel it first');
    return this.view(await this.found(id), { page: 1, pageSize: 50 });
  }

  dryRun(actor: Principal, id: number): Promise<ImportResponse> {
    return this.queue(actor, id, 'dry_run');
  }

  run(actor: Principal, id: number): Promise<ImportResponse> {
    return this.queue(actor, id, 'run');
  }

  async cancel(actor: Principal, id: number, now: Date): Promise<ImportResponse> {
    authorize(actor, 'imports.manage');
    await this.found(id);
    if (!(await this.imports.cancel(id, now)))
      throw new DomainError('INVALID_STATE', 'Only a queued or running import can be cancelled');
    return this.view(await this.found(id), { page: 1, pageSize: 50 });
  }

  async undo(actor: Principal, id: number, now: Date): Promise<ImportResponse> {
    authorize(actor, 'imports.manage');
    await this.found(id);
    const outcome = await this.imports.undo(id, auditActorOf(actor), now, isUndoable);
    if (outcome === 'state')
      throw new DomainError(
        'INVALID_STATE',
        'Only a done import, or a stopped one (cancelled, failed) that wrote entries, can be undone',
      );
    if (outcome === 'invoiced')
      throw new DomainError(
        'CONFLICT',
        'An entry of this import is on an invoice: it can no longer be undone',
      );
    return this.view(await this.found(id), { page: 1, pageSize: 50 });
  }

  /** The `import.finished` webhook's data: the import as GET /imports/:id answers; null if gone. */
  async webhookView(id: number): Promise<ImportResponse | null> {
    const row = await this.imports.find(id);
    return row ? this.view(row, { page: 1, pageSize: 50 }) : null;
  }

  /**
   * The worker's poll: claims one queued import (or one whose worker died) and runs it. The CLI
   * passes `onlyId` to run its own import and no other.
   */
  async processNext(now: Date, onlyId: number | null = null): Promise<{ imports: number; rows: number }> {
    const claim = await this.imports.claimNext(now, this.jobOptions.leaseMs, this.worker, onlyId);
    if (!claim) return { imports: 0, rows: 0 };
    const rows = await runImportJob(this.imports, this.entries, claim, this.jobOptions);
    return { imports: 1, rows };
  }

  /** Whether a poll would claim an import now. */
  hasDue(now: Date): Promise<boolean> {
    return this.imports.hasDue(now);
  }

  /**
   * Fails the import `worker` was running when it ended without finishing it (its process was
   * killed, or ran out of memory): taken over after its lease instead, it would end the same way
   * each time. What its batches wrote stays; running it again resumes it (the source keys skip the
   * rows already in). False when `worker` was running none.
   */
  async failAbandoned(worker: string, now: Date, message: string): Promise<boolean> {
    const running = await this.imports.runningBy(worker);
    if (!running) return false;
    const { rowsDone, created, skipped, refused } = running;
    return this.imports.finish(running, 'failed', now, { rowsDone, created, skipped, refused }, message);
  }

  private async queue(actor: Principal, id: number, mode: 'dry_run' | 'run'): Promise<ImportResponse> {
    authorize(actor, 'imports.manage');
    const row = await this.found(id);
    const columns = resolveColumns(row.format as ImportFormat, row.headers as string[], mappingOf(row));
    const missing = missingColumns(row.format as ImportFormat, columns);
    if (missing.length > 0)
      throw DomainError.validation(
        `The file has no column for ${missing.join(', ')}: choose a format or mapping`,
        [{ path: 'mapping', message: `missing ${missing.join(', ')}` }],
      );
    if (!(await this.imports.queue(id, mode)))
      throw new DomainError('INVALID_STATE', `The import is ${row.status}: it cannot be started now`);
    return this.view(await this.found(id), { page: 1, pageSize: 50 });
  }

  private async assertUsers(ids: number[]): Promise<void> {
    const active = await this.imports.activeUserIds(ids);
    const unknown = ids.filter((u) => !active.has(u));
    if (unknown.length > 0)
      throw DomainError.validation('The mapping names users that do not exist or are inactive', [
        { path: 'mapping.users', message: `unknown user ids ${unknown.slice(0, 5).join(', ')}` },
      ]);
  }

  private async found(id: number): Promise<ImportRecord> {
    const row = await this.imports.find(id);
    if (!row) throw DomainError.notFound('Import');
    return row;
  }

  private async summary(row: ImportRecord): Promise<ImportSummary> {
    const mapping = mappingOf(row);
    // Counted only when it can matter: while the worker writes, the count would grow under the
    // reader, and the dashboard's progress poll would count the whole import every second.
    const made = BUSY.has(row.status) ? null : await this.imports.entriesOf(row.id);
    return {
      id: row.id,
      format: row.format as ImportFormat,
      timezone: row.timezone,
      fileName: row.fileName,
      fileSize: row.fileSize,
      status: row.status as ImportSummary['status'],
      mode: row.mode as ImportSummary['mode'],
      headers: row.headers as string[],
      mapping,
      columns: resolveColumns(row.format as ImportFormat, row.headers as string[], mapping),
      progress: {
        rowsDone: row.rowsDone,
        rowsTotal: row.rowsTotal,
        created: row.created,
        skipped: row.skipped,
        refused: row.refused,
      },
      cancelRequested: row.cancelRequested,
      undoable: made !== null && isUndoable(row.status, made.entries) && !made.invoiced,
      entries: made?.entries ?? null,
      error: row.error,
      createdBy: row.creator,
      createdAt: row.createdAt.toISOString(),
      startedAt: row.startedAt?.toISOString() ?? null,
      finishedAt: row.finishedAt?.toISOString() ?? null,
      undoneAt: row.undoneAt?.toISOString() ?? null,
    };
  }

  private async view(row: ImportRecord, query: { page: number; pageSize: number; outcome?: string }) {
    const mode = row.mode as 'dry_run' | 'run';
    const { rows, total } = await this.imports.rowsPage(
      row.id,
      mode,
      query.outcome,
      (query.page - 1) * query.pageSize,
      query.pageSize,
    );
    return {
      ...(await this.summary(row)),
      rows: {
        items: rows.map((r) => ({
          rowNumber: r.rowNumber,
          outcome: r.outcome,
          reason: r.reason,
          code: r.code ?? null,
          params: r.params ?? null,
          user: r.summary.user ?? null,
          target: r.owner ?? (r.summary.placeholder ? { placeholder: r.summary.user ?? '' } : null),
          project: r.summary.project ?? null,
          startTime: r.summary.start ?? null,
          endTime: r.summary.end ?? null,
          durationSeconds: r.summary.seconds ?? null,
        })),
        total,
        page: query.page,
        pageSize: query.pageSize,
      },
      unknownUsers: await this.imports.unknownUsers(row.id, mode),
    };
  }
}

/**
 * Whether an import may be undone: done, or stopped with entries written. A cancelled or failed run
 * keeps what its committed batches wrote (a dry run asked for afterwards, checked, keeps it too);
 * undo removes that as it does a done run's. A run resumed after a cancel owns the entries of both
 * parts: its undo removes them all. Queued and running imports wait: the worker is writing.
 */
function isUndoable(status: string, entries: number): boolean {
  return status === 'done' || (STOPPED.has(status) && entries > 0);
}

const STOPPED = new Set(['cancelled', 'failed', 'checked']);
/** The worker holds (or is about to hold) the import: its entry count is not settled. */
const BUSY = new Set(['queued', 'running']);

/** The stored mapping as the contract reads it (a bad stored value reads as none). */
function mappingOf(row: Pick<ImportRecord, 'mapping'>): ImportMapping {
  const parsed = ImportMappingSchema.safeParse(row.mapping);
  return parsed.success ? parsed.data : {};
}

/** Text without control characters (a file name is shown, never used as a path). */
function printable(text: string): string {
  return [...text].filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f).join('');
}
