import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { vendored, vendoredBytes } from '../../scripts/vendor.ts';
import { openPdf } from '../../src/pdf/open.ts';
import { pageTexts as readPageTexts } from '../../src/pdf/text.ts';
import { pageTextsWithPdfJs } from '../../src/writers/pdf/page-texts.ts';

describe('vendor/: the browser builds Octavo ships instead of depending on their packages', () => {
  it('holds each file byte for byte as the pinned devDependency has it, less source-map pointers (`npm run vendor` remakes them)', async () => {
    for (const [name, files] of Object.entries(vendored)) {
      for (const file of files) {
        const ours = await readFile(path.join('vendor', name, path.basename(file)));
        expect(ours.equals(vendoredBytes(name, file)), `vendor/${name}/${path.basename(file)}`).toBe(true);
      }
    }
  });

  it('is what the package ships, and none of those packages is a dependency', async () => {
    const manifest = JSON.parse(await readFile('package.json', 'utf8')) as { files: string[]; dependencies: Record<string, string> };
    expect(manifest.files).toContain('vendor/');
    for (const name of Object.keys(vendored)) expect(Object.keys(manifest.dependencies)).not.toContain(name);
  });

  it('reads page texts with the vendored pdf.js, in a thread of its own, from a PDF that is not Chromium’s (object streams)', async () => {
    const document = await PDFDocument.create();
    const font = await document.embedFont(StandardFonts.Helvetica);
    for (const words of ['First page words', 'Second page words']) document.addPage([300, 300]).drawText(words, { x: 20, y: 150, size: 12, font });
    const pdf = await document.save({ useObjectStreams: true });
    expect((await pageTextsWithPdfJs(pdf)).map((runs) => runs.join(' '))).toEqual(['First page words', 'Second page words']);
    expect('DOMMatrix' in globalThis).toBe(false);
    // The vendored pdf-lib rewrites it in the form Octavo's own reader takes.
    expect(readPageTexts(await openPdf(pdf)).map((runs) => runs.join(' '))).toEqual(['First page words', 'Second page words']);
  });

  it('reports a file pdf.js cannot read as an error, not a hang', async () => {
    await expect(pageTextsWithPdfJs(new TextEncoder().encode('%PDF-1.7\nnot a PDF'))).rejects.toThrow();
  });
});
