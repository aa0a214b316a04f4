/** The image formats a logo may have, with the extension its stored name gets. */
export const LOGO_TYPES = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
} as const;

export type LogoContentType = keyof typeof LOGO_TYPES;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];

function startsWith(bytes: Uint8Array, prefix: number[], at = 0): boolean {
  return bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return Buffer.from(bytes.subarray(from, to)).toString('latin1');
}

// SVG has no magic number: after an optional BOM, XML declaration, comments and doctype, the
// first element must be <svg>. Only the first 4 KiB are looked at.
const SVG_START =
  /^\uFEFF?\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>/]/;

/**
 * What the bytes are, from their signatures, never from the client's Content-Type or file
 * name: a text file named logo.png is not a PNG.
 */
export function detectImageType(bytes: Uint8Array): LogoContentType | undefined {
  if (startsWith(bytes, PNG)) return 'image/png';
  if (startsWith(bytes, JPEG)) return 'image/jpeg';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') {
    return 'image/webp';
  }
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('utf8');
  if (SVG_START.test(head)) return 'image/svg+xml';
  return undefined;
}
