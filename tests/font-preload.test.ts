import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.ts';
import { BrowserProvider } from '../src/browser/provider.ts';
import { BrowserSession } from '../src/browser/session.ts';

/**
 * A print's faces are decoded in the page it takes while Octavo still makes the print document
 * (`preloadFonts`): Chromium keeps them for that page's next document, whose text is then laid
 * out once in them rather than first in a fallback face (what that saves: docs/benchmarks.md).
 */
const woff2 = readFileSync(path.join('node_modules', '@fontsource', 'literata', 'files', 'literata-latin-400-normal.woff2')).toString('base64');
const faces = `@font-face { font-family: "Probe"; font-weight: 400; font-style: normal; font-display: block; src: url("data:font/woff2;base64,${woff2}") format("woff2"); }`;
const html = `<!doctype html><html lang="en"><head><title>Probe</title><style>${faces} body { font-family: "Probe", serif }</style></head><body>${'<p>Some words set in the probe face.</p>'.repeat(50)}</body></html>`;

describe('faces loaded ahead into the print page', () => {
  it('decodes the faces in the page the next print takes (opened anew when the one from the launch is taken), and that print embeds them as any other', async () => {
    const session = await BrowserSession.launch();
    try {
      await session.printPdf(html);
      expect(session.printsWithFontsLoaded).toBe(0);
      session.preloadFonts(faces);
      const { pdf } = await session.printPdf(html);
      expect(session.printsWithFontsLoaded).toBe(1);
      // The preload opened the page the second print took: one page for each print.
      expect(session.printPagesOpened).toBe(2);
      // The face is embedded as it is without the preload.
      expect(Buffer.from(pdf).toString('latin1')).toMatch(/\/FontName \/[A-Z]{6}\+Literata/);
    } finally {
      await session.close();
    }
  }, 60_000);

  it('is how a build prints: the review\'s one print takes the page opened at the launch, its faces decoded there', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'octavo-font-preload-'));
    const browser = new BrowserProvider();
    try {
      const result = await build({ input: 'manuscript', out, formats: ['pdf'], sourceDateEpoch: '0', browser });
      expect(result.ok).toBe(true);
      const session = await browser.get();
      expect(session.printsWithFontsLoaded).toBe(1);
      expect(session.printPagesOpened).toBe(1);
    } finally {
      await browser.close();
      await rm(out, { recursive: true, force: true });
    }
  }, 120_000);
});
