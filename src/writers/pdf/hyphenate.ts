import { Worker } from 'node:worker_threads';
import type { Element, Root, Text } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
import { octavoRequire } from '../../paths.ts';
import { keepDashesOnTheirLine } from './print-breaks.ts';

type Hyphenator = (text: string, options: { hyphenChar: string; minWordLength: number }) => string;

const hyphenators = new Map<string, Hyphenator | undefined>();

/** The module of the hyphenation patterns for a BCP 47 tag: the whole tag first (`en-gb`), then its language (`pt-BR` → `pt`); undefined when there are none. */
function patternsModule(tag: string): string | undefined {
  for (const code of [tag, tag.split('-')[0]]) {
    if (!/^[a-z]{2,3}(-[a-z0-9]+)*$/.test(code)) continue;
    try {
      return octavoRequire.resolve(`hyphen/${code}/index.js`);
    } catch {
      // No patterns for this tag; try the next.
    }
  }
  return undefined;
}

/** What the hyphenation of this process has done: how often the patterns were loaded on this thread, and the words made ahead on another (for tests). */
export const hyphenationWork = { patternsLoaded: 0, wordsAhead: 0, wordsJudged: 0 };

/** `keepWordWhole`, counted: asked once per distinct word of a text, not at each of its repetitions. */
function whole(word: string): boolean {
  hyphenationWork.wordsJudged++;
  return keepWordWhole(word);
}

/** Each language's words hyphenated ahead on a worker thread (`hyphenateAhead`), as `hyphen` gave them, by tag. */
const ahead = new Map<string, Map<string, string>>();
const pending = new Map<string, Promise<void>>();

/**
 * The hyphenation patterns (the `hyphen` package, from TeX's) for a BCP 47 tag: the whole
 * tag first (`en-gb`), then its language (`pt-BR` → `pt`); undefined when there are none.
 * The patterns load on the first word not hyphenated ahead (`hyphenateAhead`).
 */
export function hyphenatorFor(lang: string): Hyphenator | undefined {
  const tag = lang.toLowerCase();
  if (!hyphenators.has(tag)) {
    const module = patternsModule(tag);
    let loaded: Hyphenator | undefined;
    const load = () => {
      if (!loaded) {
        hyphenationWork.patternsLoaded++;
        loaded = (octavoRequire(module!) as { hyphenateSync: Hyphenator }).hyphenateSync;
      }
      return loaded;
    };
    hyphenators.set(tag, module === undefined ? undefined : (word, options) => {
      const made = options.hyphenChar === '\u00ad' && options.minWordLength === minWordLength ? ahead.get(tag)?.get(word) : undefined;
      return made ?? load()(word, options);
    });
  }
  return hyphenators.get(tag);
}

/**
 * Fewer words than this are left to the print: a worker thread takes some 60 ms to start, load
 * the patterns and answer, longer than a short text's template and fonts take here, and the
 * print would wait for it.
 */
export const aheadAtLeast = 500;

/** Code run by the worker: the words of `workerData` hyphenated as `hyphenateWords` asks `hyphen`. */
const aheadWorker = `
  const { parentPort, workerData } = require('node:worker_threads');
  const { hyphenateSync } = require(workerData.module);
  parentPort.postMessage(workerData.words.map((word) => hyphenateSync(word, { hyphenChar: '\\u00ad', minWordLength: workerData.minWordLength })));
`;

/**
 * Starts hyphenating the words of `trees` in the text's language on a worker thread, so that the
 * print document finds them made (`hyphenationAhead`) instead of loading the patterns and
 * asking them on this thread, the build's critical path, between the read and the print: the
 * worker works while the template and fonts are made. Words in another language, in code or
 * headings (`keepWhole`) or to be kept whole are left to the print. Does nothing when there are
 * no patterns or fewer words than `atLeast` (`aheadAtLeast`), and whatever the worker meets
 * leaves the print to do it all.
 */
export function hyphenateAhead(trees: readonly Root[], lang: string, options: { atLeast?: number } = {}): void {
  const tag = lang.toLowerCase();
  const module = patternsModule(tag);
  if (module === undefined || pending.has(tag)) return;
  const words = new Set<string>();
  // Every token looked at once: a text repeats its words, addresses and identifiers.
  const seen = new Set<string>();
  const add = (token: string) => {
    if (token.length < minWordLength || seen.has(token)) return;
    seen.add(token);
    if (!whole(token)) words.add(token);
  };
  for (const tree of trees) {
    visit(tree, (node) => {
      if (node.type === 'element' && (keepWhole.has(node.tagName) || (typeof node.properties.lang === 'string' && node.properties.lang))) return SKIP;
      if (node.type !== 'text') return undefined;
      for (const [token] of node.value.matchAll(/[^\s]+/g)) {
        add(token);
        // The print keeps a word with the em dash after it on its line (a span of its own): the pieces it makes are words too.
        if (token.includes('\u2014')) for (const piece of keepDashesOnTheirLine(token)) add(piece.type === 'text' ? piece.value : piece.type === 'element' && piece.children[0]?.type === 'text' ? piece.children[0].value : '');
      }
      return undefined;
    });
  }
  // A short text's words cost less here than the worker's start, and the print would wait for it.
  if (words.size === 0 || words.size < (options.atLeast ?? aheadAtLeast)) return;
  const list = [...words];
  pending.set(
    tag,
    new Promise<void>((resolve) => {
      try {
        const worker = new Worker(aheadWorker, { eval: true, workerData: { module, words: list, minWordLength }, stdout: true, stderr: true });
        worker.unref();
        worker.once('message', (made: string[]) => {
          const forms = ahead.get(tag) ?? new Map<string, string>();
          list.forEach((word, index) => forms.set(word, made[index]));
          ahead.set(tag, forms);
          hyphenationWork.wordsAhead += list.length;
          resolve();
        });
        worker.once('error', () => resolve());
        worker.once('exit', () => resolve());
      } catch {
        resolve();
      }
    }),
  );
}

/** Resolves when the words started by `hyphenateAhead` for `lang` are made (or their worker failed): at once when none were. */
export function hyphenationAhead(lang: string): Promise<void> {
  return pending.get(lang.toLowerCase()) ?? Promise.resolve();
}

/** Text never hyphenated: code, headings, titles and table headers (a broken word there reads as a typo). */
const keepWhole = new Set(['code', 'pre', 'kbd', 'samp', 'var', 'script', 'style', 'title', 'math', 'svg', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'nav', 'th']);

/** Blocks whose last word stays whole: a paragraph ending on a scrap ("ex-/changes.") reads badly. */
const lastWordWhole = new Set(['p', 'li', 'dd', 'dt', 'td', 'figcaption', 'caption', 'blockquote']);

/**
 * Words a reader must see whole: addresses (`https://…`, `www.…`, `daringfireball.net`, `a@b`, paths), identifiers
 * with an inner capital, a digit or an underscore (`AsciiDoc`, `cosmiconfigOptions`, `utf8`),
 * and words in capitals (`REPLACEMENT`, where a break reads as two words).
 */
export function keepWordWhole(word: string): boolean {
  return /[/@_\\\d]|:\/\/|^www\.|\p{L}\.\p{L}/iu.test(word) || /\p{Ll}\p{Lu}/u.test(word) || (/\p{Lu}.*\p{Lu}/u.test(word) && !/\p{Ll}/u.test(word));
}

/** Words shorter than this are never broken, and a break leaves at least `minPart` letters on each side. */
export const minWordLength = 7;
export const minPart = 3;
/** Each word's hyphenated form (itself when it is kept whole), per hyphenator: a text repeats its words, and each call of `hyphen` sets up a reader of its own. */
const hyphenatedWords = new WeakMap<Hyphenator, Map<string, string>>();

/** Removes the break points of a hyphenated word that leave fewer than `minPart` letters before or after them. */
function keepPartsLong(word: string): string {
  const letters = (text: string) => text.match(/\p{L}/gu)?.length ?? 0;
  const total = letters(word);
  return word.replace(/\u00ad/g, (_, at: number) => {
    const before = letters(word.slice(0, at));
    return before >= minPart && total - before >= minPart ? '\u00ad' : '';
  });
}

/** Hyphenates the words of a text that may be broken, leaving the rest as written. */
export function hyphenateWords(text: string, hyphenator: Hyphenator): string {
  let words = hyphenatedWords.get(hyphenator);
  if (!words) hyphenatedWords.set(hyphenator, (words = new Map()));
  const known = words;
  // Split on spaces only: a URL or path stays one token however it is punctuated.
  return text.replace(/[^\s]+/g, (word) => {
    // A token shorter than the minimum has fewer letters than it: `hyphen` would give it back as it is.
    if (word.length < minWordLength) return word;
    let hyphenated = known.get(word);
    if (hyphenated === undefined) known.set(word, (hyphenated = whole(word) ? word : keepPartsLong(hyphenator(word, { hyphenChar: '\u00ad', minWordLength }))));
    return hyphenated;
  });
}

/** Removes the soft hyphens from the last word of a block's text (which may span several text nodes). */
function keepLastWord(block: Element): void {
  const texts: Text[] = [];
  visit(block, 'text', (node) => {
    texts.push(node);
  });
  let seen = false;
  for (let i = texts.length - 1; i >= 0; i--) {
    const node = texts[i];
    const trimmed = node.value.replace(/\s+$/, '');
    // The last word began in the node after this one.
    if (seen && trimmed !== node.value) return;
    if (!trimmed) continue;
    seen = true;
    const space = trimmed.search(/\s\S*$/);
    if (space === -1) {
      // The whole node is (part of) the last word: the word may begin in the node before.
      node.value = node.value.replace(/\u00ad/g, '');
      continue;
    }
    node.value = node.value.slice(0, space) + node.value.slice(space).replace(/\u00ad/g, '');
    return;
  }
}

/**
 * Puts soft hyphens (U+00AD) where the language's patterns allow a break, so the printed
 * page can hyphenate: headless Chromium has no hyphenation dictionaries of its own.
 * Elements with another `lang` use that language's patterns, or none; words that must read
 * whole (see `keepWordWhole`) and each block's last word are not hyphenated. Changes the tree.
 */
export function hyphenate(tree: Root, lang: string): void {
  const walk = (node: Root | Element, hyphenator: Hyphenator | undefined) => {
    visit(node, (child, _index, parent) => {
      if (child === node) return undefined;
      if (child.type === 'element') {
        if (keepWhole.has(child.tagName)) return SKIP;
        const own = child.properties.lang;
        if (typeof own === 'string' && own) {
          walk(child, hyphenatorFor(own));
          return SKIP;
        }
      }
      if (child.type === 'text' && hyphenator && parent) child.value = hyphenateWords(child.value, hyphenator);
      return undefined;
    });
  };
  walk(tree, hyphenatorFor(lang));
  visit(tree, 'element', (node) => {
    if (lastWordWhole.has(node.tagName)) keepLastWord(node);
  });
}

/**
 * Where a token may break, as offsets before which a break may fall: `soft` with a hyphen
 * drawn, `plain` without; `inner` without a hyphen either, inside an address's or
 * identifier's pieces, for when even its pieces are too wide.
 */
export interface BreakPoints {
  soft: number[];
  plain: number[];
  inner: number[];
}

/**
 * Where a token (a run of text without spaces) may break when it cannot be printed whole: a
 * table cell too narrow for it at the smallest type (`src/browser/fit-tables.ts`). Never at an
 * arbitrary letter: an address or path after `/` (not inside `//`), `.`, `_`, `?`, `&`, `=`,
 * `#` or `\`, with no hyphen drawn; an identifier between its words (`maxConcurrent|Connections`);
 * any other word at its language's hyphenation points (with a hyphen, at least `minPart`
 * letters a side; not in code, where a hyphen reads as a minus). An address's or identifier's
 * pieces have their words' hyphenation points too (`inner`), with no hyphen, which would read
 * as part of it. Works on the token as written, whatever `keepWordWhole` says: this is for a
 * token that does not fit whole.
 */
export function breakPoints(token: string, lang: string, code: boolean): BreakPoints {
  const plain = new Set<number>();
  for (let at = 1; at < token.length; at++) {
    const before = token[at - 1];
    const after = token[at];
    // After punctuation that parts an address's or an identifier's pieces, with something after it to go over.
    if (/[/._?&=#\\]/.test(before) && !/[/._?&=#\\\s]/.test(after) && !(before === '/' && after === '/')) plain.add(at);
    // Between an identifier's words: a capital after a small letter.
    if (/\p{Ll}/u.test(before) && /\p{Lu}/u.test(after)) plain.add(at);
  }
  const points: number[] = [];
  const hyphenator = hyphenatorFor(lang);
  if (hyphenator) {
    // Each word of letters (an identifier's by its capitals), at its language's points.
    for (const run of token.matchAll(/\p{Lu}?\p{Ll}+|\p{L}+/gu)) {
      if (run[0].length < minWordLength) continue;
      const hyphenated = keepPartsLong(hyphenator(run[0], { hyphenChar: '\u00ad', minWordLength }));
      let letters = 0;
      for (const character of hyphenated) {
        if (character === '\u00ad') {
          const at = run.index + letters;
          if (!plain.has(at)) points.push(at);
        } else letters += character.length;
      }
    }
  }
  // An address or identifier breaks first between its pieces (a hyphen in it would read as part of it); code never with a hyphen.
  const inside = code || plain.size > 0;
  return { soft: inside ? [] : points, plain: [...plain].sort((a, b) => a - b), inner: inside ? points : [] };
}
