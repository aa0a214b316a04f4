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

/** Most decimals a quantity has: NUMERIC(17, 9) (see quantityScale). */
export const MAX_QUANTITY_SCALE = 9;

const QUANTITY = /^(\d+)(?:\.(\d+))?$/;

/** "1.2564" → { units: 12564n, scale: 4 }: a non-negative decimal with at most 9 places. */
function parseQuantity(value: string): { units: bigint; scale: number } {
  const m = QUANTITY.exec(value.trim());
  if (!m || (m[2]?.length ?? 0) > MAX_QUANTITY_SCALE) {
    throw new Error(`Not a quantity with at most ${MAX_QUANTITY_SCALE} decimals: "${value}"`);
  }
  const fraction = m[2] ?? '';
  return { units: BigInt(m[1]! + fraction), scale: fraction.length };
}

/** Whether two quantities are the same number ("1.5" and "1.5000" are). */
export function quantityEquals(a: string, b: string): boolean {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  return x.units * 10n ** BigInt(y.scale) === y.units * 10n ** BigInt(x.scale);
}

/** Line amount in hundredths: round_half_up(quantity × unit price, 2), exactly. */
export function lineAmount(quantity: string, unitPrice: string): bigint {
  const q = parseQuantity(quantity);
  // units × hundredths = hundredths × 10^scale; back to hundredths with one rounding.
  return divRoundHalfUp(q.units * toHundredths(unitPrice), 10n ** BigInt(q.scale));
}

/**
 * How many decimals the hours of a line made from time get at this hourly price: two more than
 * the price has digits before the point (at least one), so that rounding the hours moves the
 * amount by less than half a cent (0.5 × 10^-scale h × price < 0.005 while price < 10^(scale-2)).
 * With the amount's own rounding, a line is then never more than one cent from the exact price
 * of its seconds, and quantity × unit price = amount still holds as printed. 97.53/h → 4
 * decimals; 1,500/h → 6; a NUMERIC(9, 2) rate needs at most 9.
 */
export function quantityScale(unitPrice: string): number {
  const whole = (toHundredths(unitPrice) / 100n).toString().length;
  return Math.min(MAX_QUANTITY_SCALE, whole + 2);
}

/** Hours of a duration as a line's quantity: round_half_up(seconds / 3600, scale), as a decimal string. */
export function quantityFromSeconds(seconds: number | bigint, scale: number): string {
  const units = divRoundHalfUp(BigInt(seconds) * 10n ** BigInt(scale), 3600n);
  const text = units.toString().padStart(scale + 1, '0');
  return scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`;
}

/**
 * The money of some seconds at an hourly price, in hundredths: round_half_up(seconds × price /
 * 3600, 2), rounded once. This is what reports show for a group of entries (summed exactly per
 * price first), and what a line made from those seconds bills within one cent (quantityScale).
 */
export function exactAmount(seconds: number | bigint, unitPrice: string): bigint {
  return divRoundHalfUp(BigInt(seconds) * toHundredths(unitPrice), 3600n);
}

/** A stored quantity (NUMERIC(17, 9), which PostgreSQL pads with zeros) as shown: at least two decimals, no trailing zeros beyond. */
export function formatQuantity(stored: string): string {
  const [whole, fraction = ''] = stored.split('.');
  return `${whole}.${fraction.replace(/0+$/, '').padEnd(2, '0')}`;
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
