import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { bundled, bundledFiles, vendored, vendoredBytes } from '../../scripts/vendor.ts';
import { vendorFile } from '../../src/paths.ts';
import { openPdf } from '../../src/pdf/open.ts';
import { pageTexts as readPageTexts } from '../../src/pdf/read.ts';
import { pageTextsWithPdfJs } from '../../src/writers/pdf/page-texts.ts';

describe('vendor/: the builds Octavo ships instead of depending on their packages', () => {
  it('holds each file byte for byte as the pinned devDependency has it, less source-map pointers (`npm run vendor` remakes them)', async () => {
    for (const [name, files] of Object.entries(vendored)) {
      for (const file of files) {
        const ours = await readFile(path.join('vendor', name, path.basename(file)));
        expect(ours.equals(vendoredBytes(name, file)), `vendor/${name}/${path.basename(file)}`).toBe(true);
      }
    }
  });

  // esbuild's build() leaves its service process running until stop(): the suite's setup counts it as left behind.
  afterAll(async () => (await import('esbuild')).stop());

  it('holds the esbuild bundles of puppeteer-core, @puppeteer/browsers and citation-js as `npm run vendor` makes them from the pinned devDependencies', async () => {
    for (const name of Object.keys(bundled)) {
      const made = await bundledFiles(name);
      const copied = vendored[name].map((file) => path.basename(file));
      expect((await readdir(path.join('vendor', name))).filter((file) => !copied.includes(file)).sort(), `vendor/${name}`).toEqual([...made.keys()]);
      for (const [file, bytes] of made) expect((await readFile(path.join('vendor', name, file))).equals(bytes), `vendor/${name}/${file}`).toBe(true);
    }
  }, 60_000);

  it('bundles puppeteer-core so that it loads without the packages it would fetch, speak BiDi or open sockets with', async () => {
    const { default: puppeteer } = (await import(pathToFileURL(vendorFile('puppeteer-core', 'index.js')).href)) as { default: { connect: unknown } };
    expect(typeof puppeteer.connect).toBe('function');
    const code = (await Promise.all((await readdir(path.join('vendor', 'puppeteer-core'))).map((file) => readFile(path.join('vendor', 'puppeteer-core', file), 'utf8')))).join('\n');
    expect(code).not.toMatch(/from\s*"(ws|chromium-bidi[^"]*|@puppeteer\/browsers)"/);
  });

  it('reads BibTeX with the bundled citation-js, whose fetch is a stub that refuses (builds fetch nothing)', async () => {
    const { Cite, util } = (await import(pathToFileURL(vendorFile('@citation-js/core', 'index.js')).href)) as {
      Cite: { async(data: string, options?: object): Promise<{ data: { id: string; title: string }[] }> };
      util: { fetchFile(url: string): string; fetchFileAsync(url: string): Promise<string> };
    };
    const cite = await Cite.async('@book{knuth, title={The TeXbook}, author={Knuth, Donald}, year={1984}}', { forceType: '@biblatex/text' });
    expect(cite.data.map(({ id, title }) => [id, title])).toEqual([['knuth', 'The TeXbook']]);
    expect(() => util.fetchFile('https://example.org/refs.bib')).toThrow(/sync-fetch is not shipped with Octavo/);
    await expect(util.fetchFileAsync('https://example.org/refs.bib')).rejects.toThrow(/node-fetch is not shipped with Octavo/);
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
