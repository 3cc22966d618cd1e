import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPublication } from '../src/document/read.ts';
import { formatMessages } from '../src/report.ts';
import { octavo } from './helpers/cli.ts';
import { pdftotextJs } from './helpers/pdfjs-tools.ts';
import { epubcheck, vnu } from './helpers/validators.ts';

/** A small valid PNG (a 40 × 30 red field). */
function png(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(40, 0);
  header.writeUInt32BE(30, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.concat(Array.from({ length: 30 }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(120, 0x80)])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

const chapterOne = '---\ntitle: Thesis\nlang: de\n---\n\n# Eins\n\n![Eine Katze](cat.png){#fig-cat}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n: Die Daten {#tbl-data}\n\n$$\nE = mc^2\n$$ {#eq-energy}\n';
const chapterTwo = '# Zwei {#sec-two}\n\nSiehe @fig-cat, @tbl-data und @eq-energy.\n\n![Noch eine](cat.png){#fig-dog}\n\nUnd @fig-dog in @sec-two; @fig-nowhere fehlt.\n';

/** Issue 25, item 2: Quarto's `{#fig-…}`, `{#tbl-…}`, `{#eq-…}`, `{#sec-…}` labels and `@…` references. */
describe('cross-references', () => {
  let dir: string;
  let book: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-xref-'));
    book = path.join(dir, 'thesis');
    await mkdir(book);
    await writeFile(path.join(book, 'cat.png'), png());
    await writeFile(path.join(book, '01.md'), chapterOne);
    await writeFile(path.join(book, '02.md'), chapterTwo);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('numbers figures, tables and equations per chapter, in the text’s language; an unknown label is a warning at its place', async () => {
    const { publication, files } = await readPublication(book);
    const html = (await import('hast-util-to-html')).toHtml(publication!.chapters[1].tree);
    expect(html).toContain('Siehe <a class="xref" href="#fig-cat">Abbildung\u00a01.1</a>, <a class="xref" href="#tbl-data">Tabelle\u00a01.1</a> und <a class="xref" href="#eq-energy">Gleichung\u00a01.1</a>.');
    expect(html).toContain('Und <a class="xref" href="#fig-dog">Abbildung\u00a02.1</a> in <a class="xref" href="#sec-two">Zwei</a>; @fig-nowhere fehlt.');
    const first = (await import('hast-util-to-html')).toHtml(publication!.chapters[0].tree);
    expect(first).toContain('<figure id="fig-cat">');
    expect(first).toContain('<figcaption><span class="xref-label">Abbildung 1.1</span>: Eine Katze</figcaption>');
    expect(first).toContain('<table id="tbl-data"><caption><span class="xref-label">Tabelle 1.1</span>: Die Daten</caption>');
    expect(first).toMatch(/<div class="math-display" id="eq-energy">[^]*<span class="equation-number">\(1\.1\)<\/span><\/div>/);
    expect(first).not.toContain('{#');
    expect(formatMessages(files, book)).toEqual([expect.stringMatching(/^02\.md:7:1: warning: No figure, table, equation or section is labelled `fig-nowhere`; `@fig-nowhere` was left as written \[octavo:unknown-reference\]$/)]);
  });

  it('a one-file text numbers 1, 2, 3; an address is not a reference', async () => {
    const file = path.join(dir, 'one.md');
    await writeFile(path.join(dir, 'cat.png'), png());
    await writeFile(file, '---\ntitle: One\n---\n\n![A](cat.png){#fig-a}\n\n![B](cat.png){#fig-b}\n\nSee @fig-b; mail me at me@fig-b.org.\n');
    const { publication, files } = await readPublication(file);
    const html = (await import('hast-util-to-html')).toHtml(publication!.chapters[0].tree);
    expect(html).toContain('See <a class="xref" href="#fig-b">Figure\u00a02</a>; mail me at <a href="mailto:me@fig-b.org">me@fig-b.org</a>.');
    expect(formatMessages(files, dir)).toEqual([]);
  });

  it('links in the EPUB and the HTML, reads “Abbildung 1.1” in the PDF; EPUBCheck and the Nu checker find nothing', async () => {
    const out = path.join(dir, 'out');
    const result = await octavo(['build', book, '--out', out]);
    expect(result.code).toBe(0);
    const epub = unzipSync(await readFile(path.join(out, 'thesis.epub')));
    // A no-break space between the word and the number, however the writer spells it.
    const spaced = (text: string) => text.replace(/&#xA0;|&nbsp;|&#160;/gi, '\u00a0');
    const second = spaced(new TextDecoder().decode(epub['EPUB/text/chapter-2.xhtml']));
    expect(second).toContain('<a class="xref" href="chapter-1.xhtml#fig-cat">Abbildung\u00a01.1</a>');
    expect(second).toContain('<a class="xref" href="#fig-dog">Abbildung\u00a02.1</a>');
    const html = spaced(await readFile(path.join(out, 'thesis.html'), 'utf8'));
    expect(html).toContain('<a class="xref" href="#tbl-data">Tabelle\u00a01.1</a>');
    const pdf = await pdftotextJs(path.join(out, 'thesis.pdf'));
    expect(pdf).toMatch(/Siehe Abbildung.1\.1, Tabelle.1\.1 und Gleichung.1\.1/);
    expect(pdf).toContain('Abbildung 2.1: Noch eine');
    expect(await epubcheck(path.join(out, 'thesis.epub'))).toEqual([]);
    expect((await vnu(path.join(out, 'thesis.html'))).filter((finding) => finding.severity !== 'INFO')).toEqual([]);
  });
});
