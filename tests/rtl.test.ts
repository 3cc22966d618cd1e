import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { glyphFacts } from '../src/pdf/read.ts';
import { openPdf } from '../src/pdf/open.ts';
import { octavo } from './helpers/cli.ts';
import { noFontsConfig, launchWithOctavoFonts } from './helpers/fonts.ts';
import { epubcheck, pdftotext } from './helpers/validators.ts';

describe.each([
  { lang: 'fa', fixture: 'persian', face: 'NotoSansArabic', digit: '۱' },
  { lang: 'ur', fixture: 'urdu', face: 'NotoNastaliqUrdu', digit: '1' },
])('a right-to-left book ($fixture), built with no system fonts', ({ lang, fixture, face, digit }) => {
  let tmp: string;
  let out: string;
  let result: { code: number | null; stderr: string };
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), `octavo-${fixture}-`));
    out = path.join(tmp, 'out');
    result = await octavo(['build', `tests/fixtures/${fixture}/input.md`, '--out', out], { env: { FONTCONFIG_FILE: await noFontsConfig(tmp) } });
  }, 180_000);
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('is right to left at the root of the HTML page and of each EPUB document, and its pages turn right to left', async () => {
    expect(result.stderr).not.toMatch(/warning|error/);
    expect(result.code).toBe(0);
    expect(await readFile(path.join(out, 'input.html'), 'utf8')).toContain(`<html lang="${lang}" dir="rtl">`);
    const epub = unzipSync(new Uint8Array(await readFile(path.join(out, 'input.epub'))));
    const documents = Object.entries(epub).filter(([name]) => name.endsWith('.xhtml'));
    expect(documents.length).toBeGreaterThan(1);
    for (const [name, data] of documents) expect(strFromU8(data), name).toMatch(new RegExp(`<html [^>]*lang="${lang}"[^>]*dir="rtl"`));
    const opf = strFromU8(Object.entries(epub).find(([name]) => name.endsWith('.opf'))![1]);
    expect(opf).toMatch(/<spine [^>]*page-progression-direction="rtl"/);
    expect((await epubcheck(path.join(out, 'input.epub'))).filter((finding) => finding.severity !== 'INFO' && finding.severity !== 'USAGE')).toEqual([]);
  });

  it('draws the text from its own face, page numbers included', async () => {
    const pdf = path.join(out, 'input.pdf');
    const text = await pdftotext(pdf);
    expect(text).toContain(digit);
    const facts = glyphFacts(await openPdf(await readFile(pdf)));
    expect(facts).toMatchObject({ notdef: 0, notEmbedded: [] });
    expect(strFromU8(await readFile(pdf))).toContain(face);
  });

  it('sets the title page, tables, lists and notes right to left, and emphasis bold, not slanted', async () => {
    const browser = await launchWithOctavoFonts();
    try {
      const page = await browser.newPage();
      await page.goto(`file://${path.join(out, 'input.html')}`);
      const facts = await page.evaluate(() => {
        const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
        const em = style('em');
        return {
          directions: ['h1', 'table', 'th', 'ol, ul', 'section.footnotes, .footnotes'].map((selector) => style(selector).direction),
          thAlign: style('th').textAlign,
          titleRight: document.querySelector('h1')!.getBoundingClientRect().right,
          bodyRight: document.querySelector('p')!.getBoundingClientRect().right,
          em: [em.fontStyle, em.fontWeight],
        };
      });
      expect(facts.directions).toEqual(['rtl', 'rtl', 'rtl', 'rtl', 'rtl']);
      expect(facts.thAlign).toBe('start');
      // The title stands at the right edge of the text, where it stood at the left before.
      expect(Math.abs(facts.titleRight - facts.bodyRight)).toBeLessThan(2);
      expect(facts.em).toEqual(['normal', '700']);
    } finally {
      await browser.close();
    }
  });
});
