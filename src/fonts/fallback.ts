import path from 'node:path';
import type { Element, Nodes, Root } from 'hast';
import type { Point } from 'unist';
import type { VFile } from 'vfile';
import { warn } from '../diagnostics.ts';
import { isRtlLanguage } from '../document/plugins/direction.ts';
import { characterWithoutFont, emojiSequenceSplit, emojiSkinTone } from '../text/scripts.ts';
import { octavoRequire as require } from '../paths.ts';
import type { FontSpec } from '../templates/template.ts';
import { covers, fileCoverage, union, unicodeRangeOf, type Coverage } from './coverage.ts';
import { parseRanges, redrawn, subset, type FontFile } from './load.ts';
import { shapeAll } from './shaping.ts';
import { limits, readRegularFile } from '../regular-file.ts';


/** Emoji skin-tone modifiers (Fitzpatrick types 1-2 to 6). */
const skinTone = /[\u{1F3FB}-\u{1F3FF}]/u;
/** A face Octavo draws a character from when the template's own faces lack it. */
interface FallbackFace {
  family: string;
  package: string;
  /** A variable package (`@fontsource-variable/…`): one file a subset, pinned to each weight. */
  variable?: boolean;
  weights: number[];
  /** Language tags (and their subtags) that put this face first among the faces of its group. */
  langs?: string[];
  /** The faces a `langs` face is preferred over: it moves before the first face of its group (`arabic`: Noto Sans Arabic). */
  group?: string;
  /** Tried only by passages in one of `langs` (Nastaliq is for Urdu, not for Arabic or Persian). */
  onlyForLangs?: boolean;
  /** When the package is not installed: the characters it would draw, for the message's `npm i` line. */
  script: RegExp;
  /** The only characters it may draw, when it has others better drawn by the faces after it. */
  only?: RegExp;
  /** The Fontsource subset whose one file holds the whole face, used instead of the slices (whose sequences are split between files). */
  whole?: string;
}

/**
 * Fallback faces, in the order the pages try them. Han characters are shared by the four CJK
 * faces, whose glyphs differ by region, and Arabic letters by Naskh and Nastaliq faces: the
 * passage's `lang` puts its own one first.
 * Measured sizes and the reasons for each choice: docs/fonts.md.
 */
const fallbackFaces: FallbackFace[] = [
  { family: 'Noto Sans Arabic', package: '@fontsource/noto-sans-arabic', weights: [400, 700], group: 'arabic', script: /\p{Script=Arabic}/u },
  // Urdu is set in Nastaliq: first for `ur` passages, before the Naskh-style Noto Sans Arabic.
  { family: 'Noto Nastaliq Urdu', package: '@fontsource-variable/noto-nastaliq-urdu', variable: true, weights: [400, 700], langs: ['ur'], group: 'arabic', onlyForLangs: true, script: /\p{Script=Arabic}/u },
  { family: 'Noto Sans Hebrew', package: '@fontsource/noto-sans-hebrew', weights: [400, 700], script: /\p{Script=Hebrew}/u },
  { family: 'Noto Sans Devanagari', package: '@fontsource/noto-sans-devanagari', weights: [400, 700], script: /\p{Script=Devanagari}/u },
  { family: 'Noto Sans Thai', package: '@fontsource/noto-sans-thai', weights: [400, 700], script: /\p{Script=Thai}/u },
  { family: 'Noto Sans Math', package: '@fontsource/noto-sans-math', weights: [400], script: /[\p{Sm}\u{1D400}-\u{1D7FF}]/u },
  // Before the symbols face, which draws some emoji (👍) as text glyphs without their skin tones and sequences.
  { family: 'Noto Emoji', package: '@fontsource/noto-emoji', weights: [400], script: /\p{Extended_Pictographic}/u, whole: 'emoji' },
  { family: 'Noto Sans Symbols 2', package: '@fontsource/noto-sans-symbols-2', weights: [400], script: /\p{So}/u },
  // IPA beyond the template's faces: the tie bar (U+0361) and the other combining marks, tone
  // letters (˥ ˩). STIX Two Math's one file holds them with the letters they go on; Fontsource's
  // Noto Sans and Noto Serif files have no U+0361.
  { family: 'STIX Two Math', package: '@fontsource/stix-two-math', weights: [400], script: /[\p{Script=Latin}\p{M}\p{Lm}\p{Sk}]/u, only: /[\p{Script=Latin}\p{Script=Greek}\p{M}\p{Lm}\p{Sk}]/u },
  // One face a script, after the symbol faces: several of these packages carry math and symbol
  // subsets of their own (Georgian, Gujarati), which must not draw the text's ∀ or ★.
  { family: 'Noto Sans Bengali', package: '@fontsource-variable/noto-sans-bengali', variable: true, weights: [400, 700], script: /\p{Script=Bengali}/u },
  { family: 'Noto Sans Tamil', package: '@fontsource-variable/noto-sans-tamil', variable: true, weights: [400, 700], script: /\p{Script=Tamil}/u },
  { family: 'Noto Sans Telugu', package: '@fontsource-variable/noto-sans-telugu', variable: true, weights: [400, 700], script: /\p{Script=Telugu}/u },
  { family: 'Noto Sans Kannada', package: '@fontsource-variable/noto-sans-kannada', variable: true, weights: [400, 700], script: /\p{Script=Kannada}/u },
  { family: 'Noto Sans Malayalam', package: '@fontsource-variable/noto-sans-malayalam', variable: true, weights: [400, 700], script: /\p{Script=Malayalam}/u },
  { family: 'Noto Sans Gujarati', package: '@fontsource-variable/noto-sans-gujarati', variable: true, weights: [400, 700], script: /\p{Script=Gujarati}/u },
  { family: 'Noto Sans Gurmukhi', package: '@fontsource-variable/noto-sans-gurmukhi', variable: true, weights: [400, 700], script: /\p{Script=Gurmukhi}/u },
  { family: 'Noto Sans Sinhala', package: '@fontsource-variable/noto-sans-sinhala', variable: true, weights: [400, 700], script: /\p{Script=Sinhala}/u },
  { family: 'Noto Sans Oriya', package: '@fontsource-variable/noto-sans-oriya', variable: true, weights: [400, 700], script: /\p{Script=Oriya}/u },
  { family: 'Noto Sans Khmer', package: '@fontsource-variable/noto-sans-khmer', variable: true, weights: [400, 700], script: /\p{Script=Khmer}/u },
  { family: 'Noto Sans Lao', package: '@fontsource-variable/noto-sans-lao', variable: true, weights: [400, 700], script: /\p{Script=Lao}/u },
  { family: 'Noto Sans Myanmar', package: '@fontsource-variable/noto-sans-myanmar', variable: true, weights: [400, 700], script: /\p{Script=Myanmar}/u },
  // Noto has no sans Tibetan.
  { family: 'Noto Serif Tibetan', package: '@fontsource-variable/noto-serif-tibetan', variable: true, weights: [400, 700], script: /\p{Script=Tibetan}/u },
  { family: 'Noto Sans Georgian', package: '@fontsource-variable/noto-sans-georgian', variable: true, weights: [400, 700], script: /\p{Script=Georgian}/u },
  { family: 'Noto Sans Armenian', package: '@fontsource-variable/noto-sans-armenian', variable: true, weights: [400, 700], script: /\p{Script=Armenian}/u },
  { family: 'Noto Sans Ethiopic', package: '@fontsource-variable/noto-sans-ethiopic', variable: true, weights: [400, 700], script: /\p{Script=Ethiopic}/u },
  { family: 'Noto Sans Syriac', package: '@fontsource-variable/noto-sans-syriac', variable: true, weights: [400, 700], script: /\p{Script=Syriac}/u },
  { family: 'Noto Sans Thaana', package: '@fontsource-variable/noto-sans-thaana', variable: true, weights: [400, 700], script: /\p{Script=Thaana}/u },
  { family: 'Noto Sans Adlam', package: '@fontsource-variable/noto-sans-adlam', variable: true, weights: [400, 700], script: /\p{Script=Adlam}/u },
  { family: 'Noto Sans Cherokee', package: '@fontsource-variable/noto-sans-cherokee', variable: true, weights: [400, 700], script: /\p{Script=Cherokee}/u },
  // On npm, not installed: its characters are warnings whose hint is the `npm i` line.
  { family: 'Noto Sans NKo', package: '@fontsource/noto-sans-nko', weights: [400], script: /\p{Script=Nko}/u },
  // One weight only on npm: bold Mongolian, Tifinagh, music and hieroglyphs are Chromium's synthetic bold.
  { family: 'Noto Sans Tifinagh', package: '@fontsource/noto-sans-tifinagh', weights: [400], script: /\p{Script=Tifinagh}/u },
  { family: 'Noto Sans Mongolian', package: '@fontsource/noto-sans-mongolian', weights: [400], script: /\p{Script=Mongolian}/u },
  { family: 'Noto Music', package: '@fontsource/noto-music', weights: [400], script: /[\u{1D000}-\u{1D24F}]/u },
  { family: 'Noto Sans Egyptian Hieroglyphs', package: '@fontsource/noto-sans-egyptian-hieroglyphs', weights: [400], script: /\p{Script=Egyptian_Hieroglyphs}/u },
  { family: 'Noto Sans SC', package: '@fontsource-variable/noto-sans-sc', variable: true, weights: [400, 700], langs: ['zh', 'zh-hans', 'zh-cn', 'zh-sg'], group: 'cjk', script: /\p{Script=Han}/u },
  { family: 'Noto Sans TC', package: '@fontsource-variable/noto-sans-tc', variable: true, weights: [400, 700], langs: ['zh-hant', 'zh-tw', 'zh-hk', 'zh-mo'], group: 'cjk', script: /\p{Script=Han}/u },
  { family: 'Noto Sans JP', package: '@fontsource-variable/noto-sans-jp', variable: true, weights: [400, 700], langs: ['ja'], group: 'cjk', script: /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u },
  { family: 'Noto Sans KR', package: '@fontsource-variable/noto-sans-kr', variable: true, weights: [400, 700], langs: ['ko'], group: 'cjk', script: /[\p{Script=Han}\p{Script=Hangul}]/u },
  // Polytonic Greek's capitals with the iota beside them (ᾯ ᾟ ῼ), which the template's faces
  // misdraw (`redrawn`, fonts/load.ts). Greek only: its Gothic and Runic were not looked at.
  { family: 'Cardo', package: '@fontsource/cardo', weights: [400, 700], script: /\p{Script=Greek}/u, only: /\p{Script=Greek}/u },
];



/** Characters never drawn as glyphs of their own: no font needs to cover them. */
const notDrawn = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;

/** Combining marks: shaped with the character before them, in its font. */
const combining = /\p{M}/u;
const clustered = /\P{M}\p{M}+/gu;

/** Joiners and variation selectors: kept in every fallback cut, so emoji sequences and joined letters still shape. */
const joiners = [0x200c, 0x200d, 0xfe0e, 0xfe0f];

/** The face emoji sequences are drawn from, whole (why monochrome: docs/fonts.md). */
const emojiFamily = 'Noto Emoji';

/** Passages inside `<math>`: drawn from the math face, whatever the template's faces cover. */
const mathKey = 'math';
/** The face formulas are set in (the templates' `math { font-family }`); why STIX Two Math: docs/fonts.md. */
const mathFamily = 'STIX Two Math';

/** Elements whose text the templates set bold: their characters need the bold cut too. */
const boldElements = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'b', 'th', 'dt', 'summary']);
/** Emphasis the templates set bold, not italic, in right-to-left text (base.css). */
const emphasisElements = new Set(['em', 'i', 'cite', 'dfn', 'var']);

interface Installed {
  face: FallbackFace;
  dir: string;
  id: string;
  /** Fontsource subset name → its declared range. */
  subsets: Array<{ name: string; ranges: Array<[number, number]> }>;
}

const installed = new Map<string, Promise<Installed | undefined>>();

function packageOf(face: FallbackFace): Promise<Installed | undefined> {
  let found = installed.get(face.package);
  if (!found) {
    found = (async () => {
      let dir: string;
      try {
        dir = path.dirname(require.resolve(`${face.package}/package.json`));
      } catch {
        return undefined;
      }
      if (face.whole) return { face, dir, id: face.package.split('/').pop()!, subsets: [{ name: face.whole, ranges: [[0, 0x10ffff]] }] };
      const ranges = JSON.parse((await readRegularFile(path.join(dir, 'unicode.json'), { maxBytes: limits.text })).toString('utf8')) as Record<string, string>;
      return {
        face,
        dir,
        id: face.package.split('/').pop()!,
        subsets: Object.entries(ranges).map(([name, range]) => ({ name: name.replace(/^\[(\d+)\]$/, '$1'), ranges: parseRanges(range) })),
      };
    })();
    installed.set(face.package, found);
  }
  return found;
}

function fileOf(pkg: Installed, subsetName: string, weight: number): string {
  const variant = pkg.face.variable ? 'wght' : String(weight);
  return path.join(pkg.dir, 'files', `${pkg.id}-${subsetName}-${variant}-normal.woff2`);
}

/** The subset files of a package whose declared range holds `code`, with their real coverage. */
async function filesFor(pkg: Installed, code: number): Promise<Array<{ name: string; coverage: Coverage }>> {
  return Promise.all(candidatesFor(pkg, code).map(async (item) => ({ name: item.name, coverage: await fileCoverage(fileOf(pkg, item.name, pkg.face.weights[0])) })));
}

/**
 * The subsets of a package to read for `code`. Many slices (CJK): their declared ranges are
 * exact, and pick the few files to read. A face of a few subsets may cover more than it declares
 * (Noto Sans Math's one `latin` file holds all of math): all of them.
 */
function candidatesFor(pkg: Installed, code: number): Installed['subsets'] {
  return pkg.subsets.length > 20 ? pkg.subsets.filter((item) => item.ranges.some(([a, b]) => code >= a && code <= b)) : pkg.subsets;
}

/**
 * Reads, side by side, the coverage of every face in `order` that the search for `codes` may
 * ask about. The search then asks face after face from memory: one read after another, a
 * character that no face draws waited for each of some forty faces' files in turn.
 */
async function readFacesAhead(order: readonly FallbackFace[], codes: readonly number[]): Promise<void> {
  await Promise.all(
    order.map(async (face) => {
      const pkg = await packageOf(face);
      if (!pkg) return;
      const subsets = new Set(codes.flatMap((code) => candidatesFor(pkg, code)));
      await Promise.all([...subsets].map((item) => fileCoverage(fileOf(pkg, item.name, pkg.face.weights[0]))));
    }),
  );
}

/**
 * The mathematical italic letter a single-letter `<mi>` is drawn as (MathML Core's automatic
 * italic), or undefined: the face must hold that code point too.
 */
function mathItalic(code: number): number | undefined {
  if (code === 0x68) return 0x210e;
  if (code >= 0x61 && code <= 0x7a) return 0x1d44e + code - 0x61;
  if (code >= 0x41 && code <= 0x5a) return 0x1d434 + code - 0x41;
  if (code >= 0x3b1 && code <= 0x3c9) return 0x1d6fc + code - 0x3b1;
  if (code >= 0x391 && code <= 0x3a9) return 0x1d6e2 + code - 0x391;
  return mathItalicSymbols.get(code);
}

/** MathML Core's italic for the Greek symbol variants and the rest outside the runs above (ϵ → 𝜖). */
const mathItalicSymbols = new Map([
  [0x131, 0x1d6a4], [0x237, 0x1d6a5], [0x3f4, 0x1d6f3], [0x2207, 0x1d6fb], [0x2202, 0x1d715], [0x3f5, 0x1d716],
  [0x3d1, 0x1d717], [0x3f0, 0x1d718], [0x3d5, 0x1d719], [0x3f1, 0x1d71a], [0x3d6, 0x1d71b],
]);

/** Where a character was first seen, for its message. */
interface Sighting {
  file: VFile;
  place?: Point;
}

/** What the text asks of the fonts, gathered in one walk. */
interface Usage {
  /** Characters by the CJK face their passage's language prefers ('' for the document's default). */
  byLang: Map<string, Set<number>>;
  /** Language tags met on passages, by the face they prefer. */
  tags: Map<string, string>;
  bold: Set<number>;
  first: Map<number, Sighting>;
  /** Characters that may print (the other case of a letter, for `text-transform`): drawn if a face has them, else no message. */
  optional: Set<number>;
  /** Combining marks met after each base character: drawn by the base's face where it has them, so the cluster shapes in one font. */
  marks: Map<number, Set<number>>;
  /** Each letter typed with combining marks, whole (`t͡`, `ə̃`). */
  clusters: Set<string>;
  /** Emoji sequences (keycaps, flags, ZWJ sequences, skin tones, tag sequences) and where each was first seen. */
  sequences: Map<string, Sighting>;
}

/** The CJK face a language tag prefers: the one with the longest matching tag, or '' (the default order). */
function preferredFace(lang: string | undefined): string {
  if (!lang) return '';
  const tag = lang.toLowerCase();
  let best = '';
  let length = 0;
  for (const face of fallbackFaces) {
    for (const own of face.langs ?? []) {
      if ((tag === own || tag.startsWith(`${own}-`)) && own.length > length) {
        best = face.family;
        length = own.length;
      }
    }
  }
  return best;
}

/** The fallback faces in the order a passage preferring `family` tries them. */
function orderFor(family: string): FallbackFace[] {
  if (!family) return fallbackFaces.filter((face) => !face.onlyForLangs);
  if (family === mathKey) {
    const math = fallbackFaces.find((face) => face.family === mathFamily)!;
    return [math, ...orderFor('').filter((face) => face !== math)];
  }
  const preferred = fallbackFaces.find((face) => face.family === family)!;
  const rest = orderFor('').filter((face) => face !== preferred);
  const groupStart = rest.findIndex((face) => face.group === preferred.group);
  return [...rest.slice(0, groupStart), preferred, ...rest.slice(groupStart)];
}

/** The place of the `index`-th UTF-16 unit of a text node that starts at `start` (entities make it approximate). */
function pointIn(value: string, index: number, start: Point): Point {
  let { line, column } = start;
  for (let i = 0; i < index; i++) {
    if (value.charCodeAt(i) === 10) {
      line++;
      column = 1;
    } else column++;
  }
  return { line, column, offset: start.offset === undefined ? undefined : start.offset + index };
}

const emojiElement = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u20e3]/u;
const emojiOnly = /^[\p{Emoji}\p{Emoji_Component}\p{Extended_Pictographic}]+$/u;
/** Made for the first text with an emoji: its first making loads ICU's break rules, several milliseconds of every start otherwise. */
let graphemes: Intl.Segmenter | undefined;

/**
 * The emoji sequences of a text, with their UTF-16 offsets: user-perceived characters (Unicode's
 * grapheme clusters) of more than one code point made of emoji and their components alone — a
 * keycap (1️⃣), a flag (🇫🇷, 🏴󠁧󠁢󠁳󠁣󠁴󠁿), a skin tone (👍🏽), a ZWJ sequence (👩‍💻), an emoji with VS16
 * (❤️). Text presentation (U+FE0E) is left to the text faces.
 */
function* emojiSequences(value: string): Generator<[string, number]> {
  if (!emojiElement.test(value)) return;
  graphemes ??= new Intl.Segmenter('und', { granularity: 'grapheme' });
  for (const { segment, index } of graphemes.segment(value)) {
    if (emojiElement.test(segment) && emojiOnly.test(segment) && !segment.includes('\ufe0e') && [...segment].length > 1) yield [segment, index];
  }
}

function gather(options: FallbackOptions): Usage {
  const usage: Usage = { byLang: new Map(), tags: new Map(), bold: new Set(), first: new Map(), optional: new Set(), marks: new Map(), clusters: new Set(), sequences: new Map() };
  const add = (key: string, code: number, bold: boolean, sighting: () => Sighting) => {
    let set = usage.byLang.get(key);
    if (!set) usage.byLang.set(key, (set = new Set()));
    set.add(code);
    if (bold) usage.bold.add(code);
    if (!usage.first.has(code)) usage.first.set(code, sighting());
  };
  const documentKey = preferredFace(options.lang);
  for (const { tree, file } of options.chapters) {
    // Text made by a plugin (code colouring) has no place of its own: its nearest placed element's stands in.
    const walk = (node: Nodes, key: string, bold: boolean, rtl: boolean, around?: Point) => {
      if (node.type === 'text') {
        const value = node.value;
        for (const [letter] of value.matchAll(clustered)) usage.clusters.add(letter);
        for (const [sequence, at] of emojiSequences(value)) {
          if (!usage.sequences.has(sequence)) usage.sequences.set(sequence, { file, place: node.position ? pointIn(value, at, node.position.start) : around });
        }
        let index = 0;
        let base: number | undefined;
        for (const char of value) {
          const at = index;
          index += char.length;
          const code = char.codePointAt(0)!;
          // Below U+0300 there are no marks, and what is not drawn is known without a Unicode property lookup: most text is there.
          const low = code < 0x300;
          if (!low && combining.test(char)) {
            if (base !== undefined) {
              let marks = usage.marks.get(base);
              if (!marks) usage.marks.set(base, (marks = new Set()));
              marks.add(code);
            }
          } else base = code;
          if (code === 0x20 || (low ? code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0xad : notDrawn.test(char))) continue;
          // Seen before in this passage's kind of text (nearly every character is): nothing to add or allocate.
          if (usage.byLang.get(key)?.has(code) && (!bold || usage.bold.has(code))) continue;
          const sighting = () => ({ file, place: node.position ? pointIn(value, at, node.position.start) : around });
          add(key, code, bold, sighting);
          const italic = key === mathKey ? mathItalic(code) : undefined;
          if (italic !== undefined) add(key, italic, bold, sighting);
        }
        return;
      }
      if (node.type !== 'element' && node.type !== 'root') return;
      let childKey = key;
      let childBold = bold;
      let childRtl = rtl;
      if (node.type === 'element') {
        const element = node as Element;
        const lang = element.properties.lang ?? element.properties.xmlLang;
        if (typeof lang === 'string' && lang) {
          childKey = preferredFace(lang) || documentKey;
          if (/^[A-Za-z0-9-]{1,35}$/.test(lang)) usage.tags.set(lang, childKey);
        }
        if (typeof lang === 'string' && lang) childRtl = isRtlLanguage(lang);
        if (element.properties.dir === 'rtl' || element.properties.dir === 'ltr') childRtl = element.properties.dir === 'rtl';
        if (boldElements.has(element.tagName)) childBold = true;
        // The templates set emphasis bold in scripts with no italics (right to left ones).
        if (emphasisElements.has(element.tagName) && childRtl) childBold = true;
        if (element.tagName === 'math') {
          childKey = mathKey;
          // The browser takes a formula's radicals and stretchy brackets from its *first available*
          // font's MATH table: the first whose unicode-range holds the space (CSS Fonts 4, §5.1).
          add(mathKey, 0x20, childBold, () => ({ file, place: node.position?.start ?? around }));
        }
        // The radical sign is drawn by the browser, not typed: the math face's cut needs it.
        if (element.tagName === 'msqrt' || element.tagName === 'mroot') add(mathKey, 0x221a, childBold, () => ({ file, place: node.position?.start ?? around }));
      }
      const place = node.position?.start ?? around;
      for (const child of node.children) walk(child, childKey, childBold, childRtl, place);
    };
    walk(tree, documentKey, false, options.lang !== undefined && isRtlLanguage(options.lang));
  }
  // After the chapters, so that a character's message points into the text where it can.
  const metaSighting = () => ({ file: options.metaFile });
  for (const [sequence] of emojiSequences(options.metaText + options.boldMetaText)) if (!usage.sequences.has(sequence)) usage.sequences.set(sequence, metaSighting());
  for (const char of options.metaText) if (!notDrawn.test(char)) add(documentKey, char.codePointAt(0)!, false, metaSighting);
  for (const char of options.boldMetaText) if (!notDrawn.test(char)) add(documentKey, char.codePointAt(0)!, true, metaSighting);
  for (const char of options.optionalText ?? '') {
    const code = char.codePointAt(0)!;
    if (notDrawn.test(char) || usage.first.has(code)) continue;
    usage.optional.add(code);
    add(documentKey, code, false, metaSighting);
  }
  return usage;
}

export interface FallbackPlan {
  /** Fallback faces cut to the characters they draw (empty when the template's faces cover the text). */
  fonts: FontFile[];
  /** The families every `font-family` of the templates falls back to, in order, for the document's language; empty when none is needed. */
  stack: string[];
  /** Stacks for passages in other languages: language tag → families. */
  langStacks: Map<string, string[]>;
  /** Distinct characters no face covers (each reported as a warning), and emoji sequences drawn apart or as a box. */
  uncovered: number;
  /** The characters no face covers. */
  undrawn: Set<string>;
}

export interface FallbackOptions {
  /** The chapters' trees and their files, for languages and places. */
  chapters: ReadonlyArray<{ tree: Root; file: VFile }>;
  /** The document's language (`lang` of the front matter). */
  lang?: string;
  /** Every other character the outputs print (title, metadata, page furniture). */
  metaText: string;
  /** Of that, what is set bold (title, subtitle). */
  boldMetaText: string;
  /** Characters that may print, if a face has them: no message when none does (default: none). */
  optionalText?: string;
  /** The file for messages about characters outside the chapters. */
  metaFile: VFile;
  /** The template's faces that are embedded. */
  specs: readonly FontSpec[];
}

/** The coverage of each of the template's families (its first weight and style), for the characters asked about. */
async function templateCoverage(specs: readonly FontSpec[], codes: Set<number>): Promise<Coverage[]> {
  return Promise.all(
    specs.map(async (spec) => {
      const dir = path.dirname(require.resolve(`${spec.package}/package.json`));
      const id = spec.package.split('/').pop()!;
      const ranges = JSON.parse((await readRegularFile(path.join(dir, 'unicode.json'), { maxBytes: limits.text })).toString('utf8')) as Record<string, string>;
      const files = Object.entries(ranges)
        .filter(([, range]) => {
          const parsed = parseRanges(range);
          for (const code of codes) if (parsed.some(([a, b]) => code >= a && code <= b)) return true;
          return false;
        })
        .map(([name]) => path.join(dir, 'files', `${id}-${name}-${spec.weights[0]}-${spec.styles[0]}.woff2`));
      return union(await Promise.all(files.map(fileCoverage)));
    }),
  );
}

/** A range of code points less the `redrawn` ones, as ranges. */
function withoutRedrawn(first: number, last: number): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  let start = first;
  for (let code = Math.max(first, 0x1f88); code <= Math.min(last, 0x1ffc); code++) {
    if (!redrawn.test(String.fromCodePoint(code))) continue;
    if (code > start) out.push([start, code - 1]);
    start = code + 1;
  }
  if (start <= last) out.push([start, last]);
  return out;
}

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Finds the characters the template's faces do not draw and the fallback faces that do, by
 * each face's real coverage (its cmap) and the passage's `lang`, and cuts those faces to
 * them. A character no face covers is a warning where it first stands. When the template's
 * faces cover everything, nothing else is read.
 */
export async function planFallbacks(options: FallbackOptions): Promise<FallbackPlan> {
  const none: FallbackPlan = { fonts: [], stack: [], langStacks: new Map(), uncovered: 0, undrawn: new Set() };
  const usage = gather(options);
  const all = new Set<number>();
  for (const set of usage.byLang.values()) for (const code of set) all.add(code);
  const families = [...new Set(options.specs.map((spec) => spec.family))];
  const coverages = await templateCoverage(options.specs, all);
  const byFamily = families.map((family) => union(coverages.filter((_, i) => options.specs[i].family === family)));
  // Drawn by every one of the template's faces: nothing to fall back to, the common case.
  if (!usage.byLang.has(mathKey) && [...all].every((code) => usage.optional.has(code) || (byFamily.every((coverage) => covers(coverage, code)) && !redrawn.test(String.fromCodePoint(code))))) return none;
  const anyTemplate = union(byFamily).flatMap(([first, last]) => withoutRedrawn(first, last));

  // Each character goes to the first face, in its passage's order, whose files have a glyph for it.
  const assigned = new Map<string, { pkg: Installed; codes: Set<number>; files: Map<string, Coverage> }>();
  const missing = new Map<number, FallbackFace | undefined>();
  for (const [key, codes] of usage.byLang) {
    const order = orderFor(key);
    const sought = [...codes].filter((code) => key === mathKey || !covers(anyTemplate, code));
    if (sought.length > 0) await readFacesAhead(order, sought);
    for (const code of codes) {
      if (key !== mathKey && covers(anyTemplate, code)) continue;
      let placed = false;
      let wanted: FallbackFace | undefined;
      for (const face of order) {
        if (face.only && !(key === mathKey && face.family === mathFamily) && !face.only.test(String.fromCodePoint(code))) continue;
        const pkg = await packageOf(face);
        if (!pkg) {
          if (!wanted && face.script.test(String.fromCodePoint(code))) wanted = face;
          continue;
        }
        const files = (await filesFor(pkg, code)).filter((item) => covers(item.coverage, code));
        if (files.length === 0) continue;
        let entry = assigned.get(face.family);
        if (!entry) assigned.set(face.family, (entry = { pkg, codes: new Set(), files: new Map() }));
        entry.codes.add(code);
        for (const file of files) entry.files.set(file.name, file.coverage);
        // Its marks too, even those a template face has (U+0308 after a Syriac letter): a cluster split between fonts loses its mark.
        for (const mark of usage.marks.get(code) ?? []) if (files.some((file) => covers(file.coverage, mark))) entry.codes.add(mark);
        placed = true;
        break;
      }
      if (!placed && !missing.has(code) && !usage.optional.has(code)) missing.set(code, wanted);
    }
  }

  // A letter whose mark no template face has (t + U+0361) is drawn, with its marks, by the face
  // that draws the mark: Chromium shapes a cluster in one font, and the mark alone would be set
  // apart from its letter, or the letter missing from the mark's face drawn as a `.notdef`.
  for (const letter of usage.clusters) {
    const codes = [...letter].map((char) => char.codePointAt(0)!);
    const foreign = codes.find((code) => !covers(anyTemplate, code));
    if (foreign === undefined) continue;
    for (const entry of assigned.values()) {
      if (!entry.codes.has(foreign)) continue;
      const files = await filesFor(entry.pkg, codes[0]);
      const whole = files.find((file) => codes.every((code) => covers(file.coverage, code)));
      if (!whole) continue;
      entry.files.set(whole.name, whole.coverage);
      for (const code of codes) entry.codes.add(code);
      break;
    }
  }

  // An emoji sequence goes whole to the emoji face, with its joiners, tags and the digit of a
  // keycap that a template face has: Chromium shapes a cluster in one font, and only the emoji
  // face's ligatures make one glyph of it.
  const emojiFace = usage.sequences.size > 0 ? await packageOf(fallbackFaces.find((face) => face.family === emojiFamily)!) : undefined;
  if (emojiFace) {
    let entry = assigned.get(emojiFamily);
    if (!entry) assigned.set(emojiFamily, (entry = { pkg: emojiFace, codes: new Set(), files: new Map() }));
    const [file] = await filesFor(emojiFace, 0);
    entry.files.set(file.name, file.coverage);
    for (const sequence of usage.sequences.keys()) for (const char of sequence) entry.codes.add(char.codePointAt(0)!);
  }

  // As few files of a face as hold its characters, the fullest first: a sequence (an emoji and its
  // skin tone) shapes only when one file holds all of it.
  const cuts = new Map<string, Map<string, { pkg: Installed; weights: Map<number, Set<number>> }>>();
  const used = new Set(assigned.keys());
  for (const [family, { pkg, codes, files }] of assigned) {
    const bySubset = new Map<string, { pkg: Installed; weights: Map<number, Set<number>> }>();
    cuts.set(family, bySubset);
    const left = new Set(codes);
    while (left.size > 0) {
      let best: [string, number[]] | undefined;
      for (const [name, coverage] of files) {
        const held = [...left].filter((code) => covers(coverage, code));
        if (!best || held.length > best[1].length) best = [name, held];
      }
      if (!best || best[1].length === 0) break;
      const weights = new Map<number, Set<number>>();
      for (const weight of pkg.face.weights) {
        // The bold cut only for characters set bold; the regular one always.
        const held = best[1].filter((code) => weight === pkg.face.weights[0] || usage.bold.has(code));
        if (held.length > 0) weights.set(weight, new Set(held));
      }
      bySubset.set(best[0], { pkg, weights });
      for (const code of best[1]) left.delete(code);
    }
  }

  for (const [code, wanted] of missing) {
    const sighting = usage.first.get(code)!;
    const char = String.fromCodePoint(code);
    const message = warn(sighting.file, `No font draws ${hex(code)} (${JSON.stringify(char)}): it prints as a blank or a box`, {
      place: sighting.place,
      ruleId: characterWithoutFont,
      hint: wanted
        ? `Install the face Octavo uses for it: npm i ${wanted.package}`
        : 'Use another character, or a template whose fonts include it',
    });
    // The report groups these by script.
    message.actual = char;
  }

  const fonts: FontFile[] = [];
  const jobs: Array<Promise<void>> = [];
  for (const [family, bySubset] of cuts) {
    for (const [subsetName, { pkg, weights }] of bySubset) {
      for (const [weight, codes] of weights) {
        const characters = String.fromCodePoint(...[...codes, ...joiners].sort((a, b) => a - b));
        const file = fileOf(pkg, subsetName, weight);
        const pin = pkg.face.variable ? weight : undefined;
        jobs.push(
          Promise.all([subset(file, characters, 'woff2', pin), subset(file, characters, 'sfnt', pin)]).then(([woff2, sfnt]) => {
            fonts.push({
              family,
              weight,
              style: 'normal',
              unicodeRange: unicodeRangeOf(union([...codes, ...joiners].map((code) => [[code, code] as const]))),
              name: `${pkg.id}-${subsetName}-${weight}-normal`,
              woff2,
              sfnt,
              sfntType: sfnt[0] === 0x4f && sfnt[1] === 0x54 ? 'font/otf' : 'font/ttf',
            });
          }),
        );
      }
    }
  }
  await Promise.all(jobs);
  // Stable order: the same input gives the same bytes.
  fonts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  // Each emoji sequence is shaped with the cut that is embedded: one glyph, or a warning where it stands.
  let blankSequences = 0;
  const emojiCut = emojiFace && fonts.find((font) => font.family === emojiFamily && font.weight === emojiFace.face.weights[0]);
  if (emojiCut) {
    const shapes = await shapeAll(emojiCut.sfnt, [...usage.sequences.keys()]);
    for (const [sequence, sighting] of usage.sequences) {
      const shape = shapes.get(sequence)!;
      if (shape.notdef === 0 && shape.drawn === 1) {
        // One glyph, but an outline one: a skin tone has no colour to show it by.
        if (skinTone.test(sequence)) {
          const codes = [...sequence].map((char) => hex(char.codePointAt(0)!)).join(' ');
          warn(sighting.file, `${emojiFamily} draws the emoji ${sequence} (${codes}) in outline, without its skin tone; the text keeps the tone`, {
            place: sighting.place,
            ruleId: emojiSkinTone,
            hint: 'Octavo embeds a monochrome emoji face (colour emoji become Type 3 fonts in a PDF: docs/fonts.md); say the tone in words where it matters',
          });
        }
        continue;
      }
      if (shape.notdef > 0) blankSequences++;
      const codes = [...sequence].map((char) => hex(char.codePointAt(0)!)).join(' ');
      const prints = shape.notdef > 0 ? 'it prints as a box' : `it prints as its ${shape.drawn} parts`;
      warn(sighting.file, `${emojiFamily} has no glyph for the emoji sequence ${sequence} (${codes}): ${prints}`, {
        place: sighting.place,
        ruleId: emojiSequenceSplit,
        hint: `Write the emoji it is made of apart, or one that ${emojiFamily} draws (Unicode 16 and before)`,
      });
    }
  }

  const stackFor = (key: string) => [...families, ...orderFor(key).filter((face) => used.has(face.family)).map((face) => face.family)];
  const documentKey = preferredFace(options.lang);
  const stack = stackFor(documentKey);
  const langStacks = new Map<string, string[]>();
  for (const [tag, key] of usage.tags) {
    if (key === mathKey) continue;
    const own = stackFor(key);
    if (own.join() !== stack.join()) langStacks.set(tag, own);
  }
  return { fonts, stack, langStacks, uncovered: missing.size + blankSequences, undrawn: new Set([...missing.keys()].map((code) => String.fromCodePoint(code))) };
}
