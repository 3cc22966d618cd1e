import { describe, expect, it } from 'vitest';
import { lintEpub } from '../../src/writers/epub/lint.ts';
import { imageSize } from '../../src/writers/shared/image-size.ts';

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
