import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Writable, type Readable } from 'node:stream';
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

/**
 * Reads the whole archive once, decompressing every table part and hashing it, and returns the
 * manifest only when every part is present and matches its checksum, size and row count.
 * Nothing is kept in memory but the manifest.
 */
export async function verifyBackupArchive(file: string): Promise<BackupManifest> {
  const seen = new Map<string, { sha256: string; bytes: number; rows: number }>();
  let manifestText: string | undefined;
  try {
    await forEachEntry(file, async (name, entry) => {
      if (name === MANIFEST_ENTRY) {
        const chunks: Buffer[] = [];
        for await (const c of entry) chunks.push(c as Buffer);
        manifestText = Buffer.concat(chunks).toString('utf8');
        return;
      }
      const hash = createHash('sha256');
      let bytes = 0;
      let rows = 0;
      const sink = new Writable({
        write(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
          done();
        },
      });
      if (name.endsWith('.gz')) await pipeline(entry, createGunzip(), sink);
      else await pipeline(entry, sink);
      seen.set(name, { sha256: hash.digest('hex'), bytes, rows });
    });
  } catch (err) {
    throw new CorruptBackupError(`the archive cannot be read: ${(err as Error).message}`);
  }
  if (manifestText === undefined) throw new CorruptBackupError('the archive has no manifest.json');
  let manifest: BackupManifest;
  try {
    manifest = BackupManifestSchema.parse(JSON.parse(manifestText));
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
  const expected = [
    ...manifest.tables.map((t) => ({ part: t.part, sha256: t.sha256, bytes: t.bytes, rows: t.rows })),
    ...manifest.files.map((f) => ({ part: f.part, sha256: f.sha256, bytes: f.bytes, rows: undefined })),
  ];
  for (const e of expected) {
    const got = seen.get(e.part);
    if (!got) throw new CorruptBackupError(`${e.part} is missing from the archive`);
    if (got.sha256 !== e.sha256 || got.bytes !== e.bytes)
      throw new CorruptBackupError(`${e.part} does not match its checksum in the manifest`);
    if (e.rows !== undefined && got.rows !== e.rows)
      throw new CorruptBackupError(`${e.part} has ${got.rows} rows, the manifest says ${e.rows}`);
  }
  return manifest;
}

/** Calls `use` with each entry of the tar in order; `use` must consume the entry. */
export async function forEachEntry(
  file: string,
  use: (name: string, entry: Readable) => Promise<void>,
): Promise<void> {
  const extract = tar.extract();
  const reading = pipeline(createReadStream(file), extract);
  // A read error ends the iteration with that error; the pipeline's own rejection is the same one.
  reading.catch(() => {});
  for await (const entry of extract) {
    await use(entry.header.name, entry as unknown as Readable);
  }
  await reading;
}
