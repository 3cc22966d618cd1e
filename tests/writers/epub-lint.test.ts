import { describe, expect, it } from 'vitest';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { loadFonts } from '../../src/fonts/load.ts';
import { fontNames, renameFont } from '../../src/fonts/names.ts';
import { alignmentClasses } from '../../src/writers/epub/alignment-classes.ts';
import { lintEpub } from '../../src/writers/epub/lint.ts';
import { imageSize } from '../../src/writers/shared/image-size.ts';
import { epubStylesheet } from '../../src/writers/epub/stylesheet.ts';

const png = (width: number, height: number) => {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  new DataView(bytes.buffer).setUint32(16, width);
  new DataView(bytes.buffer).setUint32(20, height);
  return bytes;
};

describe('EPUB lint', () => {
  it('finds what stores and readers reject, each with its place', () => {
    const findings = lintEpub(
      [
        { path: 'EPUB/styles/book.css', data: ':root { --ink: #000; }\n.a { display: flex; }\n/* display: grid */\n.b { position: fixed; color: var(--ink); }' },
        { path: 'EPUB/text/a.xhtml', data: '<html xmlns="http://www.w3.org/1999/xhtml"><body><!-- a -- b --><img src="../images/big.png"/><img alt="" src="https://example.com/x.png"/></body></html>' },
        { path: 'EPUB/fonts/face.ttf', data: new Uint8Array(4) },
        { path: 'EPUB/images/big.png', data: png(4000, 3000) },
      ],
      [
        { id: 'css', href: 'styles/book.css', mediaType: 'text/css' },
        { id: 'a', href: 'text/a.xhtml', mediaType: 'application/xhtml+xml' },
        { id: 'font', href: 'fonts/face.ttf', mediaType: 'application/octet-stream' },
        { id: 'big', href: 'images/big.png', mediaType: 'image/png' },
      ],
    );
    expect(findings.map((f) => `${f.rule} ${f.where}`)).toEqual([
      'css-custom-property EPUB/styles/book.css:1:9',
      'css-flex-grid EPUB/styles/book.css:2:6',
      'css-custom-property EPUB/styles/book.css:4:30',
      'css-position-fixed EPUB/styles/book.css:4:6',
      'xml-comment EPUB/text/a.xhtml',
      'missing-lang EPUB/text/a.xhtml',
      'image-alt EPUB/text/a.xhtml',
      'remote-resource EPUB/text/a.xhtml',
      'font-media-type EPUB/fonts/face.ttf',
      'image-size EPUB/images/big.png',
    ]);
  });

  it('reads image sizes from PNG and JPEG headers', () => {
    expect(imageSize(png(1600, 2560))).toEqual({ width: 1600, height: 2560 });
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0, 0, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x0a, 0x00, 0x06, 0x40, 0x03]);
    expect(imageSize(jpeg)).toEqual({ width: 1600, height: 2560 });
  });
});

describe('image sizes from headers', () => {
  it('reads GIF and WebP (lossy) as well as PNG', async () => {
    const { readFile } = await import('node:fs/promises');
    const image = (name: string) => readFile(`tests/fixtures/features/input/images/${name}`);
    expect(imageSize(await image('square.gif'))).toEqual({ width: 96, height: 48 });
    expect(imageSize(await image('leaf.webp'))).toEqual({ width: 240, height: 120 });
    expect(imageSize(await image('circle.png'))).toEqual({ width: 240, height: 120 });
  });
});

describe('EPUB lint, store rules (Kindle, Kobo, Apple Books, Calibre)', () => {
  const opf = (metadata: string, rest = '') => `<package><metadata>${metadata}</metadata><manifest/>${rest}</package>`;
  const items = [
    { id: 'opf', href: 'package.opf', mediaType: 'application/oebps-package+xml' },
    { id: 'cover-image', href: 'images/cover.png', mediaType: 'image/png', properties: ['cover-image'] },
    { id: 'leaf', href: 'images/leaf.webp', mediaType: 'image/webp' },
    { id: 'font', href: 'fonts/face.ttf', mediaType: 'font/ttf' },
    { id: 'css', href: 'styles/book.css', mediaType: 'text/css' },
    { id: 'a', href: 'text/a.xhtml', mediaType: 'application/xhtml+xml' },
    { id: 'ncx', href: 'toc.ncx', mediaType: 'application/x-dtbncx+xml' },
  ];
  const css = 'body { margin: 0 0.5em; }\n.a { color: red; }\n@namespace epub "http://www.idpf.org/2007/ops";\naside[epub|type~="footnote"], a[ops|type] { margin: 0; }\nhtml body { padding-left: 0; padding-right: 1em; }';

  it('finds each, with its place; a clean container has none', () => {
    const findings = lintEpub(
      [
        { path: 'EPUB/package.opf', data: opf('<dc:title>T</dc:title>') },
        { path: 'EPUB/images/cover.png', data: png(8, 4) },
        { path: 'EPUB/images/leaf.webp', data: new Uint8Array(8) },
        { path: 'EPUB/fonts/face.ttf', data: new Uint8Array(12) },
        { path: 'EPUB/styles/book.css', data: css },
        { path: 'EPUB/text/a.xhtml', data: '<html lang="en"><body><table><tr><td style="text-align: center">1</td></tr></table></body></html>' },
        { path: 'EPUB/toc.ncx', data: '<ncx><head><meta name="dtb:depth" content="4"/></head></ncx>' },
      ],
      items,
    );
    expect(findings.map((f) => `${f.severity ?? 'warning'} ${f.rule} ${f.where}`)).toEqual([
      'info missing-creator EPUB/package.opf',
      'warning apple-specified-fonts EPUB/package.opf',
      'warning cover-guide EPUB/package.opf',
      'warning cover-size EPUB/images/cover.png',
      'warning image-type EPUB/images/leaf.webp',
      'warning css-namespace-order EPUB/styles/book.css:3:1',
      'warning css-namespace-prefix EPUB/styles/book.css:4:32',
      'warning css-body-margin EPUB/styles/book.css:1:8',
      'warning css-body-margin EPUB/styles/book.css:5:30',
      'warning inline-style EPUB/text/a.xhtml',
      'warning ncx-depth EPUB/toc.ncx',
    ]);
    expect(findings.find((f) => f.rule === 'cover-size')!.reason).toContain('8 × 4 px');

    const clean = lintEpub(
      [
        { path: 'EPUB/package.opf', data: opf('<dc:creator>A</dc:creator><meta property="ibooks:specified-fonts">true</meta>', '<guide><reference type="cover" href="text/cover.xhtml"/></guide>') },
        { path: 'EPUB/images/cover.png', data: png(1600, 2560) },
        { path: 'EPUB/fonts/face.ttf', data: new Uint8Array(12) },
        { path: 'EPUB/styles/book.css', data: epubStylesheet(['body { margin: 0; padding: 0 0 0 0; }', '@namespace epub "http://www.idpf.org/2007/ops";\naside[epub|type~="footnote"] { margin: 0; }']) },
        { path: 'EPUB/text/a.xhtml', data: '<html lang="en"><body><table><tr><td class="align-center">1</td></tr></table></body></html>' },
        { path: 'EPUB/toc.ncx', data: '<ncx><head><meta name="dtb:depth" content="2"/></head></ncx>' },
      ],
      items.filter((item) => item.id !== 'leaf'),
    );
    expect(clean).toEqual([]);
  });

  it('cover size: Apple Books’ 1400 px on the short side, past Kindle’s 625 × 1000', () => {
    const findings = lintEpub([{ path: 'EPUB/package.opf', data: opf('<dc:creator>A</dc:creator>', '<guide><reference type="cover" href="c.xhtml"/></guide>') }, { path: 'EPUB/images/cover.png', data: png(1000, 1600) }], items.slice(0, 2));
    expect(findings.map((f) => f.rule)).toEqual(['cover-size']);
    expect(findings[0].reason).toContain('Apple Books asks for at least 1400 px');
  });

  it('compares the name a font gives itself with the CSS family, and the renamed face passes', async () => {
    const [face] = await loadFonts([{ family: 'Source Sans 3', package: '@fontsource/source-sans-3', weights: [600], styles: ['normal'], use: 'always' }], 'Contents');
    // Fontsource's instance of the variable font keeps the variable font's names.
    expect(fontNames(face.sfnt).family).toBe('Source Sans 3 ExtraLight SemiBold');
    const entries = (font: Uint8Array) => [
      { path: 'EPUB/styles/book.css', data: '@font-face { font-family: "Source Sans 3"; font-weight: 600; src: url("../fonts/face.ttf") format("truetype"); }' },
      { path: 'EPUB/fonts/face.ttf', data: font },
    ];
    const fontItems = [items[3], items[4]];
    expect(lintEpub(entries(face.sfnt), fontItems).map((f) => `${f.rule} ${f.where}`)).toEqual(['font-family-name EPUB/styles/book.css:1:1']);
    const renamed = renameFont(face.sfnt, face);
    expect(fontNames(renamed)).toEqual({ family: 'Source Sans 3', subfamily: 'Regular', fullName: 'Source Sans 3 SemiBold', typographicFamily: 'Source Sans 3' });
    expect(lintEpub(entries(renamed), fontItems)).toEqual([]);
    // HarfBuzz still reads the renamed file as a font (it subsets it again), and the glyph tables are untouched.
    const { default: subsetFont } = await import('subset-font');
    expect(fontNames(await subsetFont(Buffer.from(renamed), 'C', { targetFormat: 'sfnt' })).family).toBe('Source Sans 3');
    expect(renamed.length - face.sfnt.length).toBeLessThan(1024);
  });

  it('moves @namespace to the top of the joined stylesheet, and table alignment to classes', () => {
    const joined = epubStylesheet(['@font-face { font-family: "A"; }', 'html { color: black; }', '/* @namespace x "y"; */\n@namespace epub "http://www.idpf.org/2007/ops";\naside[epub|type~="footnote"] { margin: 0; }']);
    expect(joined.startsWith('@namespace epub "http://www.idpf.org/2007/ops";\n@font-face')).toBe(true);
    expect(joined.match(/@namespace epub/g)).toHaveLength(1);
    expect(joined).toContain('/* @namespace x "y"; */');
    const tree = h(null, [h('td', { style: 'text-align: center; color: red' }, '1'), h('th', { style: 'text-align: right' }, '2'), h('td', { style: 'text-align: justify' }, '3')]);
    alignmentClasses(tree);
    expect(toHtml(tree)).toBe('<td style="color: red" class="align-center">1</td><th class="align-right">2</th><td style="text-align: justify">3</td>');
  });
});
