import { Transform } from 'node:stream';

/** What a COPY text-format field becomes: a string, a number, a boolean or a Date. */
export type CopyValueType = 'text' | 'number' | 'boolean' | 'date' | 'datetime';
export type CopyValue = string | number | boolean | Date | null;

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** A field of PostgreSQL's COPY text format: \N is null, backslash escapes undone. */
export function unescapeCopyText(field: string): string | null {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  return field.replace(
    /\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))/gs,
    (_m, octal?: string, hex?: string, ch?: string) => {
      if (octal) return String.fromCharCode(parseInt(octal, 8));
      if (hex) return String.fromCharCode(parseInt(hex, 16));
      return ESCAPES[ch!] ?? ch!;
    },
  );
}

/**
 * A date (YYYY-MM-DD) or a wall-clock time (YYYY-MM-DDTHH:MM:SS) as the Date whose UTC fields
 * are that day and time: what a spreadsheet shows, whatever zone the reader is in.
 */
function wallClock(value: string): Date {
  return new Date(value.length === 10 ? `${value}T00:00:00Z` : `${value}Z`);
}

function typed(value: string | null, type: CopyValueType): CopyValue {
  if (value === null) return null;
  switch (type) {
    case 'number':
      return Number(value);
    case 'boolean':
      return value === 't' || value === 'true';
    case 'date':
    case 'datetime':
      return wallClock(value);
    default:
      return value;
  }
}

/**
 * One chunk's whole lines, parsed only as they are iterated (again on each iteration): a row's
 * fields exist while the reader handles that row, not while it handles the rest of the chunk.
 */
export class CopyTextBatch implements Iterable<CopyValue[]> {
  constructor(
    private readonly text: string,
    private readonly types: readonly CopyValueType[],
  ) {}

  *[Symbol.iterator](): Iterator<CopyValue[]> {
    const { text, types } = this;
    for (let from = 0; from <= text.length;) {
      const end = text.indexOf('\n', from);
      const line = text.slice(from, end < 0 ? text.length : end);
      from = end < 0 ? text.length + 1 : end + 1;
      yield line.split('\t').map((field, i) => typed(unescapeCopyText(field), types[i] ?? 'text'));
    }
  }
}

/**
 * Parses COPY ... TO STDOUT (FORMAT text) as it streams: each chunk of bytes becomes one batch
 * of rows (a CopyTextBatch), each row its fields typed by `types`. Lines are cut at LF bytes
 * (never part of a multi-byte UTF-8 character; COPY escapes the LFs inside values), so a chunk's
 * last partial line waits for the next chunk.
 *
 * The rows are made as the reader reaches them: parsed at once, a chunk's few hundred rows and
 * their thousands of values outlived the young generation's collections while the workbook
 * writer (tens of KB of short-lived objects per row) went through them, and ended in the old
 * generation as garbage only a full collection frees: about 40 MB more peak RSS in an XLSX
 * export of 1M entries (docs/benchmarks.md, "Export memory").
 */
export function copyTextRows(types: readonly CopyValueType[]): Transform {
  let rest: Buffer = Buffer.alloc(0);
  return new Transform({
    readableObjectMode: true,
    // One batch ahead at most: the reader's pace pauses the database.
    readableHighWaterMark: 1,
    transform(chunk: Buffer, _encoding, done) {
      const data = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
      const last = data.lastIndexOf(0x0a);
      if (last < 0) {
        rest = data;
        return done();
      }
      rest = Buffer.from(data.subarray(last + 1));
      done(null, new CopyTextBatch(data.subarray(0, last).toString('utf8'), types));
    },
    flush(done) {
      if (rest.length > 0) return done(null, new CopyTextBatch(rest.toString('utf8'), types));
      done();
    },
  });
}
