import { PassThrough, type Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { neutralizeFormula } from './csv';

/**
 * What a column holds, and so how its cells are written:
 * - text: a string cell, a would-be formula neutralized (csv.ts neutralizeFormula) unless the
 *   rows come neutralized already (`neutralized`);
 * - integer / decimal / money: numbers (shown as 0, 0.00 and #,##0.00);
 * - date / datetime: Excel dates, from a Date whose UTC fields are the wall-clock time to show;
 * - duration / duration-seconds: seconds, written as a fraction of a day (what Excel durations
 *   are) shown as [h]:mm or [h]:mm:ss;
 * - month: a Date of the month's first day shown as yyyy-mm;
 * - boolean: TRUE / FALSE.
 */
export type XlsxKind =
  | 'text'
  | 'integer'
  | 'decimal'
  | 'money'
  | 'date'
  | 'datetime'
  | 'month'
  | 'duration'
  | 'duration-seconds'
  | 'boolean';

export interface XlsxColumn {
  header: string;
  kind: XlsxKind;
}

export type XlsxValue = string | number | boolean | Date | null | undefined;

const FORMATS: Partial<Record<XlsxKind, string>> = {
  integer: '0',
  decimal: '0.00',
  money: '#,##0.00',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm:ss',
  month: 'yyyy-mm',
  duration: '[h]:mm',
  'duration-seconds': '[h]:mm:ss',
};

const WIDTHS: Record<XlsxKind, number> = {
  text: 24,
  integer: 10,
  decimal: 12,
  money: 14,
  date: 12,
  datetime: 20,
  month: 10,
  duration: 10,
  'duration-seconds': 12,
  boolean: 10,
};

/** Excel's limit of one cell's text. */
const MAX_CELL_TEXT = 32_767;

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One cell's value as written (see XlsxKind). */
function cellValue(value: XlsxValue, kind: XlsxKind, neutralized: boolean): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'text': {
      const text = String(value);
      return (neutralized ? text : neutralizeFormula(text)).slice(0, MAX_CELL_TEXT);
    }
    case 'duration':
    case 'duration-seconds':
      return Number(value) / 86_400;
    case 'integer':
    case 'decimal':
    case 'money':
      return typeof value === 'number' ? value : Number(value);
    default:
      return value;
  }
}

export interface XlsxSheet {
  name: string;
  /** Lines above the table (title, period, zone), as text. */
  preamble?: readonly (readonly XlsxValue[])[];
  columns: readonly XlsxColumn[];
  /**
   * The rows, in batches (arrays, or iterables that make each row as it is reached): an array,
   * or a stream/iterable of batches read as they come.
   */
  rows: AsyncIterable<Iterable<readonly XlsxValue[]>> | Iterable<Iterable<readonly XlsxValue[]>>;
  /** The text cells come neutralized already (the entries' SQL does it, as for the CSV). */
  neutralized?: boolean;
  /** A last row in bold (totals). */
  footer?: readonly XlsxValue[];
  /** The footer's kinds where they differ from the columns' (a label under a date column). */
  footerColumns?: readonly XlsxColumn[];
}

/** A writable stream, Node's or readable-stream's (archiver's): whether it is full, and its events. */
interface Drainable {
  writableNeedDrain?: boolean;
  _writableState?: { needDrain?: boolean };
  destroyed?: boolean;
  on(event: 'drain' | 'close', listener: () => void): unknown;
  removeListener(event: 'drain' | 'close', listener: () => void): unknown;
}

/** Resolves when `stream` has room again (or has closed: nobody reads any more). */
function room(stream: Drainable | undefined): Promise<void> {
  const full = stream && (stream.writableNeedDrain ?? stream._writableState?.needDrain ?? false);
  if (!stream || !full || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.removeListener('drain', done);
      stream.removeListener('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/**
 * Where exceljs writes the sheet's XML: archiver's input for the sheet's zip entry. exceljs
 * writes to it without waiting (its own stream ignores backpressure), so the XML of rows made
 * faster than they are compressed would pile up there; the writer waits for it to drain
 * instead. Undefined if a later exceljs arranges this differently (then only the output paces).
 */
function sheetInput(ws: ExcelJS.Worksheet): Drainable | undefined {
  const stream = (ws as unknown as { stream?: { pipes?: Partial<Drainable>[] } }).stream;
  const pipe = stream?.pipes?.[0];
  return typeof pipe?.on === 'function' && pipe._writableState ? (pipe as Drainable) : undefined;
}

/**
 * A one-sheet workbook, written with exceljs's streaming WorkbookWriter as its rows arrive:
 * each batch is committed (turned into XML, handed to the zip) before the next is read, and the
 * next is read only once the zip has taken that XML and the reader what was written, so memory
 * stays flat at any size. The
 * returned stream fails (is destroyed) if the rows fail; closing it stops reading them.
 */
export function xlsxStream(sheet: XlsxSheet): Readable {
  const output = new PassThrough();
  const source = sheet.rows;
  void (async () => {
    // Loaded on the first workbook, not with the package: exceljs (and the zip and XML libraries
    // under it) keeps about 19 MB resident in every process that imports core, and only exports
    // write workbooks (docs/benchmarks.md "Memory").
    const { default: Excel } = await import('exceljs');
    const workbook = new Excel.stream.xlsx.WorkbookWriter({
      stream: output,
      useStyles: true,
      useSharedStrings: false,
      // Fast compression: the CPU, not the size, is what an export of a year costs.
      zip: { zlib: { level: 1 } },
    });
    const ws = workbook.addWorksheet(sheet.name.slice(0, 31));
    ws.columns = sheet.columns.map((c) => ({
      width: WIDTHS[c.kind],
      style: FORMATS[c.kind] ? { numFmt: FORMATS[c.kind] } : {},
    }));
    for (const line of sheet.preamble ?? []) {
      ws.addRow(line.map((v) => (typeof v === 'string' ? neutralizeFormula(v) : (v ?? null)))).commit();
    }
    if (sheet.preamble?.length) ws.addRow([]).commit();
    const header = ws.addRow(sheet.columns.map((c) => neutralizeFormula(c.header)));
    header.font = { bold: true };
    header.commit();
    const input = sheetInput(ws);
    const neutralized = sheet.neutralized ?? false;
    for await (const batch of source) {
      if (output.destroyed) break;
      for (const row of batch) {
        ws.addRow(sheet.columns.map((c, i) => cellValue(row[i], c.kind, neutralized))).commit();
      }
      await room(input);
      await room(output);
    }
    if (output.destroyed) return;
    if (sheet.footer) {
      const kinds = sheet.footerColumns ?? sheet.columns;
      const footer = ws.addRow(kinds.map((c, i) => cellValue(sheet.footer![i], c.kind, false)));
      footer.font = { bold: true };
      footer.commit();
    }
    ws.commit();
    await workbook.commit();
  })().catch((err: unknown) => output.destroy(err instanceof Error ? err : new Error(String(err))));
  output.on('close', () => {
    if (isDestroyable(source) && !source.destroyed) source.destroy();
  });
  return output;
}

function isDestroyable(value: unknown): value is Readable {
  return typeof (value as Readable | null)?.destroy === 'function';
}
