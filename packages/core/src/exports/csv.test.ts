import { describe, expect, it } from 'vitest';
import { csvField, csvRecord, csvRecords } from './csv';

describe('csvField', () => {
  it('leaves plain text alone and writes null as an empty field', () => {
    expect(csvField('plain text', ',')).toBe('plain text');
    expect(csvField(null, ',')).toBe('');
    expect(csvField(42, ',')).toBe('42');
  });

  it('quotes delimiters, quotes and line breaks, doubling inner quotes', () => {
    expect(csvField('a,b', ',')).toBe('"a,b"');
    expect(csvField('a,b', ';')).toBe('a,b');
    expect(csvField('a;b', ';')).toBe('"a;b"');
    expect(csvField('a\tb', '\t')).toBe('"a\tb"');
    expect(csvField('say "hi"', ',')).toBe('"say ""hi"""');
    expect(csvField('line 1\nline 2', ',')).toBe('"line 1\nline 2"');
    expect(csvField('line 1\r\nline 2', ',')).toBe('"line 1\r\nline 2"');
  });

  it('neutralizes cells a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")', ',')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1', ',')).toBe("'+1");
    expect(csvField('-2+3', ',')).toBe("'-2+3");
    expect(csvField('@SUM(A1)', ',')).toBe("'@SUM(A1)");
    expect(csvField('\t=1', ',')).toBe("'\t=1");
    expect(csvField('a=b', ',')).toBe('a=b');
  });
});

describe('csvRecord', () => {
  it('joins with the delimiter and ends with CRLF', () => {
    expect(csvRecord(['a', null, 'b c'], '|')).toBe('a||b c\r\n');
  });
});

describe('csvRecords', () => {
  it('writes a batch of records, booleans as true/false, every cell neutralized', () => {
    expect(
      csvRecords(
        [
          ['a', true, 1.5],
          ['=1+1', false, null],
        ],
        ';',
      ),
    ).toBe("a;true;1.5\r\n'=1+1;false;\r\n");
    expect(csvRecords([], ',')).toBe('');
  });
});
