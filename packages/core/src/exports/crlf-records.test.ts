import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { crlfRecords } from './time-entry-export.repository';

async function through(chunks: string[]): Promise<string> {
  const out: Buffer[] = [];
  for await (const b of Readable.from(chunks.map((c) => Buffer.from(c))).pipe(crlfRecords()))
    out.push(b as Buffer);
  return Buffer.concat(out).toString('utf8');
}

describe('crlfRecords', () => {
  it('ends records with CRLF and leaves line breaks inside quoted fields alone', async () => {
    expect(await through(['a,b\n1,"x\ny"\n2,"say ""hi""\n"\n'])).toBe(
      'a,b\r\n1,"x\ny"\r\n2,"say ""hi""\n"\r\n',
    );
  });

  it('follows quotes across chunk boundaries, even between the two quotes of an escaped one', async () => {
    expect(await through(['1,"x', '\ny"', '\n2,"a"', '"\nb"\n', 'é,ü\n'])).toBe(
      '1,"x\ny"\r\n2,"a""\nb"\r\né,ü\r\n',
    );
  });
});
