import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { estimateTotal, readRecords } from './import-reader';

describe('estimateTotal', () => {
  it('moves towards the file’s record count as the parser reads, and is exact at the end', async () => {
    const lines = ['a,b', ...Array.from({ length: 1000 }, (_, i) => `${i},${'x'.repeat(i % 40)}`)];
    const bytes = Buffer.from(`${lines.join('\n')}\n`);
    // Small slices, as the stored file is read, so the parser's counts grow while it is read.
    const slices = Array.from({ length: Math.ceil(bytes.length / 512) }, (_, i) =>
      bytes.subarray(i * 512, (i + 1) * 512),
    );
    const estimates: number[] = [];
    let done = 0;
    for await (const record of readRecords(Readable.from(slices), ',')) {
      done += 1;
      if (done % 100 === 0) estimates.push(estimateTotal(record.parsed, bytes.length, done));
      expect(estimateTotal(record.parsed, bytes.length, done)).toBeGreaterThanOrEqual(done);
    }
    expect(done).toBe(1000);
    for (const e of estimates) expect(Math.abs(e - 1000)).toBeLessThan(200);
    expect(estimates.at(-1)).toBe(1000);
  });

  it('is the rows done while nothing was parsed', () => {
    expect(estimateTotal({ records: 0, bytes: 0 }, 10_000, 0)).toBe(0);
    expect(estimateTotal({ records: 10, bytes: 100 }, 1000, 0)).toBe(100);
    expect(estimateTotal({ records: 10, bytes: 100 }, 1000, 150)).toBe(150);
  });
});
