import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from '../src/browser/session.ts';
import { PdfName, PdfRef } from '../src/pdf/objects.ts';
import { openPdf } from '../src/pdf/open.ts';
import { glyphFacts } from '../src/pdf/glyphs.ts';
import { drawnTextProblem } from '../src/writers/pdf/drawn-text.ts';
import { langStackCss, withFallbackStacks, withoutLangStacks } from '../src/fonts/stacks.ts';
import { isRtlLanguage } from '../src/document/plugins/direction.ts';
import { octavo } from './helpers/cli.ts';
import { pdfLayout } from './helpers/pdf-layout.ts';
import { renderPages } from './helpers/validators.ts';

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
const npmFaces = /^(Literata|SourceSans3|SourceCodePro|NotoSans(SC|TC|JP|KR|Arabic|Hebrew|Devanagari|Thai|Math|Symbols2)|NotoEmoji)/;

/** A fontconfig that lists no font folder at all: what a slim container has. */
async function noFontsConfig(dir: string): Promise<string> {
  const file = path.join(dir, 'no-fonts.conf');
  await writeFile(file, `<?xml version="1.0"?><fontconfig><cachedir>${path.join(dir, 'fc-cache')}</cachedir></fontconfig>\n`);
  return file;
}

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

  it('builds with no message', () => {
    expect(result.stderr).not.toMatch(/warning|error/);
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
    expect(html).toMatch(/:lang\(ja\) \{ --octavo-fallback: [^}]*"Noto Sans JP", "Noto Sans SC"/);
    expect(html).toMatch(/<p lang="ar" dir="rtl">/);
  });
});

describe('a character no font covers', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'octavo-uncovered-'));
    // An Egyptian hieroglyph: in none of Octavo's faces.
    await writeFile(path.join(tmp, 'book.md'), '---\ntitle: Signs\nlang: en\n---\n\nA sign: \u{13000} here.\n\nKannada: ಫ.\n');
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('is a warning naming the character and its place, and an error with --strict', async () => {
    const book = path.join(tmp, 'book.md');
    const loose = await octavo(['build', book, '--out', path.join(tmp, 'out'), '--format', 'html']);
    expect(loose.code).toBe(0);
    expect(loose.stderr).toMatch(/6:9\s+warning No font draws U\+13000/);
    expect(loose.stderr).toMatch(/character-without-font/);
    // A script with a face on npm that Octavo does not install: the message says how to add it.
    expect(loose.stderr).toMatch(/8:10\s+warning No font draws U\+0CAB[\s\S]*npm i @fontsource\/noto-sans-kannada/);
    const strict = await octavo(['build', book, '--out', path.join(tmp, 'strict'), '--format', 'html', '--strict']);
    expect(strict.code).not.toBe(0);
    expect(strict.stderr).toMatch(/U\+13000/);
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
    expect(withoutLangStacks(`${langStackCss(new Map([['ja', ['Noto Sans JP']]]))}\n${out}`)).toBe(withFallbackStacks(css, ['Literata', 'Noto Sans JP']).replace(/; font-family: [^;{}]*var\([^;{}]*/g, ''));
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
