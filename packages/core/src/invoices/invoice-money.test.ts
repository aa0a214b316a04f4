import { describe, expect, it } from 'vitest';
import {
  divRoundHalfUp,
  exactAmount,
  formatQuantity,
  fromHundredths,
  invoiceTotals,
  lineAmount,
  quantityFromSeconds,
  quantityScale,
  toHundredths,
} from './invoice-money';

const money = (v: bigint) => fromHundredths(v);

describe('decimal strings', () => {
  it('reads and writes hundredths exactly', () => {
    expect(toHundredths('10')).toBe(1000n);
    expect(toHundredths('7.5')).toBe(750n);
    expect(toHundredths('0.05')).toBe(5n);
    expect(toHundredths('-1.25')).toBe(-125n);
    expect(fromHundredths(1000n)).toBe('10.00');
    expect(fromHundredths(5n)).toBe('0.05');
    expect(fromHundredths(-125n)).toBe('-1.25');
    expect(fromHundredths(9_999_999_999n)).toBe('99999999.99');
  });

  it('refuses more than two decimals rather than rounding silently', () => {
    expect(() => toHundredths('1.005')).toThrow();
    expect(() => toHundredths('1e3')).toThrow();
  });

  it('rounds halves away from zero', () => {
    expect(divRoundHalfUp(5n, 10n)).toBe(1n);
    expect(divRoundHalfUp(4n, 10n)).toBe(0n);
    expect(divRoundHalfUp(15n, 10n)).toBe(2n);
    expect(divRoundHalfUp(-15n, 10n)).toBe(-2n);
    expect(divRoundHalfUp(-14n, 10n)).toBe(-1n);
  });
});

describe('invoice arithmetic (the original app’s oracle values)', () => {
  it('10 h × 75 = 750.00; at 20 % the tax is 150.00 and the total 900.00', () => {
    const line = lineAmount('10', '75');
    expect(money(line)).toBe('750.00');
    const totals = invoiceTotals([line], '20');
    expect(totals).toEqual({ subtotal: 75_000n, taxAmount: 15_000n, totalAmount: 90_000n });
  });

  it('rounds each line half-up to cents before summing', () => {
    // 0.25 × 0.10 = 0.025 → 0.03 (a float would give 0.024999… → 0.02)
    expect(money(lineAmount('0.25', '0.10'))).toBe('0.03');
    // 1.15 × 1.50 = 1.725 → 1.73
    expect(money(lineAmount('1.15', '1.50'))).toBe('1.73');
    // 0.33 × 0.15 = 0.0495 → 0.05 ; 0.33 × 0.05 = 0.0165 → 0.02 ; 0.01 × 0.49 = 0.0049 → 0.00
    expect(money(lineAmount('0.33', '0.15'))).toBe('0.05');
    expect(money(lineAmount('0.33', '0.05'))).toBe('0.02');
    expect(money(lineAmount('0.01', '0.49'))).toBe('0.00');
    // three lines of 0.025 each: rounded per line (0.09), not once at the end (0.08)
    const lines = [lineAmount('0.25', '0.10'), lineAmount('0.25', '0.10'), lineAmount('0.25', '0.10')];
    expect(money(invoiceTotals(lines, '0').subtotal)).toBe('0.09');
  });

  it('rounds the tax half-up on the subtotal', () => {
    // 0.50 at 1 % = 0.005 → 0.01 ; 0.49 at 1 % = 0.0049 → 0.00
    expect(money(invoiceTotals([50n], '1').taxAmount)).toBe('0.01');
    expect(money(invoiceTotals([49n], '1').taxAmount)).toBe('0.00');
    // 33.33 at 7.5 % = 2.49975 → 2.50 ; 100.10 at 8.25 % = 8.258250 → 8.26
    expect(money(invoiceTotals([3333n], '7.5').taxAmount)).toBe('2.50');
    const totals = invoiceTotals([10_010n], '8.25');
    expect(money(totals.taxAmount)).toBe('8.26');
    expect(money(totals.totalAmount)).toBe('108.36');
  });

  it('turns seconds into hours with the given decimals, half-up', () => {
    expect(quantityFromSeconds(36_000, 2)).toBe('10.00');
    expect(quantityFromSeconds(18, 2)).toBe('0.01'); // 0.005 h → 0.01
    expect(quantityFromSeconds(17, 2)).toBe('0.00');
    expect(quantityFromSeconds(1_000, 4)).toBe('0.2778'); // 0.27777… h
    expect(quantityFromSeconds(1, 9)).toBe('0.000277778');
    expect(quantityFromSeconds(7_200, 0)).toBe('2');
  });

  it('gives hours two more decimals than the price has digits before the point', () => {
    expect(quantityScale('0.50')).toBe(3);
    expect(quantityScale('97.53')).toBe(4);
    expect(quantityScale('1500.00')).toBe(6);
    expect(quantityScale('9999999.99')).toBe(9);
  });

  it('multiplies quantities of any scale exactly', () => {
    expect(money(lineAmount('1.2564', '97.53'))).toBe('122.54'); // 122.536692
    expect(money(lineAmount('0.000277778', '9999999.99'))).toBe('2777.78');
    expect(() => lineAmount('1.0000000001', '1.00')).toThrow();
  });

  it('prices seconds exactly, rounding once', () => {
    expect(money(exactAmount(4_523, '97.53'))).toBe('122.54'); // 122.5374…
    expect(money(exactAmount(18, '1.00'))).toBe('0.01'); // 0.005 → 0.01
  });

  it('shows stored quantities with at least two decimals and no padding beyond', () => {
    expect(formatQuantity('1.5')).toBe('1.50');
    expect(formatQuantity('1.250000000')).toBe('1.25');
    expect(formatQuantity('0.000277778')).toBe('0.000277778');
    expect(formatQuantity('3')).toBe('3.00');
  });
});
