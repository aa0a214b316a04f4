import {
  ImportMappingSchema,
  zonedTimeReader,
  type ImportFormat,
  type ImportMapping,
} from '@timetracker/contracts';
import { auditActorOf } from '../audit/audit-log.repository';
import { roleOf, type Principal } from '../auth/principal';
import { assertTimeWritable, type LockSteps } from '../time/locks';
import {
  TIMER_LOCK_NAMESPACE,
  type TimeEntriesRepository,
  type TimeSettings,
} from '../time-entries/time-entries.repository';
import { checkRows, type OwnedRows, type RowNote, type Verdicts } from './import-checks';
import { missingColumns, resolveColumns } from './import-formats';
import { estimateTotal, readRecords, type Delimiter } from './import-reader';
import { ImportResolver, NO_PROJECT, type RowOwner } from './import-resolver';
import { readRow, type RowContext, type RowRefusal, type SourceRow } from './import-row';
import {
  existingKeysIn,
  isSourceKeyConflict,
  type ClaimedImport,
  type ImportedEntry,
  type ImportsRepository,
  type Progress,
  type StoredRow,
} from './imports.repository';
import { Pending } from './pending';

export interface ImportJobOptions {
  /** Rows per batch: one round of lookups and one transaction each. */
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
    await renew(repo, claim, now(), options.leaseMs, progress);
    await repo.clearRows(claim.id, claim.mode);
    const index: RowContext['index'] = {};
    for (const [field, header] of Object.entries(columns))
      index[field as keyof RowContext['index']] = headers.indexOf(header!);
    const ctx: RowContext = {
      format,
      index,
      toInstant: zonedTimeReader(claim.timezone),
      maxSeconds: settings.maxEntryDurationSeconds,
    };
    const batch = new Batch(
      repo,
      claim,
      actor,
      settings,
      new ImportResolver(repo, entries, mapping, settings, actor.userId),
    );
    // A full batch is handled (then the claim renewed) while the next one is read and parsed:
    // the database's work and the parsing overlap, each batch still starts after the last ended.
    const handling = new Pending();
    let rows: (SourceRow | RowRefusal)[] = [];
    for await (const record of readRecords(repo.fileStream(claim.id), delimiter)) {
      rows.push(readRow(record.cells, record.rowNumber, ctx));
      if (rows.length % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
      if (rows.length < options.batchSize) continue;
      await handling.settled();
      const full = rows;
      rows = [];
      handling.start(async () => {
        await batch.handle(full, progress);
        // No counting pass before the job (it parsed the file twice): the total is estimated
        // from the parser's counters (read now, so they may be ahead of the rows done).
        const total = estimateTotal(record.parsed, claim.fileSize, progress.rowsDone);
        await renew(repo, claim, now(), options.leaseMs, progress, total);
      });
    }
    await handling.settled();
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
    const record = (
      row: SourceRow | RowRefusal,
      outcome: StoredRow['outcome'],
      note: RowNote | null,
      owner: RowOwner = null,
    ) => {
      if (outcome === 'refuse') progress.refused += 1;
      else if (outcome === 'skip') progress.skipped += 1;
      else progress.created += 1;
      // A run keeps only what an admin must look at; a dry run lists every row.
      if (this.claim.mode === 'run' && outcome === 'create') return;
      stored.push({
        rowNumber: row.rowNumber,
        outcome,
        reason: note?.reason ?? null,
        code: note?.code ?? null,
        params: note?.params ?? null,
        summary: summaryOf(row, owner),
      });
    };
    const readable: SourceRow[] = [];
    for (const r of rows) {
      if ('code' in r) record(r, 'refuse', r);
      else readable.push(r);
    }
    await this.resolver.loadUsers(readable);
    const existing = await this.repo.existingKeys(readable.map((r) => r.sourceKey));
    const seen = new Set<string>();
    const byOwner = new Map<string, { owner: NonNullable<RowOwner>; rows: SourceRow[] }>();
    const owners = new Map<SourceRow, RowOwner>();
    for (const r of readable) {
      // Who the row goes to, shown next to its source user in the rows' table (a skipped row too).
      const owner = this.resolver.owner(r);
      owners.set(r, owner);
      if (existing.has(r.sourceKey) || seen.has(r.sourceKey)) {
        record(
          r,
          'skip',
          existing.has(r.sourceKey)
            ? { code: 'already_imported', reason: 'already imported', params: { meanwhile: false } }
            : { code: 'duplicate_in_file', reason: 'the same row appears earlier in the file', params: {} },
          owner,
        );
        continue;
      }
      seen.add(r.sourceKey);
      if (!owner) {
        const user = (r.email ?? r.user)!;
        record(r, 'refuse', {
          code: 'unknown_user',
          reason: `unknown user "${user}": map it to a user or allow placeholder users`,
          params: { user },
        });
        continue;
      }
      const key = 'userId' in owner ? `u${owner.userId}` : `p${owner.placeholder.toLowerCase()}`;
      const group = byOwner.get(key) ?? { owner, rows: [] };
      group.rows.push(r);
      byOwner.set(key, group);
    }
    const groups = [...byOwner.values()];
    const verdicts = this.claim.mode === 'run' ? await this.write(groups) : await this.check(groups);
    for (const [r, note] of verdicts)
      // A run made the placeholder users before writing: its rows name the user made.
      record(
        r.row,
        note === null ? 'create' : 'refuse',
        note,
        r.userId === undefined ? (owners.get(r.row) ?? null) : { userId: r.userId },
      );
    progress.rowsDone += rows.length;
    await this.repo.writeRows(this.claim.id, this.claim.mode, stored);
  }

  /** Dry run: the lock and overlap checks a run makes, read without writing. */
  private async check(
    groups: { owner: NonNullable<RowOwner>; rows: SourceRow[] }[],
  ): Promise<Verdicts<Held>> {
    const owned = groups.map((g) => ({
      userId: 'userId' in g.owner ? g.owner.userId : null,
      rows: g.rows.map((row) => ({ row })),
    }));
    return (await checkRows(this.repo.direct, owned, this.settings.overlapPolicy)).verdicts;
  }

  /**
   * Run: the batch's rows in one transaction under the timer locks of all their users, checked
   * set-wise inside it (checkRows), then written set-wise (ImportsRepository.insertBatch).
   */
  private async write(
    groups: { owner: NonNullable<RowOwner>; rows: SourceRow[] }[],
  ): Promise<Verdicts<Held>> {
    const owned: OwnedRows<Prepared>[] = [];
    for (const g of groups) {
      const userId = await this.resolver.ensureOwner(g.owner);
      const rows: Prepared[] = [];
      for (const r of g.rows) {
        const project = await this.resolver.project(r);
        rows.push({
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
      owned.push({ userId, rows });
    }
    const all = owned.flatMap((g) => g.rows);
    const actor = auditActorOf(this.actor);
    let verdicts: Verdicts<Held> = [];
    try {
      await this.repo.insertBatch(
        owned.map((g) => g.userId!),
        this.claim.id,
        actor,
        TIMER_LOCK_NAMESPACE,
        async (tx) => {
          // Another import of the same rows (their users' locks make the two take turns) may have
          // written some since this batch looked: they are in already.
          const meanwhile = await existingKeysIn(
            tx,
            all.map((p) => p.sourceKey),
          );
          const fresh = owned.map((g) => ({ ...g, rows: g.rows.filter((p) => !meanwhile.has(p.sourceKey)) }));
          const checked = await checkRows(tx, fresh, this.settings.overlapPolicy);
          verdicts = [
            ...all.filter((p) => meanwhile.has(p.sourceKey)).map((p): [Held, RowNote] => [p, MEANWHILE]),
            ...checked.verdicts,
          ];
          const keep = checked.verdicts.flatMap(([p, reason]) => (reason === null ? [p] : []));
          // The shared rule, on the states just read: nothing kept is locked, so it passes (an
          // import never overrides a lock, even an admin's).
          for (const g of owned) {
            const state = checked.states.get(g.userId)!;
            const steps: LockSteps = {
              lockState: async () => state,
              recordOverride: () => Promise.reject(new Error('an import never overrides a lock')),
            };
            await assertTimeWritable(steps, this.actor, {
              userId: g.userId,
              instants: keep.filter((p) => p.userId === g.userId).map((p) => p.start),
              action: 'create',
            });
          }
          return keep;
        },
      );
    } catch (err) {
      // A source key written meanwhile under another user's lock (a different user mapping):
      // the batch rolled back; its rows are in already or can be imported by running again.
      if (!isSourceKeyConflict(err)) throw err;
      const existing = await this.repo.existingKeys(all.map((p) => p.sourceKey));
      verdicts = all.map((p) => [
        p,
        existing.has(p.sourceKey)
          ? MEANWHILE
          : { code: 'conflict', reason: 'conflict: try again', params: {} },
      ]);
    }
    return verdicts;
  }
}

const MEANWHILE: RowNote = {
  code: 'already_imported',
  reason: 'already imported (by another import meanwhile)',
  params: { meanwhile: true },
};

/** A row on its way through the checks (a dry run's) or to the insert (a run's). */
type Held = {
  row: SourceRow;
  /** A run's: the user the row is written for (a placeholder made by then). */
  userId?: number;
};
type Prepared = ImportedEntry & Held;

function summaryOf(row: SourceRow | RowRefusal, owner: RowOwner): StoredRow['summary'] {
  if ('code' in row) return { user: row.user, project: row.project, start: null, end: null, seconds: null };
  return {
    user: row.email ?? row.user,
    project: row.project ?? NO_PROJECT,
    start: row.start.toISOString(),
    end: row.end.toISOString(),
    seconds: row.seconds,
    // The user's id, not their name: the table shows the name they have when it is read.
    ...(owner === null ? {} : 'userId' in owner ? { ownerId: owner.userId } : { placeholder: true }),
  };
}
