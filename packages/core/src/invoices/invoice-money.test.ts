import { describe, expect, it } from 'vitest';
import {
  divRoundHalfUp,
  fromHundredths,
  hoursFromSeconds,
  invoiceTotals,
  lineAmount,
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

  it('turns seconds into hours with two decimals, half-up', () => {
    expect(money(hoursFromSeconds(36_000))).toBe('10.00');
    expect(money(hoursFromSeconds(18))).toBe('0.01'); // 0.005 h → 0.01
    expect(money(hoursFromSeconds(17))).toBe('0.00');
    expect(money(hoursFromSeconds(5_400))).toBe('1.50');
    expect(money(hoursFromSeconds(1_000))).toBe('0.28'); // 0.2777… h
  });
});
