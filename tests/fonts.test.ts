import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from '../src/browser/session.ts';
import { PdfName, PdfRef } from '../src/pdf/objects.ts';
import { openPdf } from '../src/pdf/open.ts';
import { glyphFacts } from '../src/pdf/read.ts';
import { drawnTextProblem } from '../src/writers/pdf/drawn-text.ts';
import { covers, sfntCoverage } from '../src/fonts/coverage.ts';
import { epubLangStacks, langStackCss, withFallbackStacks } from '../src/fonts/stacks.ts';
import { isRtlLanguage } from '../src/document/plugins/direction.ts';
import { octavo } from './helpers/cli.ts';
import { noFontsConfig, launchWithOctavoFonts } from './helpers/fonts.ts';
import { pdfLayout } from './helpers/pdf-layout.ts';
import { epubcheck, renderPages } from './helpers/validators.ts';

/** The faces a PDF embeds, by base name without the subset tag (`Literata-Regular`). */
async function embeddedFaces(pdf: Uint8Array): Promise<string[]> {
  const file = await openPdf(pdf);
  const names = new Set<string>();
  for (const [num] of file.offsets) {
    const object = file.dict(new PdfRef(num, 0));
    const base = object && object.get('Type') instanceof PdfName && (object.get('Type') as PdfName).name === 'Font' ? object.get('BaseFont') : undefined;
    if (base instanceof PdfName) names.add(base.name.replace(/^[A-Z]{6}\+/, ''));
  }
  return [...names].sort();
}

/** The faces Octavo's npm packages ship, by the PostScript names Chromium embeds them under. */
const npmFaces =
  /^(Literata|SourceSans3|SourceCodePro|NotoSans(SC|TC|JP|KR|Arabic|Hebrew|Devanagari|Thai|Math|Symbols2|Tamil|Bengali|Telugu|Kannada|Malayalam|Gujarati|Gurmukhi|Sinhala|Khmer|Lao|Myanmar|Georgian|Armenian|Ethiopic|Syriac|Mongolian|EgyptianHieroglyphs|Thaana|Oriya|Adlam|Cherokee|Tifinagh)|NotoSerifTibetan|NotoNastaliqUrdu|NotoMusic|NotoEmoji|STIXTwoMath)/;

describe('fonts when the machine has none', () => {
  let tmp: string;
  let noFonts: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'octavo-fonts-'));
    noFonts = await noFontsConfig(tmp);
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('a Chromium that sees no font prints no glyphs, and the check calls that an error', async () => {
    const session = await BrowserSession.launch({ fontconfig: noFonts });
    try {
      const { pdf } = await session.printPdf('<!doctype html><html lang="en"><title>t</title><p>Words that should be drawn.</p></html>');
      const facts = glyphFacts(await openPdf(pdf));
      expect(facts.glyphs).toBe(0);
      expect(drawnTextProblem(facts, { hasText: true, uncovered: 0 })).toMatch(/no text drawn/);
    } finally {
      await session.close();
    }
  });

  it('a build on that machine draws every glyph from faces Octavo ships', async () => {
    const out = path.join(tmp, 'out');
    // A thematic break too: the template prints its ⁂ itself (generated content), which no text holds.
    const input = path.join(tmp, 'plain.md');
    await writeFile(input, '---\ntitle: Plain\nlang: en\n---\n\nSome words.\n\n***\n\n## A `code` heading\n\nMore words.\n');
    const result = await octavo(['build', input, '--out', out, '--format', 'pdf'], { env: { FONTCONFIG_FILE: noFonts } });
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    const pdf = await readFile(path.join(out, 'plain.pdf'));
    const facts = glyphFacts(await openPdf(pdf));
    expect(facts.glyphs).toBeGreaterThan(20);
    expect(facts.notdef).toBe(0);
    expect(facts.notEmbedded).toEqual([]);
    for (const face of await embeddedFaces(pdf)) expect(face).toMatch(npmFaces);
  });
});

/** Each paragraph of the multilingual fixture, by what only its words hold (Arabic may come back as presentation forms). */
const paragraphs: Record<string, RegExp> = {
  latin: /Ø/,
  greek: /γρήγορη/,
  cyrillic: /Съешь/,
  vietnamese: /Tiếng/,
  simplified: /简体/,
  traditional: /繁體/,
  japanese: /吾輩/,
  korean: /한국어/,
  arabic: /[\u0621-\u064a\ufe70-\ufefc]{4}/,
  hebrew: /[\u05d0-\u05ea]{4}/,
  devanagari: /हिन्दी/,
  thai: /ภาษาไทย/,
  emoji: /👉/,
  math: /∀x/,
};

describe('the multilingual fixture, built with no system fonts', () => {
  let tmp: string;
  let out: string;
  let result: { code: number | null; stderr: string };
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'octavo-multilingual-'));
    out = path.join(tmp, 'out');
    result = await octavo(['build', 'tests/fixtures/multilingual/input.md', '--out', out], { env: { FONTCONFIG_FILE: await noFontsConfig(tmp) } });
  }, 180_000);
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('builds with one message: the skin tone of 👍🏽, which the outline emoji face cannot show', () => {
    const messages = result.stderr.split('\n').filter((line) => /warning|error/.test(line));
    // One assertion on the whole list, so a failure shows every message (under load, once, a third appeared).
    expect(messages).toEqual([expect.stringMatching(/^32:\d+ +warning .*👍🏽 .*without its skin tone.* +emoji-skin-tone/), '⚠ 1 warning']);
    expect(result.code).toBe(0);
  });

  it('embeds only faces from npm packages, with a glyph for every character', async () => {
    const pdf = await readFile(path.join(out, 'input.pdf'));
    const faces = await embeddedFaces(pdf);
    for (const face of faces) expect(face).toMatch(npmFaces);
    for (const script of ['NotoSansSC', 'NotoSansTC', 'NotoSansJP', 'NotoSansKR', 'NotoSansArabic', 'NotoSansHebrew', 'NotoSansDevanagari', 'NotoSansThai', 'NotoEmoji', 'NotoSansMath']) {
      expect(faces.some((face) => face.startsWith(script))).toBe(true);
    }
    const facts = glyphFacts(await openPdf(pdf));
    expect(facts).toMatchObject({ notdef: 0, notEmbedded: [] });
  });

  it('shows ink in every paragraph, where a blank page would show none', async () => {
    const pdf = path.join(out, 'input.pdf');
    const resolution = 72;
    const [image] = await renderPages(pdf, path.join(tmp, 'pages'), { dpi: resolution, gray: true, first: 1, last: 1 });
    const png = PNG.sync.read(await readFile(path.join(tmp, 'pages', image)));
    // Where each paragraph's words are, from the text layer (which holds them even when they are drawn blank).
    const [first] = await pdfLayout(pdf);
    const words = first.words.map((word) => ({ box: [word.x0, word.y0, word.x1, word.y1], text: word.text }));
    const ink = ([x0, y0, x1, y1]: number[]) => {
      let dark = 0;
      let all = 0;
      const scale = resolution / 72;
      for (let y = Math.floor(y0 * scale); y < Math.ceil(y1 * scale); y++) {
        for (let x = Math.floor(x0 * scale); x < Math.ceil(x1 * scale); x++) {
          all++;
          if (png.data[(y * png.width + x) * 4] < 128) dark++;
        }
      }
      return dark / all;
    };
    // A box in the margin is the blank to compare with.
    expect(ink([5, 5, 40, 20])).toBe(0);
    for (const [name, marker] of Object.entries(paragraphs)) {
      const word = words.find((item) => marker.test(item.text));
      expect(word, name).toBeDefined();
      // Blank is 0; the thinnest line here (outline emoji) inks about 2 % of its box.
      expect(ink(word!.box), name).toBeGreaterThan(0.01);
    }
  });

  it('gives the EPUB a face for each script, and the HTML page the same faces inline', async () => {
    const epub = unzipSync(new Uint8Array(await readFile(path.join(out, 'input.epub'))));
    const css = Object.entries(epub).filter(([name]) => name.endsWith('.css')).map(([, data]) => strFromU8(data)).join('\n');
    const families = new Set([...css.matchAll(/@font-face \{\s*font-family: "([^"]+)"/g)].map((m) => m[1]));
    for (const family of ['Noto Sans SC', 'Noto Sans TC', 'Noto Sans JP', 'Noto Sans KR', 'Noto Sans Arabic', 'Noto Sans Hebrew', 'Noto Sans Devanagari', 'Noto Sans Thai', 'Noto Emoji', 'Noto Sans Math']) {
      expect(families.has(family), family).toBe(true);
    }
    for (const src of css.matchAll(/src: url\("\.\.\/([^"]+)"\)/g)) expect(Object.keys(epub).some((name) => name.endsWith(src[1]))).toBe(true);
    // E-readers without custom properties get the plain stacks only.
    expect(css).not.toMatch(/var\(--octavo-fallback/);
    const html = await readFile(path.join(out, 'input.html'), 'utf8');
    // A Japanese paragraph inherits its family from the root: the passage itself has a rule with the Japanese order.
    expect(html).toMatch(/html \[lang\]:lang\(ja\) \{ font-family: "Literata", [^}]*"Noto Sans JP", "Noto Sans SC"/);
    expect(html).toMatch(/<p lang="ar" dir="rtl">/);
  });
});

describe('a character no font covers', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'octavo-uncovered-'));
    // Brahmi: in none of Octavo's faces. N'Ko: a face on npm that Octavo does not install.
    await writeFile(path.join(tmp, 'book.md'), '---\ntitle: Signs\nlang: en\n---\n\nA sign: \u{11005} here.\n\nN’Ko: \u07CA.\n\nMore Brahmi: \u{11006}\u{11007}.\n');
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('is a warning naming the character and its place, an error with --strict, and the summary names each script', async () => {
    const book = path.join(tmp, 'book.md');
    const loose = await octavo(['build', book, '--out', path.join(tmp, 'out'), '--format', 'html']);
    expect(loose.code).toBe(0);
    expect(loose.stderr).toMatch(/6:9\s+warning No font draws U\+11005/);
    expect(loose.stderr).toMatch(/character-without-font/);
    // A script with a face on npm that Octavo does not install: the message says how to add it.
    expect(loose.stderr).toMatch(/8:7\s+warning No font draws U\+07CA[\s\S]*npm i @fontsource\/noto-sans-nko/);
    expect(loose.stderr).toMatch(/Characters no font draws, by script:\n {2}Brahmi +3 characters, first at \S*book\.md:6:9\n {2}Nko +1 character, first at \S*book\.md:8:7/);
    const strict = await octavo(['build', book, '--out', path.join(tmp, 'strict'), '--format', 'html', '--strict']);
    expect(strict.code).not.toBe(0);
    expect(strict.stderr).toMatch(/U\+11005/);
  });
});

/** The scripts fixture's paragraphs, by the Latin word that opens each: the rest of that line is in its script. */
const scriptLabels = [
  'Latin', 'Greek', 'Cyrillic', 'Vietnamese', 'Chinese', 'Traditional', 'Japanese', 'Korean', 'Arabic', 'Hebrew', 'Hindi', 'Thai', 'Emoji', 'Math',
  'Tamil', 'Bengali', 'Telugu', 'Kannada', 'Malayalam', 'Gujarati', 'Gurmukhi', 'Sinhala', 'Khmer', 'Lao', 'Myanmar', 'Tibetan', 'Georgian', 'Armenian',
  'Ethiopic', 'Syriac', 'Mongolian', 'Urdu', 'Music', 'Hieroglyphs', 'Thaana', 'Odia', 'Adlam', 'Cherokee', 'Tifinagh',
];

describe('every script of the scripts fixture, built with no system fonts', () => {
  let tmp: string;
  let out: string;
  let result: { code: number | null; stderr: string };
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'octavo-scripts-'));
    out = path.join(tmp, 'out');
    result = await octavo(['build', 'tests/fixtures/scripts/input.md', '--out', out, '--format', 'pdf'], { env: { FONTCONFIG_FILE: await noFontsConfig(tmp) } });
  }, 180_000);
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('builds with no character without a font, and embeds only faces from npm packages', async () => {
    expect(result.stderr).not.toMatch(/character-without-font|warning|error/);
    expect(result.code).toBe(0);
    const pdf = await readFile(path.join(out, 'input.pdf'));
    const faces = await embeddedFaces(pdf);
    for (const face of faces) expect(face).toMatch(npmFaces);
    for (const face of ['NotoSansTamil', 'NotoSansMongolian', 'NotoSerifTibetan', 'NotoNastaliqUrdu', 'NotoMusic', 'NotoSansEgyptianHieroglyphs', 'NotoSansSyriac', 'NotoSansThaana', 'NotoSansOriya', 'NotoSansAdlam', 'NotoSansCherokee', 'NotoSansTifinagh']) {
      expect(faces.some((name) => name.startsWith(face)), face).toBe(true);
    }
    expect(glyphFacts(await openPdf(pdf))).toMatchObject({ notdef: 0, notEmbedded: [] });
  });

  it('shows ink in each paragraph\'s own script, where a blank box shows none', async () => {
    const pdf = path.join(out, 'input.pdf');
    // Twice the usual resolution: the hieroglyphs' hairlines are lighter than mid-grey at 72 dpi.
    const resolution = 144;
    const scale = resolution / 72;
    const pages = await pdfLayout(pdf);
    const images = await renderPages(pdf, path.join(tmp, 'pages'), { dpi: resolution, gray: true });
    const pngs = await Promise.all(images.map(async (image) => PNG.sync.read(await readFile(path.join(tmp, 'pages', image)))));
    const ink = (png: PNG, [x0, y0, x1, y1]: number[]) => {
      let dark = 0;
      let all = 0;
      for (let y = Math.floor(y0 * scale); y < Math.ceil(y1 * scale); y++) {
        for (let x = Math.floor(x0 * scale); x < Math.ceil(x1 * scale); x++) {
          all++;
          if (png.data[(y * png.width + x) * 4] < 128) dark++;
        }
      }
      return dark / all;
    };
    expect(ink(pngs[0], [5, 5, 40, 20])).toBe(0);
    for (const label of scriptLabels) {
      // In a right-to-left paragraph the colon may come out on the other side (`:Arabic`).
      const isLabel = (word: { text: string }) => word.text.replace(/:/g, '') === label;
      const page = pages.find((item) => item.words.some(isLabel));
      expect(page, label).toBeDefined();
      const opening = page!.words.find(isLabel)!;
      // The words of its line, beside the label: the script's own text (right to left ones stand to its left).
      const middle = (opening.y0 + opening.y1) / 2;
      // pdftotext cuts some Lao syllables into boxes a fraction of a point wide, too narrow to hold ink.
      const words = page!.words.filter((word) => word !== opening && word.y0 < middle && word.y1 > middle && word.x1 - word.x0 > 2);
      expect(words.length, label).toBeGreaterThan(0);
      // Blank is 0; the hieroglyphs' outlines ink little of their box (no .notdef box is drawn: the test above counts them).
      for (const word of words) expect(ink(pngs[page!.number - 1], [word.x0, word.y0, word.x1, word.y1]), `${label} ${word.text}`).toBeGreaterThan(0.002);
    }
  });
});

describe('font stacks and direction', () => {
  it('puts the fallbacks after each stack\'s first family, plainly and through the custom property, but not in @font-face', () => {
    const css = '@font-face { font-family: "Literata"; src: url(x); }\nbody { font-family: "Literata", Georgia, serif; }\npre{font-family:"Source Code Pro",monospace !important}\n.x { font-family: inherit; }';
    const out = withFallbackStacks(css, ['Literata', 'Noto Sans JP']);
    expect(out).toContain('@font-face { font-family: "Literata"; src: url(x); }');
    expect(out).toContain('body { font-family: "Literata", "Literata", "Noto Sans JP", Georgia, serif; font-family: "Literata", var(--octavo-fallback, "Literata", "Noto Sans JP"), Georgia, serif; }');
    expect(out).toContain('pre{font-family: "Source Code Pro", "Literata", "Noto Sans JP", monospace !important; font-family: "Source Code Pro", var(--octavo-fallback, "Literata", "Noto Sans JP"), monospace !important}');
    expect(out).toContain('.x { font-family: inherit; }');
    // For e-readers: the plain stacks, and each rule again for a passage in a language of its own order.
    const plain = out.replace(/; font-family: [^;{}]*var\([^;{}]*/g, '');
    expect(epubLangStacks(out)).toBe(plain);
    expect(epubLangStacks(`${langStackCss(new Map([['ja', ['Noto Sans JP', 'Literata']]]))}\n${out}`)).toBe(
      plain
        .replace('serif; }', 'serif; }\nbody:lang(ja), body[lang]:lang(ja), body [lang]:lang(ja) { font-family: "Literata", "Noto Sans JP", "Literata", Georgia, serif; }')
        .replace('!important}', '!important}\npre:lang(ja), pre[lang]:lang(ja), pre [lang]:lang(ja) { font-family: "Source Code Pro", "Noto Sans JP", "Literata", monospace !important; }'),
    );
  });

  it('narrows each selector of a rule, before its pseudo-element, and leaves at-rules alone', () => {
    const css = withFallbackStacks('@page { @top-left { font-family: "Literata"; } }\nh1, :is(h2, h3), hr::after, p:first-line { font-family: "Source Sans 3", sans-serif; }', ['Literata']);
    const out = epubLangStacks(`${langStackCss(new Map([['zh-Hant', ['Noto Sans TC']]]))}\n${css}`);
    expect(out).toContain('@page { @top-left { font-family: "Literata", "Literata"; } }\n');
    expect(out).toContain(
      'sans-serif; }\nh1:lang(zh-Hant), h1[lang]:lang(zh-Hant), h1 [lang]:lang(zh-Hant), :is(h2, h3):lang(zh-Hant), :is(h2, h3)[lang]:lang(zh-Hant), :is(h2, h3) [lang]:lang(zh-Hant), hr:lang(zh-Hant)::after, hr[lang]:lang(zh-Hant)::after, p:lang(zh-Hant):first-line, p[lang]:lang(zh-Hant):first-line { font-family: "Source Sans 3", "Noto Sans TC", sans-serif; }',
    );
    expect(out).not.toMatch(/@top-left[^}]*lang|--octavo-fallback/);
  });

  it('knows right-to-left languages by language and by script subtag', () => {
    for (const lang of ['ar', 'he-IL', 'fa', 'ur', 'az-Arab', 'yi']) expect(isRtlLanguage(lang), lang).toBe(true);
    for (const lang of ['en', 'ja', 'sr-Latn', 'ar-Latn', 'hi']) expect(isRtlLanguage(lang), lang).toBe(false);
  });
});

describe('glyph 0 for invisible format characters', () => {
  const facts = { glyphs: 40, notdef: 2, notEmbedded: [] };
  it('is no error while the text holds as many joiners and variation selectors (🧑‍🏫, ⚠️), and an error past them', () => {
    expect(drawnTextProblem(facts, { hasText: true, uncovered: 0, invisible: 2 })).toBeUndefined();
    expect(drawnTextProblem(facts, { hasText: true, uncovered: 0, invisible: 1 })).toMatch(/2 characters blank/);
    expect(drawnTextProblem(facts, { hasText: true, uncovered: 0 })).toMatch(/2 characters blank/);
  });
});

describe('the same Han characters in a Japanese and a Chinese passage of an English e-book', () => {
  // Drawn differently in Japan and in China: the passage's language picks the face.
  const han = '直骨角';
  let tmp: string;
  let epubFile: string;
  let dir: string;
  let files: Record<string, Uint8Array>;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'octavo-han-'));
    const book = path.join(tmp, 'book.md');
    await writeFile(
      book,
      `---\ntitle: Han\nlang: en\n---\n\n# Han\n\n<p lang="ja">${han}の</p>\n\n<p lang="zh-Hans">${han}字</p>\n\nIn English, with <span lang="ja">x${han}</span> inline.\n\n<div lang="ja">\n\nA block of Markdown: ${han}.\n\n</div>\n\n## A heading with <span lang="ja">x${han}</span>\n\nText.\n`,
    );
    const result = await octavo(['build', book, '--out', path.join(tmp, 'out'), '--format', 'epub']);
    expect(result.stderr).not.toMatch(/warning|error/);
    expect(result.code).toBe(0);
    epubFile = path.join(tmp, 'out', 'book.epub');
    files = unzipSync(new Uint8Array(await readFile(epubFile)));
    dir = path.join(tmp, 'unzipped');
    for (const [name, data] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), data);
    }
  }, 120_000);
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('embeds the Japanese and the Chinese face, each cut to the characters of its own passages', () => {
    const cut = (prefix: string) => {
      const names = Object.keys(files).filter((name) => name.startsWith(`EPUB/fonts/${prefix}`) && name.endsWith('-400-normal.ttf'));
      expect(names.length, prefix).toBeGreaterThan(0);
      const coverages = names.map((name) => sfntCoverage(files[name]));
      return (char: string) => coverages.some((coverage) => covers(coverage, char.codePointAt(0)!));
    };
    const jp = cut('noto-sans-jp-');
    const sc = cut('noto-sans-sc-');
    for (const char of han) {
      expect(jp(char), char).toBe(true);
      expect(sc(char), char).toBe(true);
    }
    expect([jp('の'), jp('字'), sc('字'), sc('の')]).toEqual([true, false, true, false]);
    // The heading's characters are bold: a bold cut of the Japanese face, for them only.
    expect(Object.keys(files).some((name) => /^EPUB\/fonts\/noto-sans-jp-.*-700-normal\.ttf$/.test(name))).toBe(true);
  });

  it('draws each passage from its own face in a real browser, with nothing but the EPUB\'s fonts', async () => {
    const browser = await launchWithOctavoFonts();
    try {
      const page = await browser.newPage();
      const chapter = Object.keys(files).find((name) => /^EPUB\/text\/chapter-.*\.xhtml$/.test(name))!;
      await page.goto(`file://${path.join(dir, chapter)}`);
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const cdp = await page.createCDPSession();
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      const { root } = await cdp.send('DOM.getDocument');
      const facesOf = async (selector: string) => {
        const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
        expect(nodeId, selector).toBeGreaterThan(0);
        const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
        return fonts.map((font) => font.familyName).sort();
      };
      expect(await facesOf('p[lang="ja"]')).toEqual(['Noto Sans JP']);
      expect(await facesOf('p[lang="zh-Hans"]')).toEqual(['Noto Sans SC']);
      // A passage inside an element of another family keeps that family for its Latin, and takes the Japanese face for Han.
      expect(await facesOf('p > span[lang="ja"]')).toEqual(['Literata', 'Noto Sans JP']);
      expect(await facesOf('h2 > span[lang="ja"]')).toEqual(['Noto Sans JP', 'Source Sans 3']);
      // Markdown inside an HTML block with the language: its paragraphs inherit the block's stack.
      expect(await facesOf('div[lang="ja"] > p')).toEqual(['Literata', 'Noto Sans JP']);
    } finally {
      await browser.close();
    }
  });

  it('passes EPUBCheck', async () => {
    expect((await epubcheck(epubFile)).filter((f) => f.severity !== 'INFO' && f.severity !== 'USAGE')).toEqual([]);
  });
});
