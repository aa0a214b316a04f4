import { stringify } from 'csv-stringify/sync';

/**
 * RFC 4180 CSV through csv-stringify: fields separated by the delimiter, records ended by
 * CRLF, a field quoted when it holds the delimiter, a quote, CR or LF, inner quotes doubled.
 */

export type CsvValue = string | number | boolean | null | undefined;

/**
 * OWASP's CSV-injection rule: a cell a spreadsheet would read as a formula (starting with
 * = + - @, tab or CR) gets a leading apostrophe, so it is shown as text and never evaluated.
 * Applied to every cell: the cells we compute ourselves never start with one of these.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * Every cell as the text it shows: null is an empty field, booleans read true/false (not
 * csv-stringify's 1/empty), formulas are neutralized.
 */
const cell = (value: CsvValue): string =>
  value === null || value === undefined ? '' : neutralizeFormula(String(value));

/** Many records at once (one call per batch keeps a big export cheap). */
export function csvRecords(records: readonly (readonly CsvValue[])[], delimiter: string): string {
  if (records.length === 0) return '';
  return stringify(
    records.map((r) => r.map(cell)),
    // quoted_match: csv-stringify quotes only the record delimiter itself (CRLF); a lone CR or
    // LF inside a field must be quoted too.
    { delimiter, record_delimiter: 'windows', quoted_empty: false, quoted_match: /[\r\n]/ },
  );
}

export function csvRecord(values: readonly CsvValue[], delimiter: string): string {
  return csvRecords([values], delimiter);
}

export function csvField(value: CsvValue, delimiter: string): string {
  return csvRecord([value], delimiter).slice(0, -2);
}
