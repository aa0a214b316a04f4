import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import type { Readable } from 'node:stream';
import { DomainError } from '../errors/domain-error';
import { cleanHeader } from './import-formats';

/** A record longer than this is refused (a never-closed quote would otherwise eat the file). */
export const MAX_RECORD_BYTES = 256 * 1024;

/** The most columns a header may have. */
const MAX_COLUMNS = 200;

export type Delimiter = ',' | ';' | '\t';

export interface FileHead {
  headers: string[];
  delimiter: Delimiter;
}

/**
 * The header row and delimiter of an uploaded file, from its first bytes. Refuses what is not
 * UTF-8 text (UTF-16, binary): a hostile upload is checked before anything is stored.
 */
export function readHead(bytes: Buffer): FileHead {
  const start = bytes.subarray(0, 64 * 1024);
  if (
    (start[0] === 0xff && start[1] === 0xfe) ||
    (start[0] === 0xfe && start[1] === 0xff) ||
    start.includes(0)
  )
    throw DomainError.validation('The file is not UTF-8 text: export it as CSV (UTF-8)', [
      { path: 'file', message: 'not UTF-8 text' },
    ]);
  const text = start.toString('utf8').replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = ([',', ';', '\t'] as const).reduce<Delimiter>(
    (best, d) => (count(firstLine, d) > count(firstLine, best) ? d : best),
    ',',
  );
  let rows: string[][];
  try {
    rows = parseSync(text, { delimiter, to: 1, relax_column_count: true, relax_quotes: true, bom: true });
  } catch {
    rows = [];
  }
  const headers = (rows[0] ?? []).map(cleanHeader);
  if (headers.length < 2 || headers.length > MAX_COLUMNS || headers.every((h) => h === ''))
    throw DomainError.validation('The file has no CSV header row', [
      { path: 'file', message: 'a CSV file with a header row' },
    ]);
  return { headers: headers.map((h) => h.slice(0, 200)), delimiter };
}

const count = (line: string, d: string) => line.split(d).length - 1;

/** What the parser has read so far: records and the bytes they took (it reads ahead of the records yielded). */
export interface ParsedSoFar {
  readonly records: number;
  readonly bytes: number;
}

/**
 * The data records of a CSV stream, one at a time with their number (the header is 1, as a
 * spreadsheet numbers lines of one-line records): csv-parse in streaming mode, so memory stays
 * flat however long the file. Empty lines are skipped; a malformed file throws. `parsed` is the
 * parser's live count, for a progress estimate without a counting pass (estimateTotal).
 */
export async function* readRecords(
  source: Readable,
  delimiter: Delimiter,
): AsyncGenerator<{ rowNumber: number; cells: string[]; parsed: ParsedSoFar }> {
  const parser = source.pipe(
    parse({
      delimiter,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_BYTES,
      from_line: 2,
    }),
  );
  source.on('error', (err) => parser.destroy(err));
  const parsed: ParsedSoFar = parser.info;
  let rowNumber = 1;
  for await (const cells of parser as AsyncIterable<string[]>) {
    rowNumber += 1;
    yield { rowNumber, cells, parsed };
  }
}

/**
 * The file's record count, estimated from the bytes per record parsed so far (the header's bytes
 * count as the first record's, a small overestimate that fades as the file is read), never below
 * the rows already done. Exact at the end, where the job records the rows it read.
 */
export function estimateTotal(parsed: ParsedSoFar, fileBytes: number, rowsDone: number): number {
  if (parsed.records === 0 || parsed.bytes === 0) return rowsDone;
  const left = Math.max(0, fileBytes - parsed.bytes);
  return Math.max(rowsDone, parsed.records + Math.round((left * parsed.records) / parsed.bytes));
}
