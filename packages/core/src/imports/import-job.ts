import { ImportMappingSchema, type ImportFormat, type ImportMapping } from '@timetracker/contracts';
import { auditActorOf } from '../audit/audit-log.repository';
import { roleOf, type Principal } from '../auth/principal';
import { assertTimeWritable, lockReasonFor } from '../time/locks';
import { lockSteps, readLockState } from '../time/locks.repository';
import {
  TIMER_LOCK_NAMESPACE,
  type TimeEntriesRepository,
  type TimeSettings,
} from '../time-entries/time-entries.repository';
import { missingColumns, resolveColumns } from './import-formats';
import { countRecords, readRecords, type Delimiter } from './import-reader';
import { ImportResolver, NO_PROJECT, type RowOwner } from './import-resolver';
import { readRow, type RowContext, type RowRefusal, type SourceRow } from './import-row';
import {
  isSourceKeyConflict,
  overlappingEntryId,
  type ClaimedImport,
  type ImportedEntry,
  type ImportsRepository,
  type ImportTx,
  type Progress,
  type StoredRow,
} from './imports.repository';

export interface ImportJobOptions {
  /** Rows per batch: one round of lookups and one transaction per user each. */
  batchSize: number;
  /** How long a claim lasts without a renewal (each batch renews it). */
  leaseMs: number;
  clock?: () => Date;
}

/** Why the job ends early: the claim went to another worker, or an admin cancelled it. */
class Stop extends Error {
  constructor(readonly cancelled: boolean) {
    super(cancelled ? 'cancelled' : 'claim lost');
  }
}

/**
 * Runs a claimed dry run or run over the stored file, streaming: rows are read and handled in
 * batches, and the claim renewed (with the progress) after each. Returns the rows handled.
 * Failures are recorded on the import, never thrown.
 */
export async function runImportJob(
  repo: ImportsRepository,
  entries: TimeEntriesRepository,
  claim: ClaimedImport,
  options: ImportJobOptions,
): Promise<number> {
  const now = () => options.clock?.() ?? new Date();
  const progress: Progress = { rowsDone: 0, created: 0, skipped: 0, refused: 0 };
  const fail = (message: string) => repo.finish(claim, 'failed', now(), progress, message);
  try {
    const format = claim.format as ImportFormat;
    const headers = claim.headers as string[];
    const parsed = ImportMappingSchema.safeParse(claim.mapping);
    const mapping: ImportMapping = parsed.success ? parsed.data : {};
    const columns = resolveColumns(format, headers, mapping);
    const missing = missingColumns(format, columns);
    if (missing.length > 0) return (await fail(`The file has no column for ${missing.join(', ')}`), 0);
    const admin = claim.createdBy === null ? null : await repo.actor(claim.createdBy);
    if (!admin || roleOf(admin.role) !== 'admin')
      return (await fail('The admin who uploaded the file is no longer an active admin'), 0);
    const actor: Principal = {
      userId: admin.userId,
      username: admin.username,
      role: 'admin',
      via: 'session',
    };
    const settings = await entries.timeSettings();
    const delimiter = claim.delimiter as Delimiter;
    const total = await countRecords(repo.fileStream(claim.id), delimiter);
    await renew(repo, claim, now(), options.leaseMs, progress, total);
    await repo.clearRows(claim.id, claim.mode);
    const index: RowContext['index'] = {};
    for (const [field, header] of Object.entries(columns))
      index[field as keyof RowContext['index']] = headers.indexOf(header!);
    const ctx: RowContext = {
      format,
      index,
      timezone: claim.timezone,
      maxSeconds: settings.maxEntryDurationSeconds,
    };
    const batch = new Batch(
      repo,
      claim,
      actor,
      settings,
      new ImportResolver(repo, entries, mapping, settings, actor.userId),
    );
    let rows: (SourceRow | RowRefusal)[] = [];
    for await (const record of readRecords(repo.fileStream(claim.id), delimiter)) {
      rows.push(readRow(record.cells, record.rowNumber, ctx));
      if (rows.length < options.batchSize) continue;
      await batch.handle(rows, progress);
      rows = [];
      await renew(repo, claim, now(), options.leaseMs, progress);
    }
    await batch.handle(rows, progress);
    await repo.finish(claim, claim.mode === 'run' ? 'done' : 'checked', now(), progress);
    return progress.rowsDone;
  } catch (err) {
    if (err instanceof Stop) {
      if (err.cancelled) await repo.finish(claim, 'cancelled', now(), progress);
      return progress.rowsDone;
    }
    const message = err instanceof Error ? err.message : String(err);
    await fail(message.trim().split('\n').at(-1) ?? 'unknown error');
    return progress.rowsDone;
  }
}

async function renew(
  repo: ImportsRepository,
  claim: ClaimedImport,
  now: Date,
  leaseMs: number,
  progress: Progress,
  total?: number,
): Promise<void> {
  const lease = await repo.renew(claim, now, leaseMs, progress, total);
  if (!lease) throw new Stop(false);
  if (lease.cancelRequested) throw new Stop(true);
}

/** One batch of rows: refusals, skips, lookups, then the writes (a run) or the verdicts (a dry run). */
class Batch {
  constructor(
    private readonly repo: ImportsRepository,
    private readonly claim: ClaimedImport,
    private readonly actor: Principal,
    private readonly settings: TimeSettings,
    private readonly resolver: ImportResolver,
  ) {}

  async handle(rows: (SourceRow | RowRefusal)[], progress: Progress): Promise<void> {
    if (rows.length === 0) return;
    const stored: StoredRow[] = [];
    const record = (row: SourceRow | RowRefusal, outcome: StoredRow['outcome'], reason: string | null) => {
      if (outcome === 'refuse') progress.refused += 1;
      else if (outcome === 'skip') progress.skipped += 1;
      else progress.created += 1;
      // A run keeps only what an admin must look at; a dry run lists every row.
      if (this.claim.mode === 'run' && outcome === 'create') return;
      stored.push({ rowNumber: row.rowNumber, outcome, reason, summary: summaryOf(row) });
    };
    const readable: SourceRow[] = [];
    for (const r of rows) {
      if ('code' in r) record(r, 'refuse', r.reason);
      else readable.push(r);
    }
    await this.resolver.loadUsers(readable);
    const existing = await this.repo.existingKeys(readable.map((r) => r.sourceKey));
    const seen = new Set<string>();
    const byOwner = new Map<string, { owner: NonNullable<RowOwner>; rows: SourceRow[] }>();
    for (const r of readable) {
      if (existing.has(r.sourceKey) || seen.has(r.sourceKey)) {
        record(
          r,
          'skip',
          existing.has(r.sourceKey) ? 'already imported' : 'the same row appears earlier in the file',
        );
        continue;
      }
      seen.add(r.sourceKey);
      const owner = this.resolver.owner(r);
      if (!owner) {
        record(
          r,
          'refuse',
          `unknown user "${r.email ?? r.user}": map it to a user or allow placeholder users`,
        );
        continue;
      }
      const key = 'userId' in owner ? `u${owner.userId}` : `p${owner.placeholder.toLowerCase()}`;
      const group = byOwner.get(key) ?? { owner, rows: [] };
      group.rows.push(r);
      byOwner.set(key, group);
    }
    for (const { owner, rows: own } of byOwner.values()) {
      const verdicts =
        this.claim.mode === 'run' ? await this.write(owner, own) : await this.check(owner, own);
      for (const [r, reason] of verdicts) record(r, reason === null ? 'create' : 'refuse', reason);
    }
    progress.rowsDone += rows.length;
    await this.repo.writeRows(this.claim.id, this.claim.mode, stored);
  }

  /** Dry run: the lock and overlap checks a run makes, read without writing. */
  private async check(
    owner: NonNullable<RowOwner>,
    rows: SourceRow[],
  ): Promise<[SourceRow, string | null][]> {
    const userId = 'userId' in owner ? owner.userId : null;
    const state = await readLockState(
      this.repo.direct,
      userId,
      rows.map((r) => r.start),
    );
    const accepted: SourceRow[] = [];
    const out: [SourceRow, string | null][] = [];
    for (const r of rows) {
      const reason = await this.refusal(this.repo.direct, state, userId, r, accepted);
      if (reason === null) accepted.push(r);
      out.push([r, reason]);
    }
    return out;
  }

  /** Run: the user's rows in one transaction under their timer lock, checked inside it. */
  private async write(
    owner: NonNullable<RowOwner>,
    rows: SourceRow[],
  ): Promise<[SourceRow, string | null][]> {
    const userId = await this.resolver.ensureOwner(owner);
    const prepared: (ImportedEntry & { row: SourceRow })[] = [];
    for (const r of rows) {
      const project = await this.resolver.project(r);
      prepared.push({
        row: r,
        rowNumber: r.rowNumber,
        userId,
        projectId: project.id,
        taskId: await this.resolver.task(project.id, r.task),
        start: r.start,
        end: r.end,
        durationSeconds: await this.resolver.billedSeconds(project.id, r.seconds),
        notes: r.description,
        billable: r.billable ?? project.billable,
        tagIds: await this.resolver.tagIds(r.tags),
        sourceKey: r.sourceKey,
      });
    }
    let verdicts: [SourceRow, string | null][] = [];
    const actor = auditActorOf(this.actor);
    try {
      await this.repo.insertForUser(userId, this.claim.id, actor, TIMER_LOCK_NAMESPACE, async (tx) => {
        verdicts = [];
        const steps = lockSteps(tx, actor);
        const state = await steps.lockState(
          userId,
          rows.map((r) => r.start),
        );
        const accepted: SourceRow[] = [];
        const keep: typeof prepared = [];
        for (const p of prepared) {
          const reason = await this.refusal(tx, state, userId, p.row, accepted);
          verdicts.push([p.row, reason]);
          if (reason === null) {
            accepted.push(p.row);
            keep.push(p);
          }
        }
        // Nothing kept is locked: the shared rule passes and the import never overrides a lock.
        await assertTimeWritable(steps, this.actor, {
          userId,
          instants: keep.map((p) => p.start),
          action: 'create',
        });
        return keep;
      });
    } catch (err) {
      // Another import wrote some of these rows' source keys meanwhile: they are in already.
      if (!isSourceKeyConflict(err)) throw err;
      const existing = await this.repo.existingKeys(rows.map((r) => r.sourceKey));
      verdicts = rows.map((r) => [
        r,
        existing.has(r.sourceKey) ? 'already imported (by another import meanwhile)' : 'conflict: try again',
      ]);
    }
    return verdicts;
  }

  /**
   * Why the row may not be written: locked time (the lockdown, a submitted or approved week:
   * an import never overrides a lock, even an admin's), or, with overlap_policy refuse, an
   * overlap with the user's entries or an earlier row of the file. Null: it may.
   */
  private async refusal(
    sql: ImportTx,
    state: Awaited<ReturnType<typeof readLockState>>,
    userId: number | null,
    r: SourceRow,
    accepted: SourceRow[],
  ): Promise<string | null> {
    const locked = lockReasonFor(state, [r.start]);
    if (locked) return `locked period: ${locked.detail}`;
    if (this.settings.overlapPolicy !== 'refuse' || userId === null) return null;
    if (accepted.some((a) => a.start < r.end && a.end > r.start))
      return 'overlaps an earlier row of the file';
    const other = await overlappingEntryId(sql, userId, r.start, r.end);
    return other === null ? null : `overlaps entry #${other} (settings.overlapPolicy is refuse)`;
  }
}

function summaryOf(row: SourceRow | RowRefusal): StoredRow['summary'] {
  if ('code' in row) return { user: row.user, project: row.project, start: null, end: null, seconds: null };
  return {
    user: row.email ?? row.user,
    project: row.project ?? NO_PROJECT,
    start: row.start.toISOString(),
    end: row.end.toISOString(),
    seconds: row.seconds,
  };
}
