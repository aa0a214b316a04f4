/**
 * RFC 4180 CSV, written by hand (a dozen lines; no dependency): fields separated by the
 * delimiter, records ended by CRLF, a field quoted when it holds the delimiter, a quote, CR or
 * LF, with inner quotes doubled.
 */

/**
 * OWASP's CSV-injection rule: a cell a spreadsheet would read as a formula (starting with
 * = + - @, tab or CR) gets a leading apostrophe, so it is shown as text and never evaluated.
 * Applied to every cell: the cells we compute ourselves never start with one of these.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function csvField(value: string | number | boolean | null | undefined, delimiter: string): string {
  if (value === null || value === undefined) return '';
  const text = neutralizeFormula(String(value));
  const needsQuotes =
    text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r');
  return needsQuotes ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRecord(
  values: readonly (string | number | boolean | null | undefined)[],
  delimiter: string,
) {
  return `${values.map((v) => csvField(v, delimiter)).join(delimiter)}\r\n`;
}
