/**
 * A small, conservative SVG sanitizer for uploaded logos (no XML library is installed, and a
 * logo needs little). It re-serializes the document from an allowlist: graphics elements only
 * (script, foreignObject, animation, iframe … are removed with everything inside them), no
 * event handler attributes, links only to fragments of the same document (`#id`) or inline
 * raster images, CSS without imports or external url(). Anything it cannot read with
 * certainty (entity declarations, a malformed tag, a non-UTF-8 encoding) rejects the file:
 * a logo the sanitizer does not understand is not worth the risk.
 */
export class UnsafeSvgError extends Error {
  override readonly name = 'UnsafeSvgError';
}

export interface SanitizedSvg {
  svg: string;
  /** What was taken out, e.g. `<script>`, `onload`, for the log and the tests. */
  removed: string[];
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const MAX_DEPTH = 256;

// Case-sensitive, as SVG element names are: `<Script>` is not in the list either.
const ALLOWED_ELEMENTS = new Set([
  'svg', 'g', 'defs', 'title', 'desc', 'symbol', 'use', 'path', 'rect', 'circle', 'ellipse',
  'line', 'polyline', 'polygon', 'text', 'tspan', 'textPath', 'linearGradient',
  'radialGradient', 'stop', 'clipPath', 'mask', 'pattern', 'marker', 'style', 'image', 'filter',
  'feBlend', 'feColorMatrix', 'feComponentTransfer', 'feComposite', 'feConvolveMatrix',
  'feDiffuseLighting', 'feDisplacementMap', 'feDistantLight', 'feDropShadow', 'feFlood',
  'feFuncA', 'feFuncB', 'feFuncG', 'feFuncR', 'feGaussianBlur', 'feMerge', 'feMergeNode',
  'feMorphology', 'feOffset', 'fePointLight', 'feSpecularLighting', 'feSpotLight', 'feTile',
  'feTurbulence',
]); // prettier-ignore

// Links are dropped but their content is kept (a linked word in a logo is still the word).
const UNWRAPPED_ELEMENTS = new Set(['a']);

const LOCAL_REF = /^#[\w.:-]+$/;
const INLINE_RASTER = /^data:image\/(?:png|jpeg|gif|webp);base64,[a-z0-9+/=\s]+$/i;

/** CSS that can load or run something: imports, bindings, escapes that hide words, non-local url(). */
function isUnsafeCss(css: string): boolean {
  if (/\\|@import|expression\s*\(|behavior\s*:|-moz-binding|image-set|javascript:|vbscript:/i.test(css)) {
    return true;
  }
  // Quoted or bare, spaces around it; no two quantifiers can trade characters (no backtracking).
  const urls = [...css.matchAll(/url\s*\(\s*(?:(['"])([^)'"]*)\1\s*|([^)'"\s]+)\s*)?\)/gi)];
  if (urls.some((m) => !LOCAL_REF.test((m[2] ?? m[3] ?? '').trim()))) return true;
  // A url( the pattern could not read (odd quoting) counts as unsafe too.
  return (css.match(/url\s*\(/gi) ?? []).length !== urls.length;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML's predefined entities and character references; any other entity is refused. */
function decodeEntities(text: string): string {
  return text.replace(/&([^;&\s]{0,10});/g, (_whole, body: string) => {
    const named = NAMED_ENTITIES[body];
    if (named !== undefined) return named;
    const code = /^#x[0-9a-f]+$/i.test(body)
      ? parseInt(body.slice(2), 16)
      : /^#\d+$/.test(body)
        ? parseInt(body.slice(1), 10)
        : NaN;
    if (!Number.isInteger(code) || code <= 0 || code > 0x10ffff) {
      throw new UnsafeSvgError(`unknown entity &${body};`);
    }
    return String.fromCodePoint(code);
  });
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}

/** Undefined when the attribute must go; otherwise its (decoded) value. */
function keptAttribute(element: string, name: string, raw: string): string | undefined {
  const lower = name.toLowerCase();
  const value = decodeEntities(raw);
  if (lower.startsWith('on')) return undefined;
  // Namespace declarations are rewritten on the root; editor namespaces (inkscape:…) go.
  if (lower === 'xmlns' || lower.startsWith('xmlns:')) return undefined;
  if (lower === 'href' || lower === 'xlink:href') {
    const target = value.trim();
    if (LOCAL_REF.test(target)) return target;
    return element === 'image' && INLINE_RASTER.test(target) ? target : undefined;
  }
  if (name.includes(':') && lower !== 'xml:space') return undefined;
  // Browsers ignore whitespace and control characters inside a scheme (`java\tscript:`).
  const squeezed = [...value]
    .filter((c) => c.trim() !== '' && c.charCodeAt(0) > 0x1f)
    .join('')
    .toLowerCase();
  if (/javascript:|vbscript:|data:/.test(squeezed)) return undefined;
  // Presentation attributes (fill, filter, clip-path …) and style take url(): local ones only.
  return isUnsafeCss(value) ? undefined : value;
}

type Mode = 'keep' | 'drop' | 'unwrap';
interface Open {
  name: string;
  mode: Mode;
}

const NAME = '[A-Za-z_][\\w.:-]*';
const START_TAG = new RegExp(`<(${NAME})`, 'y');
const ATTRIBUTE = new RegExp(`\\s+(${NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, 'y');
const TAG_END = /\s*(\/?)>/y;
const PLAIN_DOCTYPE = /<!DOCTYPE\s[^<>[\]]*>/y;
const END_TAG = new RegExp(`</(${NAME})\\s*>`, 'y');

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new UnsafeSvgError('the SVG is not valid UTF-8');
  }
}

export function sanitizeSvg(bytes: Uint8Array): SanitizedSvg {
  const src = decodeUtf8(bytes);
  const removed: string[] = [];
  const out: string[] = [];
  const stack: Open[] = [];
  let rootSeen = false;
  let i = 0;

  // The text of a <style> is checked whole when it closes: comments or CDATA could otherwise
  // split `url(` across two harmless-looking pieces.
  let styleText: string[] | undefined;

  const dropping = () => stack.some((o) => o.mode === 'drop');
  const at = (re: RegExp) => {
    re.lastIndex = i;
    return re.exec(src);
  };

  while (i < src.length) {
    if (src.startsWith('<!--', i)) {
      const end = src.indexOf('-->', i + 4);
      if (end < 0) throw new UnsafeSvgError('unterminated comment');
      i = end + 3;
    } else if (src.startsWith('<![CDATA[', i)) {
      const end = src.indexOf(']]>', i + 9);
      if (end < 0) throw new UnsafeSvgError('unterminated CDATA section');
      emitText(src.slice(i + 9, end), false);
      i = end + 3;
    } else if (src.startsWith('<!', i)) {
      // A plain doctype (older Illustrator and Inkscape exports have one) is dropped; one with
      // an internal subset could declare entities (expansion bombs, external files): refused.
      const doctype = at(PLAIN_DOCTYPE);
      if (!doctype || rootSeen) throw new UnsafeSvgError('entity declarations are not accepted');
      i += doctype[0].length;
    } else if (src.startsWith('<?', i)) {
      const end = src.indexOf('?>', i + 2);
      if (end < 0) throw new UnsafeSvgError('unterminated processing instruction');
      const encoding = /encoding\s*=\s*["']([^"']*)["']/i.exec(src.slice(i, end))?.[1];
      if (encoding !== undefined && !/^(?:utf-8|us-ascii)$/i.test(encoding)) {
        throw new UnsafeSvgError(`encoding ${encoding} is not accepted; save the SVG as UTF-8`);
      }
      i = end + 2; // The XML declaration and any xml-stylesheet instruction are dropped.
    } else if (src.startsWith('</', i)) {
      const m = at(END_TAG);
      const open = stack.pop();
      if (!m || !open || open.name !== m[1]) throw new UnsafeSvgError('mismatched end tag');
      if (open.mode === 'keep' && !dropping()) out.push(closeStyle(open.name), `</${open.name}>`);
      i += m[0].length;
    } else if (src[i] === '<') {
      readStartTag();
    } else {
      const end = src.indexOf('<', i);
      const text = src.slice(i, end < 0 ? src.length : end);
      emitText(text, true);
      i += text.length;
    }
  }
  if (stack.length > 0) throw new UnsafeSvgError(`unclosed element <${stack.at(-1)!.name}>`);
  if (!rootSeen) throw new UnsafeSvgError('no <svg> element');
  return { svg: out.join(''), removed };

  function emitText(raw: string, encoded: boolean): void {
    const text = encoded ? decodeEntities(raw) : raw;
    if (stack.length === 0) {
      if (text.trim() !== '') throw new UnsafeSvgError('text outside the <svg> element');
      return;
    }
    if (dropping()) return;
    if (styleText) styleText.push(text);
    else out.push(escapeText(text));
  }

  function closeStyle(name: string): string {
    if (name !== 'style' || !styleText) return '';
    const css = styleText.join('');
    styleText = undefined;
    if (!isUnsafeCss(css)) return escapeText(css);
    removed.push('unsafe CSS in <style>');
    return '';
  }

  function readStartTag(): void {
    const m = at(START_TAG);
    if (!m) throw new UnsafeSvgError('malformed tag');
    const name = m[1]!;
    i += m[0].length;
    const attributes = new Map<string, string>();
    for (let a = at(ATTRIBUTE); a; a = at(ATTRIBUTE)) {
      if (attributes.has(a[1]!)) throw new UnsafeSvgError(`duplicate attribute ${a[1]}`);
      attributes.set(a[1]!, a[2] ?? a[3] ?? '');
      i += a[0].length;
    }
    const end = at(TAG_END);
    if (!end) throw new UnsafeSvgError(`malformed tag <${name}>`);
    i += end[0].length;
    const selfClosing = end[1] === '/';
    if (styleText) throw new UnsafeSvgError('elements inside <style>');

    if (!rootSeen) {
      if (name !== 'svg') throw new UnsafeSvgError('the root element is not <svg>');
      rootSeen = true;
    } else if (stack.length === 0) {
      throw new UnsafeSvgError('more than one root element');
    }
    if (stack.length >= MAX_DEPTH) throw new UnsafeSvgError('elements nested too deeply');

    let mode: Mode = 'drop';
    if (dropping()) mode = 'drop';
    else if (ALLOWED_ELEMENTS.has(name)) mode = 'keep';
    else if (UNWRAPPED_ELEMENTS.has(name)) mode = 'unwrap';
    if (!dropping() && mode !== 'keep') removed.push(`<${name}>`);

    if (mode === 'keep') {
      const parts = [name];
      if (stack.length === 0) parts.push(`xmlns="${SVG_NS}"`, `xmlns:xlink="${XLINK_NS}"`);
      for (const [attr, raw] of attributes) {
        const value = keptAttribute(name, attr, raw);
        const lower = attr.toLowerCase();
        if (value !== undefined) parts.push(`${attr}="${escapeAttribute(value)}"`);
        else if (lower !== 'xmlns' && !lower.startsWith('xmlns:')) removed.push(attr);
      }
      out.push(`<${parts.join(' ')}${selfClosing ? '/>' : '>'}`);
    }
    if (!selfClosing) stack.push({ name, mode });
    if (!selfClosing && mode === 'keep' && name === 'style') styleText = [];
  }
}
