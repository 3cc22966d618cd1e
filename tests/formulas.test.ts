import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { glyphFacts } from '../src/pdf/read.ts';
import { openPdf } from '../src/pdf/open.ts';
import { octavo } from './helpers/cli.ts';
import { noFontsConfig, launchWithOctavoFonts } from './helpers/fonts.ts';
import { pdftotext } from './helpers/validators.ts';

describe('the formulas fixture, built with no system fonts', () => {
  let tmp: string;
  let out: string;
  let result: { code: number | null; stderr: string };
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'octavo-formulas-'));
    out = path.join(tmp, 'out');
    result = await octavo(['build', 'tests/fixtures/formulas/input.md', '--out', out], { env: { FONTCONFIG_FILE: await noFontsConfig(tmp) } });
  }, 180_000);
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('draws every glyph from STIX Two Math, and the PDF\'s text layer holds each symbol', async () => {
    expect(result.stderr).not.toMatch(/warning|error/);
    expect(result.code).toBe(0);
    const pdf = path.join(out, 'input.pdf');
    expect(glyphFacts(await openPdf(await readFile(pdf)))).toMatchObject({ notdef: 0, notEmbedded: [] });
    const text = await pdftotext(pdf);
    // The radical (drawn by the browser, never typed), ϵ as its italic (it was blank: "O(n )"), the \mathbb, \mathcal and \mathfrak letters.
    for (const symbol of ['√𝜋', '𝑂(𝑛𝜖)', 'ℝ', 'ℤ', 'ℒ', '𝔤', 'det', 'max', 'lim', '𝑀']) expect(text, symbol).toContain(symbol);
  });

  it('sets radicals, stretchy brackets, operator spacing and the note call as TeX does, in a real browser', async () => {
    const browser = await launchWithOctavoFonts();
    try {
      const page = await browser.newPage();
      await page.goto(`file://${path.join(out, 'input.html')}`);
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const facts = await page.evaluate(() => {
        const box = (node: Element | null | undefined) => node!.getBoundingClientRect();
        // By attribute value, not a selector: a backslash in a CSS string is an escape.
        const formula = (tex: string) => Array.from(document.querySelectorAll('math')).find((math) => math.getAttribute('alttext') === tex)!;
        const fontSize = parseFloat(getComputedStyle(document.querySelector('p')!).fontSize);
        const matrix = document.querySelector('math[display="block"]')!;
        const paren = Array.from(matrix.querySelectorAll('mo')).find((mo) => mo.textContent === '(')!;
        const plain = Array.from(formula('O(n\\epsilon)').querySelectorAll('mo')).find((mo) => mo.textContent === '(')!;
        const det = formula('\\det A').querySelectorAll('mi');
        // The note call stays on the formula's line, however wide the paragraph.
        const call = document.querySelector('sup:has(a[data-footnote-ref])')!;
        const euler = call.previousElementSibling!;
        const paragraph = call.closest('p')!;
        let apart = 0;
        for (let width = 120; width <= 700; width += 3) {
          paragraph.style.width = `${width}px`;
          if (Math.abs(box(call).bottom - box(euler).bottom) > fontSize * 0.8) apart++;
        }
        return {
          radical: box(formula('\\sqrt{\\pi}')).width / box(formula('\\sqrt{\\pi}').querySelector('mi')).width,
          stretch: box(paren).height / box(plain).height,
          detGap: (box(det[1]).left - box(det[0]).right) / fontSize,
          apart,
          family: getComputedStyle(matrix).fontFamily,
        };
      });
      expect(facts.family).toMatch(/^"STIX Two Math"/);
      // √π is wider than π by the radical sign.
      expect(facts.radical).toBeGreaterThan(1.5);
      // A pmatrix parenthesis spans two rows: it was the height of one.
      expect(facts.stretch).toBeGreaterThan(1.5);
      // \det A: a thin space (1/6 em), where it printed "detA".
      expect(facts.detGap).toBeGreaterThan(0.12);
      expect(facts.apart).toBe(0);
    } finally {
      await browser.close();
    }
  });

  it('gives the EPUB the same MathML, each formula with its TeX as a text alternative', async () => {
    const epub = unzipSync(new Uint8Array(await readFile(path.join(out, 'input.epub'))));
    const chapter = Object.entries(epub).find(([name]) => /chapter.*\.xhtml$/.test(name))!;
    const xhtml = strFromU8(chapter[1]);
    expect(xhtml).toContain('<mi>ℝ</mi>');
    expect(xhtml).toMatch(/<math [^>]*alttext="\\sqrt\{\\pi\}"/);
    expect(xhtml).toMatch(/<annotation encoding="application\/x-tex">\\det A<\/annotation>/);
    expect(xhtml).not.toContain('mathvariant="double-struck"');
  });
});
