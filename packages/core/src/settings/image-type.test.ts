import { describe, expect, it } from 'vitest';
import { detectImageType } from './image-type';

const svg = (text: string) => detectImageType(Buffer.from(text));

describe('detectImageType on SVG prologues', () => {
  it('finds <svg> after a BOM, the XML declaration, comments and a doctype', () => {
    expect(svg('\uFEFF<svg/>')).toBe('image/svg+xml');
    expect(svg('  \n<svg>')).toBe('image/svg+xml');
    expect(svg('<?xml version="1.0" encoding="UTF-8"?><svg xmlns="x"/>')).toBe('image/svg+xml');
    expect(svg('<!-- a --> <!-- b --><svg/>')).toBe('image/svg+xml');
    expect(svg('<!-- a <svg> inside --><svg/>')).toBe('image/svg+xml');
    expect(svg('<?xml?><!--c--><!DOCTYPE svg [ <!ENTITY a "b"> ]><!--d--><svg\n/>')).toBe('image/svg+xml');
    expect(svg('<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "svg11.dtd" ><svg>')).toBe('image/svg+xml');
  });

  it('refuses what does not start with an <svg> element', () => {
    expect(svg('<svgx/>')).toBeUndefined();
    expect(svg('<svg')).toBeUndefined();
    expect(svg('<!-- never closed <svg/>')).toBeUndefined();
    expect(svg('<?xml version="1.0"><svg/>')).toBeUndefined();
    expect(svg('<!DOCTYPE svg [ <!ENTITY a "b"> <svg/>')).toBeUndefined();
    expect(svg('<!DOCTYPE svg x<svg/>')).toBeUndefined();
    expect(svg('text<svg/>')).toBeUndefined();
  });

  // The regex this replaced backtracked exponentially on runs of empty comments: 27 of them and
  // an `x` (190 bytes) took minutes. Each call here must come back well within the test timeout.
  it.each([27, 40, 200, 585, 2000])('classifies %i empty comments and an x at once', (n) => {
    const started = process.hrtime.bigint();
    expect(svg('<!---->'.repeat(n) + 'x')).toBeUndefined();
    expect(
      svg('<?xml?>' + '<!---->  '.repeat(n) + '<!DOCTYPE svg>' + '<!---->'.repeat(n) + 'x'),
    ).toBeUndefined();
    expect(svg('<!-- --><!---->'.repeat(n) + '<svg/>')).toBe(n * 15 < 4090 ? 'image/svg+xml' : undefined);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(ms).toBeLessThan(1000);
  });
});
