import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-stream';
import { z } from 'zod';

/**
 * The backup archive: an uncompressed tar (readable with `tar -tf`) holding
 *   tables/<table>.copy.gz   each table as COPY text format (UTC, ISO dates), gzip-compressed
 *   files/<id>-<kind>.<ext>  the uploaded files, as plain files for people (restore reads the table)
 *   manifest.json            last, once every part's checksum is known
 */
export const BACKUP_FORMAT = 'timetracker-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_ENTRY = 'manifest.json';

/**
 * Tables of figures derived from others, left out of backups: a restore starts them empty and
 * the start-up that follows rebuilds them (prisma/sql/010_entry_rollups.sql), so an archive holds
 * only what people entered and a restored database backs up to the same bytes.
 */
export const DERIVED_TABLES: readonly string[] = [
  'entry_rollups',
  'entry_rollup_days',
  'entry_rollup_day_totals',
  'entry_rollup_month_totals',
  'entry_rollup_hours',
  'entry_rollup_hour_totals',
  'entry_rollup_tags',
  'entry_rollup_tag_totals',
  'entry_rollup_deltas',
  'entry_rollup_tag_deltas',
  'entry_rollup_removed',
  'entry_rollup_state',
];

/**
 * Session settings under which COPY text is written and read: timestamps in UTC with ISO dates,
 * floats exact, bytea as hex, so that a backup restores identically on any server setting.
 */
export const COPY_SESSION_SETTINGS: Record<string, string> = {
  TimeZone: 'UTC',
  DateStyle: 'ISO, YMD',
  IntervalStyle: 'postgres',
  extra_float_digits: '3',
  bytea_output: 'hex',
  client_encoding: 'UTF8',
};

const ColumnSchema = z.object({ name: z.string(), type: z.string(), nullable: z.boolean() });

const TableSchema = z.object({
  name: z.string(),
  columns: z.array(ColumnSchema),
  /** Primary-key columns, the order rows were copied in (empty: every column). */
  orderBy: z.array(z.string()),
  part: z.string(),
  rows: z.number().int().nonnegative(),
  /** Uncompressed COPY data: bytes and sha256 hex (identical data gives the same checksum). */
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const SequenceSchema = z.object({
  name: z.string(),
  table: z.string().nullable(),
  column: z.string().nullable(),
  lastValue: z.string(),
  isCalled: z.boolean(),
});

const FileSchema = z.object({
  part: z.string(),
  id: z.number().int(),
  kind: z.string(),
  contentType: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const BackupManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int(),
  /** When the snapshot was taken (the transaction's start). */
  createdAt: z.string(),
  backupId: z.number().int().nullable(),
  /** The latest applied migration: the schema version of the data. */
  schemaVersion: z.string(),
  /** Every applied migration, oldest first, with the checksum it was applied with. */
  migrations: z.array(z.object({ name: z.string(), checksum: z.string() })),
  serverVersion: z.string(),
  tables: z.array(TableSchema),
  sequences: z.array(SequenceSchema),
  files: z.array(FileSchema),
});

export type BackupManifest = z.infer<typeof BackupManifestSchema>;
export type BackupTable = z.infer<typeof TableSchema>;
export type BackupColumn = z.infer<typeof ColumnSchema>;
export type BackupSequence = z.infer<typeof SequenceSchema>;
export type BackupFile = z.infer<typeof FileSchema>;

export const tablePart = (table: string) => `tables/${table}.copy.gz`;

/** The archive cannot be trusted: unreadable, incomplete, or a part does not match the manifest. */
export class CorruptBackupError extends Error {
  override readonly name = 'CorruptBackupError';
}

/** The manifest is read into memory: a larger one is not ours. */
const MANIFEST_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Checks an archive before anything is restored from it. The archive is untrusted input: it is
 * read twice, first its entry list and manifest (nothing decompressed), then every part is
 * decompressed no further than its declared size and hashed. The manifest is returned only
 * when every entry is listed in it exactly once, every listed part is present, and every part
 * matches its declared size, checksum and row count. Nothing is kept in memory but the manifest.
 */
export async function verifyBackupArchive(file: string): Promise<BackupManifest> {
  const { manifest, sizes } = await readManifestAndEntries(file);
  const expected = expectedParts(manifest);
  for (const [part, e] of expected) {
    const size = sizes.get(part);
    if (size === undefined) throw new CorruptBackupError(`${part} is missing from the archive`);
    // A plain file's size is in its tar header: no need to read it to refuse it.
    if (!e.gzip && size > e.bytes) throw new CorruptBackupError(partTooLarge(part, e.bytes, size));
  }
  try {
    await forEachEntry(file, async (name, entry) => {
      const e = expected.get(name);
      if (!e) {
        entry.resume();
        return;
      }
      const check = checkedPart(name, e);
      const sink = new Writable({ write: (_c, _e, done) => done() });
      if (e.gzip) await pipeline(entry, createGunzip(), check, sink);
      else await pipeline(entry, check, sink);
      if (e.rows !== undefined && check.lines !== e.rows)
        throw new CorruptBackupError(`${name} has ${check.lines} rows, the manifest says ${e.rows}`);
    });
  } catch (err) {
    if (err instanceof CorruptBackupError) throw err;
    throw new CorruptBackupError(`the archive cannot be read: ${(err as Error).message}`);
  }
  return manifest;
}

interface ExpectedPart {
  bytes: number;
  sha256: string;
  gzip: boolean;
  rows: number | undefined;
}

/** Every part the manifest lists, by entry name. */
function expectedParts(manifest: BackupManifest): Map<string, ExpectedPart> {
  return new Map<string, ExpectedPart>([
    ...manifest.tables.map(
      (t) => [t.part, { bytes: t.bytes, sha256: t.sha256, gzip: true, rows: t.rows }] as const,
    ),
    ...manifest.files.map(
      (f) => [f.part, { bytes: f.bytes, sha256: f.sha256, gzip: false, rows: undefined }] as const,
    ),
  ]);
}

const partTooLarge = (part: string, declared: number, got: number | string) =>
  `${part} is larger than its declared size (${declared} bytes; ${got} or more): refused`;

/**
 * The first pass: entry names and sizes, and the manifest. Refuses what a backup we wrote never
 * holds: an entry that is not a plain file, a name seen twice (a reader that keeps the first
 * and one that keeps the last would disagree), an entry the manifest does not list, and a
 * manifest whose parts are not where we put them.
 */
async function readManifestAndEntries(
  file: string,
): Promise<{ manifest: BackupManifest; sizes: Map<string, number> }> {
  const sizes = new Map<string, number>();
  let manifestText: string | undefined;
  try {
    await forEachEntry(file, async (name, entry, header) => {
      if (header.type !== 'file') {
        throw new CorruptBackupError(`the archive holds ${name}, which is not a plain file: refused`);
      }
      if (sizes.has(name)) {
        throw new CorruptBackupError(`the archive holds ${name} twice: refused`);
      }
      const size = header.size ?? 0;
      sizes.set(name, size);
      if (name !== MANIFEST_ENTRY) {
        entry.resume();
        return;
      }
      if (size > MANIFEST_MAX_BYTES) {
        throw new CorruptBackupError(`${MANIFEST_ENTRY} is ${size} bytes: refused`);
      }
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      manifestText = Buffer.concat(chunks).toString('utf8');
    });
  } catch (err) {
    if (err instanceof CorruptBackupError) throw err;
    throw new CorruptBackupError(`the archive cannot be read: ${(err as Error).message}`);
  }
  if (manifestText === undefined) throw new CorruptBackupError('the archive has no manifest.json');
  const manifest = parseManifest(manifestText);
  const expected = expectedParts(manifest);
  for (const name of sizes.keys()) {
    if (name !== MANIFEST_ENTRY && !expected.has(name)) {
      throw new CorruptBackupError(`the archive holds ${name}, which its manifest does not list: refused`);
    }
  }
  return { manifest, sizes };
}

function parseManifest(text: string): BackupManifest {
  let manifest: BackupManifest;
  try {
    manifest = BackupManifestSchema.parse(JSON.parse(text));
  } catch (err) {
    throw new CorruptBackupError(
      `manifest.json is not a TimeTracker backup manifest: ${(err as Error).message}`,
    );
  }
  if (manifest.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new CorruptBackupError(
      `the archive has format version ${manifest.formatVersion}; this code reads up to ${BACKUP_FORMAT_VERSION}`,
    );
  }
  const parts = new Set<string>([MANIFEST_ENTRY]);
  const listOnce = (part: string) => {
    if (parts.has(part)) throw new CorruptBackupError(`the manifest lists ${part} twice: refused`);
    parts.add(part);
  };
  for (const t of manifest.tables) {
    if (t.part !== tablePart(t.name)) {
      throw new CorruptBackupError(`the manifest puts table ${t.name} in ${t.part}: refused`);
    }
    listOnce(t.part);
    const columns = new Set(t.columns.map((c) => c.name));
    if (columns.size !== t.columns.length) {
      throw new CorruptBackupError(`the manifest lists a column of table ${t.name} twice: refused`);
    }
  }
  for (const f of manifest.files) {
    if (!f.part.startsWith('files/')) {
      throw new CorruptBackupError(`the manifest puts a file in ${f.part}: refused`);
    }
    listOnce(f.part);
  }
  return manifest;
}

/**
 * A pass-through for one part's uncompressed data that fails as soon as more than the declared
 * bytes arrive (so a small gzip that inflates to gigabytes stops there), and at the end when the
 * size or checksum differ. `lines` counts newlines: one per COPY row.
 */
export function checkedPart(
  part: string,
  expected: { bytes: number; sha256: string },
): Transform & { lines: number } {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > expected.bytes) {
        done(new CorruptBackupError(partTooLarge(part, expected.bytes, bytes)));
        return;
      }
      hash.update(chunk);
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) stream.lines++;
      done(null, chunk);
    },
    flush(done) {
      if (bytes !== expected.bytes || hash.digest('hex') !== expected.sha256) {
        done(new CorruptBackupError(`${part} does not match its checksum in the manifest`));
        return;
      }
      done();
    },
  }) as Transform & { lines: number };
  stream.lines = 0;
  return stream;
}

/** Calls `use` with each entry of the tar in order; `use` must consume the entry. */
export async function forEachEntry(
  file: string,
  use: (name: string, entry: Readable, header: tar.Header) => Promise<void>,
): Promise<void> {
  const extract = tar.extract();
  const reading = pipeline(createReadStream(file), extract);
  // A read error ends the iteration with that error; the pipeline's own rejection is the same one.
  reading.catch(() => {});
  for await (const entry of extract) {
    await use(entry.header.name, entry as unknown as Readable, entry.header);
  }
  await reading;
}
