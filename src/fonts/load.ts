import path from 'node:path';
import { cached } from '../cache.ts';
import { dataUrl } from '../data-url.ts';
import { octavoRequire as require } from '../paths.ts';
import type { FontSpec } from '../templates/template.ts';
import { limits, readRegularFile } from '../regular-file.ts';
import { covers, fileCoverage } from './coverage.ts';
import { installedFontName } from './installed.ts';
import { distinctCharacters } from '../text/characters.ts';

/** One embedded font file: a face, cut down to the characters the publication uses. */
export interface FontFile {
  family: string;
  weight: number;
  style: 'normal' | 'italic';
  /** CSS `unicode-range` of the Fontsource subset this file came from. */
  unicodeRange: string;
  /** File name without extension, unique in the publication, e.g. `literata-latin-400-italic`. */
  name: string;
  /** For the web: the HTML page and the PDF. */
  woff2: Uint8Array;
  /** Plain TrueType/OpenType for e-readers, which read it more widely than WOFF2. */
  sfnt: Uint8Array;
  /** Media type of `sfnt`: `font/ttf` or `font/otf`. */
  sfntType: 'font/ttf' | 'font/otf';
}

/**
 * Characters the template's faces have but draw wrongly, left out of their cuts and drawn by
 * the fallback face that has them (fonts/fallback.ts): Greek capitals with prosgegrammeni, whose iota Literata sets
 * below the letter (as for a small letter) rather than beside it, with the breathing and accent
 * hanging 0.26 em into the text before. Measured: docs/fonts.md.
 */
export const redrawn = /[\u{1F88}-\u{1F8F}\u{1F98}-\u{1F9F}\u{1FA8}-\u{1FAF}\u{1FBC}\u{1FCC}\u{1FFC}]/u;

/** Characters every publication may print beyond its text: page numbers, labels, ASCII. */
export const alwaysIncluded = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('') + '‘’“”–—…·•×';

/** A CSS `unicode-range` (`U+0000-00FF, U+0131`) as pairs of first and last code points. */
export function parseRanges(unicodeRange: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const [, start, end] of unicodeRange.matchAll(/(?:U\+)?([0-9a-f]+)(?:-([0-9a-f]+))?/gi)) {
    const first = parseInt(start, 16);
    ranges.push([first, end === undefined ? first : parseInt(end, 16)]);
  }
  return ranges;
}

/** The characters of `text` inside a Fontsource subset's ranges. */
function charactersIn(ranges: Array<[number, number]>, text: Set<number>): string {
  let out = '';
  for (const code of text) if (ranges.some(([a, b]) => code >= a && code <= b)) out += String.fromCodePoint(code);
  return out;
}

const cache = new Map<string, Promise<Uint8Array>>();

/** Subsetting (HarfBuzz and WOFF2 in WebAssembly) costs most of a second, so results are kept between builds. */
async function subsetWithDiskCache(file: string, characters: string, format: 'woff2' | 'sfnt', weight?: number): Promise<Uint8Array> {
  const asked = Buffer.from(`\u0000${format}\u0000${characters}${weight === undefined ? '' : `\u0000wght=${weight}`}`);
  // An installed package's face is named by its version (then its bytes are read only to cut it); any other by its bytes.
  const name = await installedFontName(file);
  const bytes = name ? undefined : await readRegularFile(file);
  const key = Buffer.concat([name ? Buffer.from(`installed:${name}`) : bytes!, asked]);
  return cached('fonts', key, format, async () => {
    // Loaded only on a cache miss: instantiating HarfBuzz alone takes a noticeable while.
    const { default: subsetFont } = await import('subset-font');
    // A variable face is pinned to one weight: Chromium prints a variable font's glyphs as a Type 3 font.
    return subsetFont(bytes ?? (await readRegularFile(file)), characters, { targetFormat: format, ...(weight === undefined ? {} : { variationAxes: { wght: weight } }) });
  });
}

/** Subsets one file, once per process for the same file and characters (watch mode, batches). */
export function subset(file: string, characters: string, format: 'woff2' | 'sfnt', weight?: number): Promise<Uint8Array> {
  const key = `${file}\u0000${format}\u0000${characters}\u0000${weight ?? ''}`;
  let result = cache.get(key);
  if (!result) {
    result = subsetWithDiskCache(file, characters, format, weight);
    cache.set(key, result);
  }
  return result;
}

/** A text as the subsetter reads it: its characters (`distinctCharacters`) and its letters typed with combining marks after them (`ə̃`). */
export interface TextCharacters {
  characters: Iterable<string>;
  clusters: Iterable<string>;
}

/** The characters and marked letters of `text` (the latter looked for only where it holds a mark). */
export function textCharacters(text: string, characters: Set<string> = distinctCharacters(text)): TextCharacters {
  const marked = [...characters].some((char) => /\p{M}/u.test(char));
  return { characters, clusters: marked ? Array.from(text.matchAll(/\P{M}\p{M}+/gu), ([letter]) => letter) : [] };
}

/**
 * Loads a template's faces from their `@fontsource/*` packages and subsets each to the
 * characters in `text` (plus printable ASCII, for page furniture). Only the Fontsource
 * subsets (latin, latin-ext, cyrillic, …) that the text needs are loaded.
 */
export async function loadFonts(specs: readonly FontSpec[], text: string | TextCharacters): Promise<FontFile[]> {
  const { characters, clusters } = typeof text === 'string' ? textCharacters(text) : text;
  const used = new Set<number>();
  // Characters these faces misdraw are left to a fallback face (`redrawn`).
  for (const chars of [characters, alwaysIncluded]) for (const char of chars) if (!redrawn.test(char)) used.add(char.codePointAt(0)!);
  // Combining marks typed after each letter (ə̃): a subset's file draws them with its letters.
  const marksAfter = new Map<number, Set<number>>();
  for (const letter of clusters) {
    const [base, ...marks] = [...letter].map((char) => char.codePointAt(0)!);
    let set = marksAfter.get(base);
    if (!set) marksAfter.set(base, (set = new Set()));
    for (const mark of marks) set.add(mark);
  }

  const jobs: Array<Promise<FontFile>> = [];
  for (const spec of specs) {
    const packageDir = path.dirname(require.resolve(`${spec.package}/package.json`));
    const id = spec.package.split('/').pop()!;
    const ranges = JSON.parse((await readRegularFile(path.join(packageDir, 'unicode.json'), { maxBytes: limits.text })).toString('utf8')) as Record<string, string>;
    for (const [subsetName, declaredRange] of Object.entries(ranges)) {
      const parsed = parseRanges(declaredRange);
      let characters = charactersIn(parsed, used);
      if (!characters) continue;
      // The marks after this subset's letters that its file has, though its declared range leaves
      // them to another subset (Literata's U+0303 is declared in `vietnamese` only, ə in `latin-ext`):
      // Chromium shapes a letter and its marks in one file, or sets the mark apart.
      const marks = new Set<number>();
      for (const char of characters) for (const mark of marksAfter.get(char.codePointAt(0)!) ?? []) if (!parsed.some(([a, b]) => mark >= a && mark <= b)) marks.add(mark);
      let unicodeRange = declaredRange;
      if (marks.size > 0) {
        const coverage = await fileCoverage(path.join(packageDir, 'files', `${id}-${subsetName}-${spec.weights[0]}-${spec.styles[0]}.woff2`));
        const held = [...marks].filter((mark) => covers(coverage, mark)).sort((a, b) => a - b);
        characters += String.fromCodePoint(...held);
        unicodeRange += held.map((mark) => `,U+${mark.toString(16).toUpperCase()}`).join('');
      }
      for (const weight of spec.weights) {
        for (const style of spec.styles) {
          const name = `${id}-${subsetName}-${weight}-${style}`;
          const file = path.join(packageDir, 'files', `${name}.woff2`);
          jobs.push(
            Promise.all([subset(file, characters, 'woff2'), subset(file, characters, 'sfnt')]).then(([woff2, sfnt]) => ({
              family: spec.family,
              weight,
              style,
              unicodeRange,
              name,
              woff2,
              sfnt,
              sfntType: sfnt[0] === 0x4f && sfnt[1] === 0x54 ? 'font/otf' : 'font/ttf',
            })),
          );
        }
      }
    }
  }
  return Promise.all(jobs);
}

/** The file name a face gets in the EPUB: `literata-latin-400-normal.ttf` (or `.otf`). */
export function sfntFileName(font: FontFile): string {
  return `${font.name}.${font.sfntType === 'font/otf' ? 'otf' : 'ttf'}`;
}

/**
 * `@font-face` rules for the faces, each `src` made by `url(file)`: the WOFF2 cut for pages
 * (HTML, PDF, cover), or the plain TrueType/OpenType cut for e-readers.
 */
export function fontFaceCss(fonts: readonly FontFile[], url: (font: FontFile) => string, cut: 'woff2' | 'sfnt' = 'woff2'): string {
  return fonts
    .map((font) => {
      const format = cut === 'woff2' ? 'woff2' : font.sfntType === 'font/otf' ? 'opentype' : 'truetype';
      return `@font-face {\n  font-family: "${font.family}";\n  font-style: ${font.style};\n  font-weight: ${font.weight};\n  font-display: block;\n  src: url("${url(font)}") format("${format}");\n  unicode-range: ${font.unicodeRange};\n}`;
    })
    .join('\n');
}

const inlined = new WeakMap<readonly FontFile[], string>();

/**
 * `@font-face` rules with the WOFF2 faces inlined as data URLs, for a page that must need no
 * other file. Made once for a publication's faces: the HTML page, the print, its preloaded
 * page (which must carry the very same rules) and the cover all inline them.
 */
export function inlineFontFaceCss(fonts: readonly FontFile[]): string {
  let css = inlined.get(fonts);
  if (css === undefined) inlined.set(fonts, (css = fontFaceCss(fonts, (font) => dataUrl('font/woff2', font.woff2))));
  return css;
}
