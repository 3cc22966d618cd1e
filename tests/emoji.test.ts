import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { glyphFacts } from '../src/pdf/read.ts';
import { openPdf } from '../src/pdf/open.ts';
import { octavo } from './helpers/cli.ts';
import { noFontsConfig } from './helpers/fonts.ts';
import { pdfLayout, type PageLayout } from './helpers/pdf-layout.ts';
import { pdftotext, renderPages } from './helpers/validators.ts';

/** One emoji sequence a paragraph, after its label: each must print as one glyph. */
const sequences: Array<[string, string]> = [
  ['Keycap1', '1️⃣'],
  ['Keycap#', '#️⃣'],
  ['FireHeart', '❤️‍🔥'],
  ['Technologist', '👩‍💻'],
  ['Family', '👨‍👩‍👧'],
  ['France', '🇫🇷'],
  ['Japan', '🇯🇵'],
  ['Scotland', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
  ['SkinTone', '👍🏽'],
];
/** References: one emoji alone, and the black flag a subdivision flag is made on. */
const single = ['Single', '😀'] as const;
const blackFlag = ['BlackFlag', '🏴'] as const;
/** A ZWJ sequence that no font has a glyph for: it prints as its parts, and says so. */
const unknown = '👩‍🦖';

describe('emoji sequences, built with no system fonts', () => {
  let tmp: string;
  let pdf: string;
  let result: Awaited<ReturnType<typeof octavo>>;
  let pages: PageLayout[];
  let png: PNG;
  const resolution = 144;
  const scale = resolution / 72;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'octavo-emoji-'));
    const env = { FONTCONFIG_FILE: await noFontsConfig(tmp), SOURCE_DATE_EPOCH: '1700000000' };
    const lines = [single, blackFlag, ...sequences].map(([label, text]) => `${label}: ${text}`);
    const input = path.join(tmp, 'emoji.md');
    // The unknown sequence is on line 28, column 11: after the front matter (4 lines), a blank line and 11 paragraphs of 2 lines.
    await writeFile(input, `---\ntitle: Emoji\nlang: en\n---\n\n${lines.join('\n\n')}\n\nDinosaur: ${unknown}\n`);
    result = await octavo(['build', input, '--out', path.join(tmp, 'out'), '--format', 'pdf'], { env });
    pdf = path.join(tmp, 'out', 'emoji.pdf');
    pages = await pdfLayout(pdf);
    const [image] = await renderPages(pdf, path.join(tmp, 'pages'), { dpi: resolution, gray: true, first: 1, last: 1 });
    png = PNG.sync.read(await readFile(path.join(tmp, 'pages', image)));
  }, 120_000);
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  /** The ink right of a label, on its line: its horizontal extent in points and its pixels. */
  const inkAfter = (label: string) => {
    const word = pages[0].words.find((item) => item.text === `${label}:`);
    expect(word, label).toBeDefined();
    const [y0, y1] = [Math.floor(word!.y0 * scale), Math.ceil(word!.y1 * scale)];
    const [x0, x1] = [Math.ceil(word!.x1 * scale) + 2, Math.floor((pages[0].width - 20) * scale)];
    let left = Infinity;
    let right = -Infinity;
    const pixels: number[] = [];
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const dark = png.data[(y * png.width + x) * 4] < 128;
        if (dark) {
          left = Math.min(left, x);
          right = Math.max(right, x);
        }
      }
    }
    if (right < left) return { width: 0, pixels };
    for (let y = y0; y < y1; y++) for (let x = left; x <= right; x++) pixels.push(png.data[(y * png.width + x) * 4] < 128 ? 1 : 0);
    return { width: (right - left + 1) / scale, pixels };
  };

  it('warns, at its place, about the one sequence no glyph draws and the skin tone the outline face cannot show, and about nothing else', () => {
    expect(result.code).toBe(0);
    const warnings = result.stderr.split('\n').filter((line) => /^ *\d+:\d+ +(warning|error)/.test(line));
    expect(warnings).toHaveLength(2);
    expect(warnings.find((line) => line.includes('emoji-sequence-split'))).toMatch(/28:11 +warning .*👩‍🦖 \(U\+1F469 U\+200D U\+1F996\): it prints as its 2 parts +emoji-sequence-split/);
    expect(warnings.find((line) => line.includes('emoji-skin-tone'))).toMatch(/ +warning .*👍🏽 \(U\+1F44D U\+1F3FD\) in outline, without its skin tone.* +emoji-skin-tone/);
  });

  it('draws keycaps, ZWJ sequences, flags and skin tones as one glyph each, from embedded faces', async () => {
    expect(glyphFacts(await openPdf(await readFile(pdf)))).toMatchObject({ notdef: 0, notEmbedded: [] });
    const one = inkAfter(single[0]).width;
    expect(one).toBeGreaterThan(5);
    for (const [label, text] of sequences) {
      const { width } = inkAfter(label);
      // Blank was 0 (❤️‍🔥 before); a sequence drawn as its parts is two or three emoji wide.
      expect(width, `${label} ${text}`).toBeGreaterThan(one * 0.6);
      expect(width, `${label} ${text}`).toBeLessThan(one * 1.4);
    }
    // The sequence no glyph draws prints as its two emoji, side by side.
    expect(inkAfter('Dinosaur').width).toBeGreaterThan(one * 1.6);
    // A subdivision flag is drawn as itself, not as the black flag its tag characters modify (which they were dropped to, before).
    expect(inkAfter('Scotland').pixels).not.toEqual(inkAfter(blackFlag[0]).pixels);
  });

  it('keeps each sequence whole in the PDF\'s text layer', async () => {
    const text = await pdftotext(pdf);
    for (const [label, sequence] of sequences) expect(text, label).toContain(`${label}: ${sequence}`);
  });
});
