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
// first element must be <svg>. Only the first 4 KiB are looked at. A scanner, not a regular
// expression: the regex this replaced nested `(<!--[\s\S]*?-->\s*)*` and backtracked
// exponentially (a 190-byte logo of 27 empty comments and an `x` held the event loop for
// minutes); this reads each character at most a few times.
const XML_SPACE = /\s/;

function startsWithSvgElement(text: string): boolean {
  let at = text.startsWith('\uFEFF') ? 1 : 0;
  const skipSpace = () => {
    while (at < text.length && XML_SPACE.test(text.charAt(at))) at++;
  };
  /** Moves past the first `end` after `from`; false when there is none. */
  const skipPast = (end: string, from: number) => {
    const found = text.indexOf(end, from);
    if (found < 0) return false;
    at = found + end.length;
    skipSpace();
    return true;
  };
  const skipComments = () => {
    while (text.startsWith('<!--', at)) if (!skipPast('-->', at + 4)) return false;
    return true;
  };
  skipSpace();
  if (text.startsWith('<?xml', at)) {
    // Up to the first `>`, which must close the declaration.
    const close = text.indexOf('>', at);
    if (close < 0 || text.charAt(close - 1) !== '?') return false;
    at = close + 1;
    skipSpace();
  }
  if (!skipComments()) return false;
  if (text.startsWith('<!DOCTYPE', at)) {
    at += '<!DOCTYPE'.length;
    while (at < text.length && text.charAt(at) !== '>' && text.charAt(at) !== '[') at++;
    if (text.charAt(at) === '[' && !skipPast(']', at)) return false;
    skipSpace();
    if (text.charAt(at) !== '>') return false;
    at++;
    skipSpace();
  }
  if (!skipComments()) return false;
  return text.startsWith('<svg', at) && /^[\s>/]/.test(text.charAt(at + 4));
}

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
  if (startsWithSvgElement(head)) return 'image/svg+xml';
  return undefined;
}
