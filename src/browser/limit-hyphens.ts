import type { Page } from 'puppeteer-core';
import { linesSetAttribute } from './break-lines.ts';
import { countPages, nearlyEmptyPage, type PageArea } from './page-area.ts';

/** How far hyphenation may go: issue 23's bar is at most 4 hyphenated line ends in 100 lines and never 3 in a row. */
export interface HyphenLimits {
  /** Hyphenated line ends allowed in a row; the next one's word goes over whole. */
  inRow: number;
  /** A justified line keeps its hyphen only if without it its word spaces would pass this (em). */
  justifiedSpace: number;
  /** Rounds of layout at most (each round lets every paragraph drop one hyphen). */
  rounds: number;
  /** Ragged text outside tables keeps a line-end hyphen (soft, or hard between letters: its compound kept whole) only where without it its line would end more than this share of the measure short (a hyphenation zone); 0: every hyphen kept but the run's third. */
  raggedZone: number;
  /** A hyphen dropped for the zone is given back where its paragraph came out a line longer (so the text takes no more lines than with every hyphen kept). */
  raggedKeepsLines: boolean;
}

/**
 * The handout's: its text is ragged, hyphenated only where a line would otherwise end more than
 * 30 % short; where a line more takes the text onto another page (the review on US letter), a
 * hyphen is given back where its paragraph grew (`limitHyphensWithinPages`).
 */
export const hyphenLimits: HyphenLimits = { inRow: 2, justifiedSpace: 0.5, rounds: 12, raggedZone: 0.3, raggedKeepsLines: true };

/** The book's: its ragged text (list items) in the same zone; a chapter whose last page holds a line or two is set tighter instead (`short-endings.ts`). */
export const bookHyphenLimits: HyphenLimits = { ...hyphenLimits, raggedKeepsLines: false };

/** What `limitHyphens` did. */
export interface HyphensLimited {
  dropped: number;
  rounds: number;
  keptWhole: number;
  zoneWhole: number;
  left: number;
  /** Zone drops and wraps that made their paragraph a line longer: given back with `raggedKeepsLines`, else kept. */
  grown: number;
  /** How much taller those changes made the text, in CSS px, where they were kept (without `raggedKeepsLines`). */
  grownBy: number;
}

/**
 * Drops the soft hyphens (Octavo's, `writers/pdf/hyphenate.ts`) that a line breaks at but need
 * not: Chromium breaks lines greedily, so it hyphenates whenever a word's first syllables fit,
 * however good the line would be without them. Measured on the laid-out text (the root at the
 * page area's width, before Paged.js, or on Chromium's own print): for each line ending at a
 * soft hyphen in justified text, the word spaces the line would have without its last word's
 * first part (from its spaces and the part's width); where they stay under `justifiedSpace`, or
 * where the line would be the third hyphenated one in a row (in ragged text too), the word
 * loses its soft hyphens and goes over whole; where the third line of a run ends at a hard
 * hyphen, the run's last soft one goes instead; where the run has none left, that line's last
 * word (the compound, between spaces in its text node) is kept from breaking (a `white-space:
 * nowrap` span, the same characters), unless it is wider than half the measure or in a table
 * (left). In ragged text (outside tables) a hyphen goes
 * where its line would end less than `raggedZone` of the measure short without the word's first
 * part; with `raggedKeepsLines`, not where that makes its paragraph a line longer (the drop is
 * undone and that hyphen kept). A line ending at a hard hyphen between letters (not in a code
 * block) is held to the same zone, as TeX holds an explicit hyphen's break: its compound is kept
 * whole with the same span, unless wider than half the measure, and with `raggedKeepsLines` the
 * span goes again where its paragraph grew a line. In an address or a long code token the break
 * moves from the hyphen to where a typesetter breaks one (before a slash, dot, #, ?, &, =, _, ~
 * or %: a `<wbr>` there, the part up to the next such place kept whole), so no line ends at a
 * hyphen a reader would take for the address's own. A drop or a wrap re-breaks the rest of its
 * paragraph, so each round changes at most one hyphen a paragraph and lays out again; the lines
 * before a drop keep their decisions. Returns the hyphens dropped, the compounds kept whole (for
 * a run, `keptWhole`; for the zone, `zoneWhole`), those left to end a third hyphenated line,
 * and the zone's changes that made a paragraph a line longer (`grown`).
 */
export async function limitHyphens(page: Page, limits: HyphenLimits = hyphenLimits): Promise<HyphensLimited> {
  return page.evaluate((limits: HyphenLimits, linesSet: string) => {
    const soft = '\u00ad';
    const range = document.createRange();
    const rectOf = (node: Text, offset: number): DOMRect | undefined => {
      range.setStart(node, offset);
      range.setEnd(node, offset + 1);
      return range.getClientRects()[0];
    };
    const blockOf = (node: Node): Element => {
      for (let at = node.parentElement; at; at = at.parentElement) {
        const display = getComputedStyle(at).display;
        if (!/^(inline|contents)/.test(display)) return at;
      }
      return document.body;
    };
    const textsOf = (block: Element): Text[] => {
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      const texts: Text[] = [];
      while (walker.nextNode()) texts.push(walker.currentNode as Text);
      return texts;
    };
    const isSpace = (character: string) => /[ \t\n\r\f]/.test(character);
    // A break at a soft hyphen: the letter before it and the second letter after it on different lines.
    const endsLine = (node: Text, at: number) => {
      if (at === 0 || at >= node.data.length - 1) return undefined;
      const before = rectOf(node, at - 1);
      const after = rectOf(node, Math.min(at + 2, node.data.length - 1));
      return before && after && after.top >= before.bottom - before.height / 2 ? before : undefined;
    };

    // A break after a hard hyphen between letters: the hyphen and the letter after it on different lines.
    const endsAfter = (node: Text, at: number) => {
      if (at === 0 || at >= node.data.length - 1 || !/\p{L}/u.test(node.data[at - 1]) || !/\p{L}/u.test(node.data[at + 1])) return undefined;
      const hyphen = rectOf(node, at);
      const after = rectOf(node, at + 1);
      return hyphen && after && after.top >= hyphen.bottom - hyphen.height / 2 ? hyphen : undefined;
    };

    interface Break {
      texts: Text[];
      index: number;
      at: number;
      top: number;
      /** The line's word spaces without its last word's first part, in em. */
      without: number;
    }
    /** The spaces of the line that ends at a soft hyphen, walking back from it; the word's start. */
    const measure = (texts: Text[], index: number, at: number, line: DOMRect, block: Element): Break => {
      let spaces = 0;
      let spaceWidth = 0;
      let wordStart: { node: Text; offset: number } | undefined;
      walk: for (let i = index; i >= 0; i--) {
        const node = texts[i];
        for (let c = i === index ? at - 1 : node.data.length - 1; c >= 0; c--) {
          if (!isSpace(node.data[c])) continue;
          const rect = rectOf(node, c);
          if (!rect || rect.width < 0.5) continue;
          if (rect.bottom <= line.top + line.height / 2) break walk;
          if (!wordStart) {
            wordStart = { node, offset: c + 1 };
            spaceWidth = rect.width;
          }
          spaces += 1;
        }
      }
      const em = parseFloat(getComputedStyle(block).fontSize) || 16;
      if (!wordStart) return { texts, index, at, top: line.top, without: Infinity };
      range.setStart(wordStart.node, wordStart.offset);
      range.setEnd(texts[index], at + 1);
      const part = range.getBoundingClientRect().width;
      return { texts, index, at, top: line.top, without: spaces > 1 ? (spaces * spaceWidth + part) / (spaces - 1) / em : Infinity };
    };

    /** The left and right edges of a block's measure. */
    const contentOf = (block: Element) => {
      const box = block.getBoundingClientRect();
      const style = getComputedStyle(block);
      return { left: box.left + parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth), right: box.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth) };
    };

    /** How short of the measure (a share of it) a ragged line would end without its last word's first part: from the space before that word. */
    const shortWithout = (texts: Text[], index: number, at: number, line: DOMRect, block: Element): number => {
      for (let i = index; i >= 0; i--) {
        const node = texts[i];
        for (let c = i === index ? at - 1 : node.data.length - 1; c >= 0; c--) {
          if (!isSpace(node.data[c])) continue;
          const rect = rectOf(node, c);
          if (!rect || rect.width < 0.5) continue;
          // The word began the line: without it the line would be empty.
          if (rect.bottom <= line.top + line.height / 2) return 1;
          const { left, right } = contentOf(block);
          return right > left ? (right - rect.left) / (right - left) : 1;
        }
      }
      return 1;
    };

    /** Takes the soft hyphens out of the word (between spaces) that holds the one at `at`; returns the texts it changed as they were. */
    const keepWhole = (texts: Text[], index: number, at: number): Map<Text, string> => {
      const before = new Map<Text, string>();
      const edit = (node: Text, data: string) => {
        if (!before.has(node)) before.set(node, node.data);
        node.data = data;
      };
      for (let i = index; i >= 0; i--) {
        const node = texts[i];
        const end = i === index ? at : node.data.length;
        const space = node.data.slice(0, end).search(/[ \t\n\r\f][^ \t\n\r\f]*$/);
        edit(node, node.data.slice(0, space + 1) + node.data.slice(space + 1, end).replaceAll(soft, '') + node.data.slice(end));
        if (space !== -1) break;
      }
      for (let i = index; i < texts.length; i++) {
        const node = texts[i];
        const start = i === index ? at : 0;
        const rest = node.data.slice(start);
        const space = rest.search(/[ \t\n\r\f]/);
        const stop = space === -1 ? node.data.length : start + space;
        edit(node, node.data.slice(0, start) + node.data.slice(start, stop).replaceAll(soft, '') + node.data.slice(stop));
        if (space !== -1) break;
      }
      return before;
    };

    /** The word (between spaces, within its text node) that holds the hard hyphen at `at`. */
    const wordAt = (node: Text, at: number) => {
      const start = node.data.slice(0, at).search(/[^ \t\n\r\f]*$/);
      const space = node.data.slice(at).search(/[ \t\n\r\f]/);
      return { start, end: space === -1 ? node.data.length : at + space };
    };

    /** The word holding the hard hyphen at `at`, where it may go over whole: no wider than half the measure (wider, it would leave a line too short or overflow). */
    const wholeWord = (node: Text, at: number, block: Element) => {
      const { start, end } = wordAt(node, at);
      range.setStart(node, start);
      range.setEnd(node, end);
      const width = Array.from(range.getClientRects()).reduce((sum, rect) => sum + rect.width, 0);
      const { left, right } = contentOf(block);
      return width <= (right - left) / 2 ? { start, end } : undefined;
    };

    /**
     * In an address or a long code token (16 or more characters between spaces, in a link or
     * code), the part holding the hard hyphen at `at` between two places a typesetter breaks one
     * (before a slash, dot, #, ?, &, =, _, ~ or %, or after "//", at least 3 characters from
     * either end: `breakLines` cuts at the same places); where there is no such place before the
     * hyphen, from the token's start (it goes over whole up to its next place). None where the
     * part is wider than the measure, or, from the token's start, than half of it (as a compound).
     */
    const addressCut = (texts: Text[], index: number, at: number, block: Element) => {
      const node = texts[index];
      if (!node.parentElement?.closest('a, code')) return undefined;
      const { start, end } = wordAt(node, at);
      // The token may run on into the texts before and after it (split by markup or an earlier wrap).
      let lead = '';
      for (let i = index - 1; start === 0 && i >= 0; i--) {
        const part = /[^ \t\n\r\f]*$/.exec(texts[i].data)![0];
        lead = part + lead;
        if (part.length < texts[i].data.length) break;
      }
      let trail = '';
      for (let i = index + 1; end === node.data.length && i < texts.length; i++) {
        const part = /^[^ \t\n\r\f]*/.exec(texts[i].data)![0];
        trail += part;
        if (part.length < texts[i].data.length) break;
      }
      const token = lead + node.data.slice(start, end) + trail;
      if (token.length < 16) return undefined;
      const cuts: number[] = [];
      for (let offset = start; offset < end; offset++) {
        const i = lead.length + offset - start;
        if (i < 3 || i > token.length - 3) continue;
        const before = /[/.#?&=_~%]/.test(token[i]) && !/[/:.]/.test(token[i - 1]);
        const afterSlashes = token[i - 1] === '/' && token[i - 2] === '/' && token[i] !== '/';
        if (before || afterSlashes) cuts.push(offset);
      }
      const cutBefore = cuts.filter((cut) => cut < at).pop();
      const from = cutBefore ?? start;
      const to = cuts.find((cut) => cut > at) ?? end;
      range.setStart(node, from);
      range.setEnd(node, to);
      const width = Array.from(range.getClientRects()).reduce((sum, rect) => sum + rect.width, 0);
      const { left, right } = contentOf(block);
      const cut = cutBefore !== undefined;
      return width <= (right - left) / (cut ? 1 : 2) ? { start: from, end: to, cut } : undefined;
    };

    /** Wraps a word in a span that keeps it from breaking at its hyphens: the text stays the same characters. */
    const wrapWhole = (node: Text, start: number, end: number): { span: HTMLSpanElement; word: Text } => {
      const tail = end < node.data.length ? node.splitText(end) : undefined;
      const word = start > 0 ? node.splitText(start) : node;
      const span = document.createElement('span');
      span.style.whiteSpace = 'nowrap';
      word.before(span);
      span.append(word);
      // Zone drops undone in this node are remembered by offset: carried to the node they are in now.
      const offsets = kept.get(node);
      if (!offsets) return { span, word };
      for (const [part, from, to] of [[word, start, end], [tail, end, Infinity]] as const) {
        if (!part || part === node) continue;
        const moved = [...offsets].filter((offset) => offset >= from && offset < to);
        if (moved.length > 0) kept.set(part, new Set(moved.map((offset) => offset - from)));
        for (const offset of moved) offsets.delete(offset);
      }
      return { span, word };
    };

    let blocks = new Set<Element>();
    {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      // And blocks where enough hard hyphens between letters could end three lines in a row (not code blocks).
      const hardHyphens = new Map<Element, number>();
      while (walker.nextNode()) {
        const node = walker.currentNode as Text;
        if (node.data.includes(soft)) blocks.add(blockOf(node));
        else if (/\p{L}[\u2010-]\p{L}/u.test(node.data) && !node.parentElement?.closest('pre, table')) {
          const block = blockOf(node);
          const count = (hardHyphens.get(block) ?? 0) + (node.data.match(/\p{L}[\u2010-](?=\p{L})/gu)?.length ?? 0);
          hardHyphens.set(block, count);
          if (count > limits.inRow) blocks.add(block);
          // One is enough for the zone, in ragged text.
          else if (limits.raggedZone > 0 && getComputedStyle(block).textAlign !== 'justify') blocks.add(block);
        }
      }
      // Paragraphs whose lines `breakLines` chose keep its choice.
      for (const block of blocks) if (block.hasAttribute(linesSet)) blocks.delete(block);
    }
    // A table's columns are as wide as their longest unbreakable pieces: a word kept whole that
    // is wider than its cell widens the table, which was fitted to its page (fit-tables.ts)
    // with these hyphens. Each table's width and its cells' texts, to give back where it grew.
    const tables = new Map<HTMLTableElement, { width: number; texts: Map<Text, string> }>();
    for (const block of blocks) {
      const table = block.closest('table');
      if (!table) continue;
      const entry = tables.get(table) ?? { width: table.getBoundingClientRect().width, texts: new Map() };
      for (const text of textsOf(block)) entry.texts.set(text, text.data);
      tables.set(table, entry);
    }
    let dropped = 0;
    let rounds = 0;
    let keptWhole = 0;
    // Hard hyphens that end a third line in a row and whose word is too wide to keep whole (or in a table).
    const left = new WeakMap<Text, Set<number>>();
    let leftCount = 0;
    const drops = new Map<HTMLTableElement, number>();
    // Soft hyphens a drop was undone for, hard ones a zone wrap was undone for (its paragraph grew a line): not tried again for the zone.
    const kept = new WeakMap<Text, Set<number>>();
    let zoneWhole = 0;
    // Zone drops and wraps that made their paragraph a line longer (given back, with `raggedKeepsLines`).
    let grown = 0;
    // And how much taller they made the text, in CSS px (where they were kept).
    let grownBy = 0;
    while (blocks.size > 0 && rounds < limits.rounds) {
      rounds += 1;
      // Measure every paragraph first, then edit: an edit would force a layout per measurement.
      const dropsNow: Array<{ texts: Text[]; index: number; at: number; block: Element; height?: number }> = [];
      const wrapsNow: Array<{ node: Text; start: number; end: number; at: number; block: Element; height?: number; zone?: boolean; cut?: boolean }> = [];
      for (const block of blocks) {
        const justified = getComputedStyle(block).textAlign === 'justify';
        const texts = textsOf(block);
        let run = 0;
        let lastTop = -Infinity;
        let lastLine: DOMRect | undefined;
        // The run's last soft hyphen: the one to drop when a hard hyphen would end its third line.
        let lastSoft: { index: number; at: number } | undefined;
        let drop: (typeof dropsNow)[number] | undefined;
        scan: for (const [index, node] of texts.entries()) {
          // Hard hyphens ("side-by-/side") count in a run too, though only soft ones can be dropped.
          for (const match of node.data.matchAll(/[\u00ad\u2010-]/g)) {
            const at = match.index;
            const hard = match[0] !== soft;
            const line = hard ? endsAfter(node, at) : endsLine(node, at);
            if (!line) continue;
            // The line before this one ended hyphenated too (within a line's height).
            run = lastLine && line.top - lastTop < line.height * 1.8 && line.top > lastTop ? run + 1 : 1;
            if (run === 1) lastSoft = undefined;
            lastTop = line.top;
            lastLine = line;
            if (hard) {
              if (run > limits.inRow && lastSoft) {
                drop = { texts, block, ...lastSoft };
                break scan;
              }
              // No soft hyphen to drop: the word goes over whole, unless it would crowd or overflow a line.
              if (run > limits.inRow && !left.get(node)?.has(at)) {
                const word = wholeWord(node, at, block);
                if (word && !block.closest('table')) {
                  wrapsNow.push({ node, ...word, at, block });
                  break scan;
                }
                left.set(node, (left.get(node) ?? new Set()).add(at));
                leftCount += 1;
                continue;
              }
              if (justified || limits.raggedZone <= 0 || block.closest('table') || node.parentElement?.closest('pre') || kept.get(node)?.has(at)) continue;
              // An address or a long code token breaks where a typesetter breaks one instead
              // (kept even where its paragraph grows a line: a hyphen there reads as the address's).
              const cut = addressCut(texts, index, at, block);
              if (cut) {
                wrapsNow.push({ node, ...cut, at, block, zone: true });
                break scan;
              }
              // The zone, as for a soft hyphen (TeX treats an explicit hyphen's break as a
              // discretionary one): where the line would end less than the zone short without the
              // compound's part before it, the compound goes over whole (not wider than half the
              // measure, which would leave a line too short or overflow).
              if (shortWithout(texts, index, at, line, block) <= limits.raggedZone) {
                const word = wholeWord(node, at, block);
                if (word) {
                  wrapsNow.push({ node, ...word, at, block, zone: true, height: block.getBoundingClientRect().height });
                  break scan;
                }
              }
              continue;
            }
            lastSoft = { index, at };
            if (run > limits.inRow) {
              drop = { texts, index, at, block };
              break scan;
            }
            if (justified) {
              if (measure(texts, index, at, line, block).without <= limits.justifiedSpace) {
                drop = { texts, index, at, block };
                break scan;
              }
            } else if (limits.raggedZone > 0 && !block.closest('table') && !kept.get(node)?.has(at) && shortWithout(texts, index, at, line, block) <= limits.raggedZone) {
              drop = { texts, index, at, block, height: block.getBoundingClientRect().height };
              break scan;
            }
          }
        }
        if (drop) dropsNow.push(drop);
      }
      const undo = new Map<(typeof dropsNow)[number], Map<Text, string>>();
      for (const drop of dropsNow) {
        const before = keepWhole(drop.texts, drop.index, drop.at);
        if (drop.height !== undefined) undo.set(drop, before);
        const table = drop.block.closest('table');
        if (table) drops.set(table, (drops.get(table) ?? 0) + 1);
      }
      const wrapped = wrapsNow.map((wrap) => {
        const done = wrapWhole(wrap.node, wrap.start, wrap.end);
        if (wrap.cut) done.span.before(document.createElement('wbr'));
        return { wrap, ...done };
      });
      // A zone drop or wrap that made its paragraph a line longer is undone (all measured before any is), or counted.
      const growth = (change: { block: Element; height?: number }) => (change.height === undefined ? 0 : change.block.getBoundingClientRect().height - change.height);
      const grewNow = [...undo.keys()].filter((drop) => growth(drop) > 0.5);
      const wrapsGrewNow = wrapped.filter(({ wrap }) => growth(wrap) > 0.5);
      grown += grewNow.length + wrapsGrewNow.length;
      if (!limits.raggedKeepsLines) grownBy += [...grewNow, ...wrapsGrewNow.map(({ wrap }) => wrap)].reduce((sum, change) => sum + growth(change), 0);
      const grew = limits.raggedKeepsLines ? grewNow : [];
      const wrapsGrew = limits.raggedKeepsLines ? wrapsGrewNow : [];
      for (const drop of grew) {
        for (const [text, data] of undo.get(drop)!) text.data = data;
        const node = drop.texts[drop.index];
        kept.set(node, (kept.get(node) ?? new Set()).add(drop.at));
      }
      // The span goes, its text stays split (the same characters): the hyphen is remembered in the word's node.
      for (const { wrap, span, word } of wrapsGrew) {
        span.replaceWith(word);
        kept.set(word, (kept.get(word) ?? new Set()).add(wrap.at - wrap.start));
      }
      dropped += dropsNow.length - grew.length;
      const zoneWraps = wrapsNow.filter((wrap) => wrap.zone).length - wrapsGrew.length;
      zoneWhole += zoneWraps;
      keptWhole += wrapsNow.length - wrapsGrew.length - zoneWraps;
      blocks = new Set([...dropsNow, ...wrapsNow].map((change) => change.block));
    }
    // Measured again until none grew (each round gives back at least one table, so it ends).
    for (;;) {
      const widened = [...tables].filter(([table, { width }]) => table.getBoundingClientRect().width > width + 0.5);
      if (widened.length === 0) break;
      for (const [table, { texts }] of widened) {
        for (const [text, data] of texts) text.data = data;
        dropped -= drops.get(table) ?? 0;
        tables.delete(table);
      }
    }
    return { dropped, rounds, keptWhole, zoneWhole, left: leftCount, grown, grownBy };
  }, limits, linesSetAttribute);
}

/** Where `limitHyphensWithinPages` keeps the body as it was, on the page's window. */
const keptBodyKey = '__octavoBodyBeforeHyphens';

/**
 * The handout's hyphens (Chromium's own print): the zone's hyphens all go, even where a paragraph
 * grows a line, as long as that takes no more pages. Measured once, on the text without them, as
 * Chromium breaks its pages (`countPages`): its last page, less the height the grown paragraphs
 * added, must be more than nearly empty (`nearlyEmptyPage`, the margin for how breaks move), so
 * that the text with every hyphen ended on that page too, and not on one a tighter print may
 * save. Else the body as it was comes back and is limited with `raggedKeepsLines`, which gives
 * such hyphens back. Pages are counted only where a paragraph grew. Run with the root at the
 * page area's width (`setPageAreaWidth`).
 */
export async function limitHyphensWithinPages(page: Page, area: Pick<PageArea, 'width' | 'height'>, limits: HyphenLimits = hyphenLimits): Promise<HyphensLimited & { gaveBack: boolean }> {
  await page.evaluate((key: string) => {
    // Copied into a document of its own, which loads nothing: a copy here would load its images again (and ask again for those refused).
    (window as unknown as Record<string, unknown>)[key] = document.implementation.createHTMLDocument('').importNode(document.body, true);
  }, keptBodyKey);
  try {
    const loose = await limitHyphens(page, { ...limits, raggedKeepsLines: false });
    if (loose.grown === 0 || !(area.width > 0) || !(area.height > 0)) return { ...loose, gaveBack: false };
    const { lastFill } = await countPages(page, area);
    if (lastFill * area.height - loose.grownBy >= nearlyEmptyPage * area.height) return { ...loose, gaveBack: false };
    await page.evaluate((key: string) => {
      document.body.replaceWith(document.adoptNode((window as unknown as Record<string, HTMLElement>)[key]));
      // A body put in the document loads its images again: laid out once they have.
      return Promise.all(Array.from(document.images).map((image) => image.decode().catch(() => undefined))).then(() => undefined);
    }, keptBodyKey);
    return { ...(await limitHyphens(page, { ...limits, raggedKeepsLines: true })), gaveBack: true };
  } finally {
    await page.evaluate((key: string) => {
      delete (window as unknown as Record<string, unknown>)[key];
    }, keptBodyKey);
  }
}
