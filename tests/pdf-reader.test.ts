import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from '../src/browser/session.ts';
import { PdfFile, PdfStream } from '../src/pdf/file.ts';
import { PdfLexer, PdfName, PdfRef, PdfString, UnreadablePdf, serialize, textString } from '../src/pdf/objects.ts';
import { openPdf } from '../src/pdf/open.ts';
import { pageTexts } from '../src/pdf/read.ts';
import { rewritePdf, type NewObject } from '../src/pdf/write.ts';
import { setPdfMetadata } from '../src/writers/pdf/metadata.ts';
import { pageTextsWithPdfJs } from '../src/writers/pdf/page-texts.ts';
import { checkPdf, pdfinfo, pdfXmp } from './helpers/validators.ts';

/** A text string's bytes as text: UTF-16BE after its byte order mark, else one character a byte. */
function decodeText(value: PdfString): string {
  const { bytes } = value;
  if (!bytes.startsWith('\xfe\xff')) return bytes;
  let text = '';
  for (let i = 2; i + 1 < bytes.length; i += 2) text += String.fromCharCode((bytes.charCodeAt(i) << 8) | bytes.charCodeAt(i + 1));
  return text;
}

const normalize = (runs: readonly string[]) => runs.join('').normalize('NFKC').replace(/[\s\u0000]+/g, '');

describe('PdfLexer', () => {
  it('reads PDF values: names with #-escapes, nested and escaped strings, hex, references, dictionaries', () => {
    const lexer = new PdfLexer('<< /A#20B (a (nested) \\(x\\) \\101\\n) /H <48 65 6c6C 6f> /R 12 0 R /N [1 -2.5 .5 true null /X] /D << /K 3 >> >>');
    const dict = lexer.value() as Map<string, unknown>;
    expect([...dict.keys()]).toEqual(['A B', 'H', 'R', 'N', 'D']);
    expect((dict.get('A B') as PdfString).bytes).toBe('a (nested) (x) A\n');
    expect((dict.get('H') as PdfString).bytes).toBe('Hello');
    expect(dict.get('R')).toEqual(new PdfRef(12, 0));
    expect(dict.get('N')).toEqual([1, -2.5, 0.5, true, null, new PdfName('X')]);
    expect((dict.get('D') as Map<string, unknown>).get('K')).toBe(3);
  });

  it('writes values back so that they read the same', () => {
    const value = new Map<string, ReturnType<PdfLexer['value']>>([
      ['Odd Name#', new PdfName('a/b')],
      ['S', new PdfString('paren ( ) \\ and \xe9')],
      ['T', textString('Ünïcödé — dash')],
      ['A', [1, 0.25, new PdfRef(3, 0), [false]]],
    ]);
    const again = new PdfLexer(serialize(value)).value() as Map<string, unknown>;
    expect(again).toEqual(value);
    expect(decodeText(again.get('T') as PdfString)).toBe('Ünïcödé — dash');
  });

  it('refuses what is not PDF syntax instead of guessing', () => {
    expect(() => new PdfLexer('<< 3 /A >>').value()).toThrow(UnreadablePdf);
    expect(() => new PdfLexer('(unterminated').value()).toThrow(UnreadablePdf);
    expect(() => new PdfFile(new TextEncoder().encode('%PDF-1.4\nnot a pdf\n'))).toThrow(UnreadablePdf);
  });
});

describe('reading and rewriting Chromium’s PDFs', () => {
  let session: BrowserSession;
  let pdf: Uint8Array;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'octavo-pdf-reader-'));
    session = await BrowserSession.launch();
    const paragraphs = Array.from({ length: 60 }, (_, i) => `<p>Paragraph ${i + 1}: «Ünïcödé», ﬁne ligatures, <b>bold</b> and <i>italic</i> — 𝔐ath, ½ and “quotes”.</p>`).join('');
    const html = `<!doctype html><html lang="en"><head><title>Reader test</title><style>@page { size: A5; @top-center { content: "Running head" } } h2 { break-before: page }</style></head>
      <body><h1 id="top">Reader test</h1>${paragraphs}<h2>Second part</h2><p>Last words <a href="#top">back to the top</a>.</p>
      <svg width="100" height="40" role="img" aria-label="drawn"><text x="0" y="20">in SVG</text></svg></body></html>`;
    pdf = (await session.printPdf(html)).pdf;
  }, 60_000);
  afterAll(async () => {
    await session?.close();
  });

  it('finds the same text on every page as pdf.js does, much faster', async () => {
    const ours = pageTexts(new PdfFile(pdf));
    const theirs = await pageTextsWithPdfJs(pdf);
    expect(ours.length).toBeGreaterThan(2);
    expect(ours.length).toBe(theirs.length);
    ours.forEach((runs, page) => expect(normalize(runs)).toBe(normalize(theirs[page])));
    expect(normalize(ours.flat())).toContain('«Ünïcödé»');
    expect(normalize(ours.flat())).toContain('inSVG');
    expect(normalize(ours.at(-1)!)).toContain('Secondpart');
  });

  it('rewrites a file that qpdf, pdf.js and pdf-lib read, with replaced and added objects and one table and trailer', async () => {
    const file = new PdfFile(pdf);
    const root = file.trailer.get('Root') as PdfRef;
    const catalog = new Map(file.dict(root)!);
    const added = Math.max(...file.offsets.keys()) + 1;
    catalog.set('Lang', textString('de'));
    catalog.set('Extra', new PdfRef(added, 0));
    const out = rewritePdf(
      file,
      new Map<number, NewObject>([
        [root.num, catalog],
        [added, { dict: new Map([['Type', new PdfName('Test')]]), data: new TextEncoder().encode('payload') }],
      ]),
      new Map([['Root', root]]),
    );
    const target = path.join(dir, 'rewritten.pdf');
    await writeFile(target, out);
    await checkPdf(target);
    const again = new PdfFile(out);
    expect((again.dict(again.trailer.get('Root'))!.get('Lang') as PdfString).bytes).toBe('de');
    const extra = again.resolve(again.dict(again.trailer.get('Root'))!.get('Extra'));
    expect(extra).toBeInstanceOf(PdfStream);
    expect(again.streamData(extra as PdfStream).toString()).toBe('payload');
    expect(again.trailer.has('Info')).toBe(false);
    const text = Buffer.from(out).toString('latin1');
    expect(text.match(/startxref/g)).toHaveLength(1);
    expect(text.match(/\btrailer\b/g)).toHaveLength(1);
    expect(text).not.toContain('/ID');
    expect((await PDFDocument.load(out)).getPageCount()).toBe(pageTexts(file).length);
    expect((await pageTextsWithPdfJs(out)).map(normalize)).toEqual(pageTexts(file).map(normalize));
  });

  it('gives equal bytes for equal content, whatever Chromium’s own dates and file ID say', async () => {
    const meta = { title: 'Reader test', lang: 'en', keywords: ['one', 'two words'], subjects: [], identifier: 'urn:uuid:0f7c2c0e-7a4d-4c4e-9b1e-000000000001', author: ['Ana Author'] };
    const options = { date: new Date('2025-01-02T03:04:05Z'), creator: 'Octavo test', producer: 'Octavo test (Chromium)' };
    const other = Buffer.from(Buffer.from(pdf).toString('latin1').replace(/D:\d{14}/g, 'D:19990101000000'), 'latin1');
    expect(Buffer.compare(other, Buffer.from(pdf))).not.toBe(0);
    const [first, second] = await Promise.all([setPdfMetadata(pdf, meta as never, options), setPdfMetadata(other, meta as never, options)]);
    expect(Buffer.compare(Buffer.from(first), Buffer.from(second))).toBe(0);
    const target = path.join(dir, 'finished.pdf');
    await writeFile(target, first);
    const info = await pdfinfo(target, { isoDates: true });
    expect(info.Title).toBe('Reader test');
    expect(info.Author).toBe('Ana Author');
    expect(info.Keywords).toBe('one, two words');
    expect(info.CreationDate).toBe('2025-01-02T03:04:05Z');
    expect(info.Tagged).toBe('yes');
    expect(await pdfXmp(target)).toContain('urn:uuid:0f7c2c0e-7a4d-4c4e-9b1e-000000000001');
  });

  it('reads a PDF written with object streams by rewriting it first', async () => {
    const compact = await (await PDFDocument.load(pdf)).save({ useObjectStreams: true });
    expect(() => new PdfFile(compact)).toThrow(UnreadablePdf);
    const file = await openPdf(compact);
    expect(pageTexts(file).map(normalize)).toEqual(pageTexts(new PdfFile(pdf)).map(normalize));
  });
});
