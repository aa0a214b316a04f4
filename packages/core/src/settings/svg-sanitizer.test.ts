import { describe, expect, it } from 'vitest';
import { detectImageType } from './image-type';
import { sanitizeSvg, UnsafeSvgError } from './svg-sanitizer';

const clean = (svg: string) => sanitizeSvg(Buffer.from(svg, 'utf8')).svg;
const refuse = (svg: string) => expect(() => sanitizeSvg(Buffer.from(svg, 'utf8'))).toThrow(UnsafeSvgError);

describe('sanitizeSvg', () => {
  it('keeps a plain logo as it was (namespaces rewritten, declaration and comments dropped)', () => {
    const out = clean(
      `<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by hand -->\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">` +
        `<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>` +
        `<rect width="10" height="10" fill="url(#g)"/><text x="1" y="8">A &amp; B</text></svg>`,
    );
    expect(out).toBe(
      `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">` +
        `<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>` +
        `<rect width="10" height="10" fill="url(#g)"/><text x="1" y="8">A &amp; B</text></svg>`,
    );
  });

  it('removes scripts, event handlers, foreignObject and animation, whatever their case', () => {
    const { svg, removed } = sanitizeSvg(
      Buffer.from(
        `<svg onload="alert(1)" xmlns="http://www.w3.org/2000/svg"><script>alert(2)</script>` +
          `<SCRIPT>alert(3)</SCRIPT><circle r="2" OnClick="x()"/>` +
          `<foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><iframe src="x"/></div></foreignObject>` +
          `<set attributeName="href" to="javascript:alert(4)"/><a href="javascript:alert(5)"><text>hi</text></a></svg>`,
      ),
    );
    expect(svg).not.toMatch(/script|onload|onclick|foreignObject|iframe|alert|<set|<a/i);
    expect(svg).toContain('<circle r="2"/>');
    expect(svg).toContain('<text>hi</text>');
    expect(removed).toEqual(
      expect.arrayContaining([
        'onload',
        '<script>',
        '<SCRIPT>',
        'OnClick',
        '<foreignObject>',
        '<set>',
        '<a>',
      ]),
    );
  });

  it('keeps only local references and inline raster images', () => {
    const svg = clean(
      `<svg><use href="#shape"/><use xlink:href="http://evil.example/x.svg#a"/>` +
        `<image href="data:image/png;base64,iVBORw0KGgo="/><image href="data:image/svg+xml;base64,PHN2Zz4="/>` +
        `<image href="https://tracker.example/pixel.png"/>` +
        `<rect fill="url(https://evil.example/p)" style="fill:red;background:url('http://x')"/>` +
        `<rect filter="url(#f)" style="fill: url(&quot;#g&quot;)"/><path d="M0 0" href="&#106;avascript:x"/></svg>`,
    );
    expect(svg).toContain('<use href="#shape"/>');
    expect(svg).toContain('<image href="data:image/png;base64,iVBORw0KGgo="/>');
    expect(svg).not.toMatch(/evil|tracker|svg\+xml|javascript/);
    expect(svg).toContain('<rect/>');
    expect(svg).toContain('<rect filter="url(#f)" style="fill: url(&quot;#g&quot;)"/>');
  });

  it('reads url( ) with spaces and quotes in linear time', () => {
    expect(clean(`<svg><style>.a{fill:url( '#g' )} .b{fill:url( #h )}</style></svg>`)).toContain(
      `.a{fill:url( '#g' )} .b{fill:url( #h )}`,
    );
    expect(clean(`<svg><style>.a{fill:url(# g)}</style></svg>`)).toContain('<style></style>');
    expect(clean(`<svg><style>.a{fill:url('#g)}</style></svg>`)).toContain('<style></style>');
    // Long runs of spaces once made the pattern's quantifiers trade characters (polynomial).
    const started = process.hrtime.bigint();
    expect(clean(`<svg><style>.a{fill:url(${' '.repeat(3_000)}x</style></svg>`)).toContain('<style></style>');
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
  });

  it('empties a <style> that imports or loads anything, even split by a comment', () => {
    expect(clean(`<svg><style>.a{fill:#000}</style></svg>`)).toContain('<style>.a{fill:#000}</style>');
    expect(clean(`<svg><style>@import url(http://x/a.css);</style></svg>`)).toContain('<style></style>');
    expect(clean(`<svg><style>.a{background:ur<!-- -->l(http://x)}</style></svg>`)).toContain(
      '<style></style>',
    );
    expect(clean(`<svg><style><![CDATA[.a{fill:\\75rl(x)}]]></style></svg>`)).toContain('<style></style>');
  });

  it('drops a plain doctype, as older editors write it', () => {
    expect(
      clean(
        `<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" ` +
          `"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg><g/></svg>`,
      ),
    ).toBe(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><g/></svg>`);
  });

  it('refuses what it cannot read with certainty', () => {
    refuse(`<!DOCTYPE svg [<!ENTITY x "boom">]><svg>&x;</svg>`);
    refuse(`<svg><text>&nbsp;</text></svg>`);
    refuse(`<svg><!DOCTYPE svg><g/></svg>`);
    refuse(`<svg><g></svg>`);
    refuse(`<svg><rect width=10/></svg>`);
    refuse(`<html><svg/></html>`);
    refuse(`<?xml version="1.0" encoding="ISO-8859-1"?><svg/>`);
    refuse(`<svg a="1" a="2"/>`);
    expect(() => sanitizeSvg(Uint8Array.from([0x3c, 0x73, 0x76, 0x67, 0xff, 0x2f, 0x3e]))).toThrow(
      UnsafeSvgError,
    );
  });
});

describe('detectImageType', () => {
  it('reads the signature, not the name', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    expect(detectImageType(png)).toBe('image/png');
    expect(detectImageType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(detectImageType(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp');
    expect(detectImageType(Buffer.from('<?xml version="1.0"?>\n<!-- x -->\n<svg width="1"/>'))).toBe(
      'image/svg+xml',
    );
    expect(detectImageType(Buffer.from('just some text, named logo.png'))).toBeUndefined();
    expect(detectImageType(Buffer.from('<html><svg/></html>'))).toBeUndefined();
    expect(detectImageType(Buffer.from('GIF89a'))).toBeUndefined();
  });
});
