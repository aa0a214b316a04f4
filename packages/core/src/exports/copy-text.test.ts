import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { copyTextRows, unescapeCopyText } from './copy-text';

/** Runs `chunks` (as COPY would send them) through the parser and collects its batches. */
async function batches(chunks: Buffer[], types: Parameters<typeof copyTextRows>[0]) {
  const out: unknown[][][] = [];
  for await (const batch of Readable.from(chunks).pipe(copyTextRows(types))) {
    // Each batch parses as it is iterated, and again on each iteration.
    const rows = [...(batch as Iterable<unknown[]>)];
    expect([...(batch as Iterable<unknown[]>)]).toEqual(rows);
    out.push(rows);
  }
  return out;
}

describe('COPY text format', () => {
  it('undoes backslash escapes and reads \\N as null', () => {
    expect(unescapeCopyText('\\N')).toBeNull();
    expect(unescapeCopyText('a\\tb\\nc\\rd\\\\e')).toBe('a\tb\nc\rd\\e');
    expect(unescapeCopyText('\\\\N')).toBe('\\N');
    expect(unescapeCopyText('plain')).toBe('plain');
  });

  it('types fields and keeps a line or a character split across chunks whole', async () => {
    const text = Buffer.from('7\t2025-03-10T00:30:00\t2025-03-10\tt\tZoë ✓\n8\t\\N\t\\N\tf\t\\N\n');
    // Cut inside the second line and inside the multi-byte ë.
    const cut = text.indexOf('ë') + 1;
    const out = await batches(
      [text.subarray(0, cut), text.subarray(cut)],
      ['number', 'datetime', 'date', 'boolean', 'text'],
    );
    expect(out.flat()).toEqual([
      [7, new Date('2025-03-10T00:30:00Z'), new Date('2025-03-10T00:00:00Z'), true, 'Zoë ✓'],
      [8, null, null, false, null],
    ]);
    // Each chunk with whole lines is a batch; the first chunk has none.
    expect(out).toHaveLength(1);
  });
});
