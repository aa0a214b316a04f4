import { describe, expect, it } from 'vitest';
import { formatInvoiceNumber, parseInvoiceNumber } from './invoice-numbering';

describe('invoice numbers', () => {
  it('are the prefix, a dash and n, and read back as such', () => {
    expect(formatInvoiceNumber('INV', 1000)).toBe('INV-1000');
    expect(parseInvoiceNumber(formatInvoiceNumber('INV', 1000))).toEqual({ prefix: 'INV', n: 1000 });
  });

  it('keep a prefix that has dashes and digits of its own', () => {
    expect(parseInvoiceNumber(formatInvoiceNumber('ACME-2026', 7))).toEqual({ prefix: 'ACME-2026', n: 7 });
  });

  it('read anything else (typed by hand, too many digits) as no number of a prefix', () => {
    expect(parseInvoiceNumber('INV1000')).toBeNull();
    expect(parseInvoiceNumber('INV-')).toBeNull();
    expect(parseInvoiceNumber('INV-12a')).toBeNull();
    expect(parseInvoiceNumber(`INV-${'9'.repeat(16)}`)).toBeNull();
  });
});
