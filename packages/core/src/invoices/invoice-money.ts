/**
 * Invoice arithmetic on exact decimals: every amount is a bigint count of hundredths (cents),
 * so no float ever touches money. Rounding is half-up (away from zero), like PostgreSQL's
 * round() on numeric, which the reports use.
 */

/** Largest value of a NUMERIC(10, 2) column (the invoice amounts), in hundredths. */
export const MAX_AMOUNT_HUNDREDTHS = 9_999_999_999n;

const DECIMAL = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;

/** "7.5" → 750n. Accepts at most two decimals: anything finer is a caller's bug, not rounding. */
export function toHundredths(value: string): bigint {
  const m = DECIMAL.exec(value.trim());
  if (!m) throw new Error(`Not a decimal with at most two places: "${value}"`);
  const abs = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -abs : abs;
}

/** 750n → "7.50". */
export function fromHundredths(value: bigint): string {
  const abs = value < 0n ? -value : value;
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return value < 0n ? `-${text}` : text;
}

/** n / d rounded half away from zero (d > 0). */
export function divRoundHalfUp(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new Error('divisor must be positive');
  const q = (2n * (n < 0n ? -n : n) + d) / (2n * d);
  return n < 0n ? -q : q;
}

/** Line amount in hundredths: round_half_up(quantity × unit price, 2). */
export function lineAmount(quantity: string, unitPrice: string): bigint {
  // hundredths × hundredths = ten-thousandths; back to hundredths with one rounding.
  return divRoundHalfUp(toHundredths(quantity) * toHundredths(unitPrice), 100n);
}

export interface InvoiceTotals {
  subtotal: bigint;
  taxAmount: bigint;
  totalAmount: bigint;
}

/** subtotal = Σ line amounts; tax = round_half_up(subtotal × rate / 100, 2); total = subtotal + tax. */
export function invoiceTotals(lineAmounts: readonly bigint[], taxRate: string): InvoiceTotals {
  const subtotal = lineAmounts.reduce((sum, a) => sum + a, 0n);
  // subtotal (hundredths) × rate (hundredths of a percent) / 100 % = ten-thousandths × 100.
  const taxAmount = divRoundHalfUp(subtotal * toHundredths(taxRate), 10_000n);
  return { subtotal, taxAmount, totalAmount: subtotal + taxAmount };
}

/** Hours of a duration as an invoice quantity: round_half_up(seconds / 3600, 2), in hundredths. */
export function hoursFromSeconds(seconds: number | bigint): bigint {
  return divRoundHalfUp(BigInt(seconds), 36n);
}
