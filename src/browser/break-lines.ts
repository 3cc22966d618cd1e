import { readFile } from 'node:fs/promises';
import type { Page } from 'puppeteer-core';
import { vendorFile } from '../paths.ts';

/** How justified paragraphs are broken into lines (Knuth and Plass's method, `tex-linebreak`). */
export interface LineBreaking {
  /** A word space may stretch to this (em) before its line counts as loose: the pagination report's bar. */
  loose: number;
  /** A word space may shrink to this share of its natural width. */
  tightest: number;
  /** The cost of breaking a line at a hyphen (TeX's \hyphenpenalty; the library's scale tops at 1,000). */
  hyphen: number;
  /** Demerits for two hyphenated lines in a row (TeX's \doublehyphendemerits). */
  doubleHyphen: number;
  /** Hyphenated line ends allowed in a row; the next one is forbidden. */
  inRow: number;
  /** Demerits for a loose line next to a tight one (TeX's \adjdemerits). */
  adjacentLooseTight: number;
  /** Each line is set this much (px) short of the measure; `text-align: justify` fills the rest. */
  slack: number;
  /** The cost of breaking an address or a long code token at a place `addressBreaks` added (no hyphen is drawn). */
  addressBreak: number;
  /** Letter spacing (em) a line's letters may take, in proportion with its word spaces' stretch, before the spaces take the rest: 0 for none. */
  tracking: number;
  /** Letter spacing (em) a line may take where its plan stretches it past `loose` (no breaks keep every line of its paragraph within it), before its spaces pass the bar. */
  overflowTracking: number;
  /** What each line costs (a penalty on every break, below the library's 1,000 that forbids) where a text is tightened: a line fewer outweighs evener spacing. */
  linePenalty: number;
  /** A paragraph is first broken with no soft hyphen, every line within this adjustment ratio (1: its spaces drawn `loose` em wide); only where no such plan exists may it hyphenate. 0: hyphens weighed by `hyphen` alone (within the bar a hyphen costs 25 times a line at it, so the plan hyphenates only where it must anyway, but with `tracking` only). */
  unhyphenatedRatio: number;
  /** Letter spacing (em) the lines of that first, unhyphenated plan may take in proportion with their spaces' stretch (set as `overflowTracking` sets it: at most that): a little more tracking instead of a hyphen. */
  unhyphenatedTracking: number;
}

export const lineBreaking: LineBreaking = { loose: 0.5, tightest: 0.7, hyphen: 500, doubleHyphen: 30000, inRow: 2, adjacentLooseTight: 10000, slack: 0.5, tracking: 0.025, overflowTracking: 0.05, addressBreak: 200, linePenalty: 400, unhyphenatedRatio: 1, unhyphenatedTracking: 0.05 };

/**
 * Marks a text (a chapter, or the whole text) whose paragraphs are to save this many lines, set
 * a line shorter where their spaces allow (the print of a chapter whose last page held 1–2 lines:
 * `src/writers/pdf/short-endings.ts`).
 */
export const tightenAttribute = 'data-octavo-tighten';

/** Marks a paragraph whose lines are set here: `limitHyphens` and `raggedCodeLines` leave it alone. */
export const linesSetAttribute = 'data-lines-set';

/** Marks, while lines are planned, the call standing in for a page note (its value the note's number). */
const noteCallAttribute = 'data-octavo-note-call';

let script: Promise<string> | undefined;
const libraryScript = () => (script ??= readFile(vendorFile('tex-linebreak', 'lib.js'), 'utf8'));

/**
 * The stylesheet's `::footnote-call` rules (Paged.js's, which Chromium's own CSS parser drops),
 * each made a rule for the call standing in for a note while lines are planned (`callAttribute`
 * holds its number). Each rule is found from its `::footnote-call … {`, its selector read back to
 * the brace before it: a stylesheet with its fonts inline is hundreds of kilobytes of base64
 * with no brace, which a pattern beginning with the selector (`[^{}]*`) would scan again from
 * every one of its characters. Runs in the page too (`breakLines`): it uses nothing from outside.
 */
export function footnoteCallRules(css: string, callAttribute: string): string[] {
  const rules: string[] = [];
  for (const match of css.matchAll(/::footnote-call\s*\{([^}]*)\}/g)) {
    const start = Math.max(css.lastIndexOf('{', match.index), css.lastIndexOf('}', match.index)) + 1;
    const selector = css.slice(start, match.index).trim();
    rules.push(`${selector}[${callAttribute}]::after { ${match[1].replace(/counter\(\s*footnote\s*\)/g, `attr(${callAttribute})`)} }`);
  }
  return rules;
}

export interface BrokenLines {
  /** Paragraphs set with their lines chosen here. */
  set: number;
  /** Paragraphs measured and broken whose layout did not come out as planned, put back as they were. */
  undone: number;
  /** Lines set. */
  lines: number;
  /** Of those, lines ending at a hyphen (soft or hard). */
  hyphens: number;
  /** Lines saved in texts marked to tighten (`tightenAttribute`). */
  tightened: number;
}

/**
 * Breaks justified paragraphs into lines over the whole paragraph, as TeX does, instead of
 * Chromium's line by line (which hyphenates whenever a word's first syllables fit and leaves
 * a loose line before any word too long to fit). Run on the laid-out text (the root at the page
 * area's width, before Paged.js or Chromium's own print):
 *
 * 1. Measure: every justified `p` of plain inline content is laid out on one line (no
 *    wrapping), where the positions of its spaces, soft hyphens (Octavo's, `hyphenate.ts`) and
 *    hard hyphens between letters give the width of each piece between them. A page note in it
 *    (`.footnote`) stands as the call Paged.js will put in its place (the template's
 *    `::footnote-call` style, its number counted in order) until the lines are checked.
 * 2. Break: `tex-linebreak` finds the breaks with the least demerits, a word space stretching
 *    to `loose` em at ratio 1 and shrinking to `tightest`. First with no soft hyphen, each line's
 *    letters taking up to `unhyphenatedTracking`; only a paragraph with no such plan within
 *    `unhyphenatedRatio` is broken again with them: hyphenated lines cost `hyphen`, two in a row
 *    `doubleHyphen`, and a third in a row is forbidden.
 * 3. Set: each line's text is wrapped in a span whose `word-spacing` makes the line `slack` px
 *    short of the measure. Chromium's greedy breaking then breaks exactly there (the line fits,
 *    one more piece does not), whoever lays the paragraph out again (Paged.js, splitting it
 *    across pages), and `text-align: justify` closes the last fraction of a pixel. No text
 *    changes: the spans hold the same characters.
 * 4. Check: each planned line's first and last letters are on one line, and the next line's
 *    first below them; a paragraph where not (a break Chromium does not allow, say) gets its
 *    nodes back as they were and is left to greedy breaking and `limitHyphens`.
 */
export async function breakLines(page: Page, options: LineBreaking = lineBreaking): Promise<BrokenLines> {
  // Text set ragged (the handout) has nothing to break: the library is not loaded into the page for it.
  const justified = await page.evaluate(() => Array.from(document.querySelectorAll('p')).some((block) => getComputedStyle(block).textAlign === 'justify'));
  if (!justified) return { set: 0, undone: 0, lines: 0, hyphens: 0, tightened: 0 };
  // The library's UMD wrapper would take an element with the id `module`, `exports` or `define`
  // (a README's heading: the DOM names them on window) for a module system: they are shadowed.
  const library = await libraryScript();
  await page.evaluate(`(function (module, exports, define) {\n${library}\n}).call(window);\nwindow.octavoFootnoteCallRules = ${footnoteCallRules.toString()};`);
  return page.evaluate((options: LineBreaking, marker: string, tightenAttribute: string, callAttribute: string) => {
    type Item = { type: 'box'; width: number } | { type: 'glue'; width: number; stretch: number; shrink: number } | { type: 'penalty'; width: number; cost: number; flagged: boolean };
    const lib = (window as unknown as { texLineBreak_lib: { breakLines: (items: Item[], widths: number[], options: object) => number[]; adjustmentRatios: (items: Item[], widths: number[], breakpoints: number[]) => number[]; MAX_COST: number; MIN_COST: number } }).texLineBreak_lib;
    const soft = '\u00ad';
    // How far (em) within the bar a line set with `overflowTracking` aims: the print's spaces come out a few hundredths of an em off the plan's.
    const overflowMargin = 0.03;
    const range = document.createRange();
    const rectOf = (node: Text, offset: number): DOMRect | undefined => {
      range.setStart(node, offset);
      range.setEnd(node, offset + 1);
      const rects = range.getClientRects();
      return rects[rects.length - 1];
    };
    const isInline = (element: Element) => /^(inline|contents|none)$/.test(getComputedStyle(element).display) || element instanceof HTMLImageElement || element instanceof SVGSVGElement;

    // A break before these is not allowed even after a space (UAX 14, LB13), nor after an opening one.
    const noBreakBefore = /[)\]}!?;:,./\u00a0\u2060\u202f\u2019\u201d»›%‰]/;
    const noBreakAfter = /[([{\u00a0\u2060\u202f\u2018\u201c«‹]/;

    // Page notes (`.footnote`, the book's): Paged.js takes each note's body out of its line and
    // puts its call there, an `<a>` with the note's classes whose `::after` the template's
    // `::footnote-call` rule styles, numbered on through the book. A paragraph with notes is
    // planned with each note as that call, numbered in order, and the notes are put back after.
    const callRulesOf = (window as unknown as { octavoFootnoteCallRules: typeof footnoteCallRules }).octavoFootnoteCallRules;
    const callRules = Array.from(document.querySelectorAll('style')).flatMap((sheet) => callRulesOf(sheet.textContent ?? '', callAttribute));
    const numbers = new Map(Array.from(document.querySelectorAll('.footnote')).filter((note) => !note.parentElement?.closest('.footnote')).map((note, index) => [note, String(index + 1)]));
    // Paged.js's own sheet (pagedjs/src/polisher/base.js) goes before the template's: it unsets
    // all of a call's own style (the note's `font-size`, say) and gives its number a default.
    const callStyle = document.createElement('style');
    callStyle.textContent = [
      `[${callAttribute}][${callAttribute}] { all: unset; }`,
      `[${callAttribute}]::after { vertical-align: super; font-size: 65%; line-height: normal; content: attr(${callAttribute}); }`,
      `@supports (font-variant-position: super) { [${callAttribute}]::after { vertical-align: baseline; font-size: 100%; line-height: inherit; font-variant-position: super; } }`,
      ...callRules,
    ].join('\n');
    const noteInside = callRules.length === 0 ? '.footnote, ' : '';

    /** A justified paragraph of inline content only, laid out left to right, and not a footnote's or a table's. */
    const candidates = Array.from(document.querySelectorAll('p')).filter((block) => {
      const style = getComputedStyle(block);
      if (style.textAlign !== 'justify' || style.direction !== 'ltr' || style.display !== 'block' || !block.textContent?.trim()) return false;
      if (block.closest('td, th, .footnote, [data-fit], figure') || block.querySelector(`br, ${noteInside}[data-footnote-call]`)) return false;
      for (const element of Array.from(block.querySelectorAll('*'))) {
        if (element.closest('svg') && !(element instanceof SVGSVGElement)) continue;
        // A note's body is not in the line (its call is, checked below as the note itself).
        if (element.parentElement?.closest('.footnote')) continue;
        if (!isInline(element)) return false;
        const own = getComputedStyle(element);
        if (own.float !== 'none' || own.position === 'absolute' || own.position === 'fixed') return false;
      }
      return true;
    });
    if (candidates.length === 0) return { set: 0, undone: 0, lines: 0, hyphens: 0, tightened: 0 };
    // Each candidate's notes replaced by their calls, as Paged.js will make them.
    const calledNotes = new Map<string, Element>();
    document.head.prepend(callStyle);
    for (const block of candidates) {
      for (const note of Array.from(block.querySelectorAll('.footnote'))) {
        if (note.parentElement?.closest('.footnote')) continue;
        const call = document.createElement('a');
        call.className = note.className;
        const number = numbers.get(note)!;
        call.setAttribute(callAttribute, number);
        calledNotes.set(number, note);
        note.replaceWith(call);
      }
    }
    /** Every note back in place of its call (in a paragraph set, or one put back as it was). */
    const restoreNotes = () => {
      for (const call of Array.from(document.querySelectorAll(`[${callAttribute}]`))) call.replaceWith(calledNotes.get(call.getAttribute(callAttribute)!)!);
      callStyle.remove();
    };

    // Whatever happens below, no note is left out of the text.
    try {
      interface Break {
        node: Text;
        /** The offset just after the break's character: where the next line starts. */
        after: number;
        kind: 'space' | 'soft' | 'hard' | 'nbsp' | 'wbr';
      }
      interface Paragraph {
        block: HTMLElement;
        width: number;
        indent: number;
        em: number;
        items: Item[];
        /** For each glue or penalty item (by index), where it sits in the text. */
        breaks: Map<number, Break>;
        /** The paragraph's first text, where its first line starts. */
        first: Text;
        /** For each box item (by index), its letters that take letter spacing (code's do not). */
        letters: Map<number, number>;
        /** For each glue item (by index), its stretch as a word space alone. */
        spaceStretch: Map<number, number>;
      }

      // An address or a long code token breaks only at its hyphens in Chromium, so a line before it
      // could only stretch. It may break where a typesetter breaks one (after "//", before a slash,
      // dot, #, ?, &, =, _, ~ or %, at least 3 characters from either end): a <wbr> is put there
      // when a planned line ends there (one elsewhere would part the letters' kerning).
      const addressLike = /^[^\s]{16,}$/;
      const cutsOf = (node: Text): Set<number> => {
        const cuts = new Set<number>();
        if (options.addressBreak >= lib.MAX_COST) return cuts;
        for (const token of node.data.matchAll(/[^\s]+/g)) {
          const text = token[0];
          if (!addressLike.test(text)) continue;
          for (let i = 3; i <= text.length - 3; i++) {
            const before = /[/.#?&=_~%]/.test(text[i]) && !/[/:.]/.test(text[i - 1]);
            const afterSlashes = text[i - 1] === '/' && text[i - 2] === '/' && text[i] !== '/';
            if (before || afterSlashes) cuts.add(token.index! + i);
          }
        }
        return cuts;
      };

      const widthOf = (block: HTMLElement) => {
        const style = getComputedStyle(block);
        return block.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      };
      const widths = candidates.map(widthOf);

      /**
       * A word space's stretch at ratio 1 with letters tracked up to `tracking` em: the space drawn
       * `loose` em wide, the letter spacing of the letter before it and of itself included.
       */
      const spaceStretchOf = (natural: number, em: number, tracking: number) => Math.max(natural * 0.5, options.loose * em - natural - 2 * tracking * em);
      /** The letter spacing a space's stretch takes besides: that of the word after it (the first box past it) and of itself. */
      const wordTracking = (items: Item[], index: number, letters: Map<number, number>, trackingPx: number) => {
        let next = index + 1;
        while (next < items.length && items[next].type !== 'box') next++;
        return trackingPx * ((letters.get(next) ?? 0) + 1);
      };
      /** The first line of a plan that ends hyphenated more than `inRow` times in a row, by its index in `breakpoints`; -1 if none. */
      const overHyphenated = (items: Item[], breakpoints: number[]) => {
        let run = 0;
        return breakpoints.findIndex((at) => {
          const item = items[at];
          run = item.type === 'penalty' && item.flagged ? run + 1 : 0;
          return run > options.inRow;
        });
      };

      // 1. Measure, every paragraph on one line at once (one layout for all).
      const measuring = document.createElement('style');
      // Letter spacing turns a font's ligatures off in Chromium: measured with a trace of it, a line
      // set with tracking is as wide as planned, and one set without (ligatures on) no wider.
      // A paragraph with letter spacing of its own (a chapter set tighter) is measured with it, and its lines' tracking adds to it.
      measuring.textContent = `.octavo-measure-lines, .octavo-measure-lines * { white-space: nowrap !important; text-wrap: nowrap !important; } .octavo-measure-lines.octavo-measure-trace { letter-spacing: 0.001px; }`;
      const baseSpacing = new Map<HTMLElement, number>(candidates.map((block) => [block, parseFloat(getComputedStyle(block).letterSpacing) || 0]));
      document.head.append(measuring);
      // Which texts may wrap at all (`.math-inline` may not), read before everything is made not to.
      const textsOf = new Map<HTMLElement, Array<{ node: Text; wraps: boolean }>>();
      for (const block of candidates) {
        const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
        const texts: Array<{ node: Text; wraps: boolean }> = [];
        while (walker.nextNode()) {
          const node = walker.currentNode as Text;
          // Text inside an SVG is part of a box.
          if (node.parentElement?.closest('svg')) continue;
          const style = getComputedStyle(node.parentElement!);
          texts.push({ node, wraps: !/^(nowrap|pre)$/.test(style.whiteSpace) });
        }
        textsOf.set(block, texts);
      }
      const hadClass = new Set(candidates.filter((block) => block.hasAttribute('class')));
      for (const block of candidates) block.classList.add('octavo-measure-lines', ...(options.tracking > 0 && baseSpacing.get(block) === 0 ? ['octavo-measure-trace'] : []));
      const canvas = document.createElement('canvas').getContext('2d')!;
      const paragraphs: Paragraph[] = [];
      candidates.forEach((block, index) => {
        const width = widths[index];
        // A box sized by its content would change width without wrapping.
        if (!(width > 0) || Math.abs(widthOf(block) - width) > 0.01) return;
        const style = getComputedStyle(block);
        const em = parseFloat(style.fontSize) || 16;
        const indent = parseFloat(style.textIndent) || 0;
        const box = block.getBoundingClientRect();
        const start = box.left + block.clientLeft + parseFloat(style.paddingLeft) + indent;
        canvas.font = style.font;
        // Chromium draws a soft hyphen's break with the font's U+2010 when it has one, else "-":
        // the wider of the two, so that a hyphenated line is never planned wider than it sets.
        const hyphen = Math.max(canvas.measureText('-').width, canvas.measureText('\u2010').width);
        const items: Item[] = [];
        const breaks = new Map<number, Break>();
        let x = start;
        let lastText: { node: Text; at: number } | undefined;
        const entries = textsOf.get(block)!;
        const texts = entries.map((entry) => entry.node);
        /** The next rendered character after (node, at), for the no-break rules. */
        const following = (index: number, at: number): string => {
          for (let i = index; i < texts.length; i++) {
            const data = texts[i].data;
            for (let c = i === index ? at : 0; c < data.length; c++) if (!/[ \t\n\r\f\u00ad]/.test(data[c])) return data[c];
          }
          return '';
        };
        let valid = true;
        let previous = '';
        const letters = new Map<number, number>();
        let count = 0;
        const pushBox = (width: number) => {
          items.push({ type: 'box', width });
          letters.set(items.length - 1, count);
          count = 0;
        };
        texts.forEach((node, textIndex) => {
          const data = node.data;
          const wraps = entries[textIndex].wraps;
          const tracked = !node.parentElement?.closest('code, kbd, samp');
          const cuts = wraps ? cutsOf(node) : new Set<number>();
          for (let at = 0; at < data.length; at++) {
            const character = data[at];
            if (cuts.has(at)) {
              const before = rectOf(node, at - 1);
              if (before) {
                pushBox(Math.max(0, before.right - x));
                items.push({ type: 'penalty', width: 0, cost: options.addressBreak, flagged: false });
                breaks.set(items.length - 1, { node, after: at, kind: 'wbr' });
                x = before.right;
              }
            }
            if (tracked && !/[ \t\n\r\f\u00ad\u00a0]/.test(character)) count += 1;
            const space = character === ' ' || character === '\n' || character === '\t' || character === '\r' || character === '\f';
            if (space || character === '\u00a0') {
              const rect = rectOf(node, at);
              // A collapsed space (the second of a run, or one at a line's start) draws nothing.
              if (!rect || rect.width < 0.01) continue;
              const next = following(textIndex, at + 1);
              if (!next) continue;
              pushBox(Math.max(0, rect.left - x));
              const breakable = wraps && space && !noBreakBefore.test(next) && !noBreakAfter.test(previous);
              // A space that may not break: a penalty too high to break at keeps the glue from being a breakpoint.
              if (!breakable) items.push({ type: 'penalty', width: 0, cost: lib.MAX_COST, flagged: false });
              const natural = rect.width;
              items.push({ type: 'glue', width: natural, stretch: spaceStretchOf(natural, em, options.tracking), shrink: natural * (1 - options.tightest) });
              breaks.set(items.length - 1, { node, after: at + 1, kind: breakable ? 'space' : 'nbsp' });
              x = rect.right;
              continue;
            }
            const letterBefore = at > 0 && /\p{L}/u.test(data[at - 1]);
            const letterAfter = at + 1 < data.length && /\p{L}/u.test(data[at + 1]);
            if (wraps && character === soft && letterBefore && letterAfter) {
              const before = rectOf(node, at - 1);
              if (!before) continue;
              pushBox(Math.max(0, before.right - x));
              items.push({ type: 'penalty', width: hyphen, cost: options.hyphen, flagged: true });
              breaks.set(items.length - 1, { node, after: at + 1, kind: 'soft' });
              x = before.right;
              continue;
            }
            if (wraps && (character === '-' || character === '\u2010') && letterBefore && letterAfter) {
              const rect = rectOf(node, at);
              if (!rect) continue;
              pushBox(Math.max(0, rect.right - x));
              items.push({ type: 'penalty', width: 0, cost: options.hyphen, flagged: true });
              breaks.set(items.length - 1, { node, after: at + 1, kind: 'hard' });
              x = rect.right;
              continue;
            }
            if (character !== soft) previous = character;
          }
          lastText = { node, at: data.length };
        });
        if (!lastText || !valid) return;
        range.selectNodeContents(block);
        const end = range.getBoundingClientRect().right;
        pushBox(Math.max(0, end - x));
        // TeX's \parfillskip: the last line may end anywhere.
        items.push({ type: 'glue', width: 0, stretch: 1e6, shrink: 0 });
        items.push({ type: 'penalty', width: 0, cost: lib.MIN_COST, flagged: false });
        valid = items.every((item) => Number.isFinite(item.width));
        // A word space's stretch takes the letter spacing of the space and the word after it (the first word of a line's is not counted: a plan errs loose, never too wide).
        const spaceStretch = new Map<number, number>();
        items.forEach((item, index) => {
          if (item.type !== 'glue' || index >= items.length - 2) return;
          spaceStretch.set(index, item.stretch);
          item.stretch += wordTracking(items, index, letters, options.tracking * em);
        });
        if (valid) paragraphs.push({ block, width, indent, em, items, breaks, first: texts[0], letters, spaceStretch });
      });
      for (const block of candidates) {
        block.classList.remove('octavo-measure-lines', 'octavo-measure-trace');
        if (!hadClass.has(block)) block.removeAttribute('class');
      }
      measuring.remove();

      // 2. Break.
      /** Breaks with every line within `ratio` and no more than `inRow` hyphens in a row, or undefined where none exist. */
      const breakWithin = (items: Item[], lengths: number[], ratio: number): number[] | undefined => {
        let breakpoints: number[];
        try {
          breakpoints = lib.breakLines(items, lengths, { maxAdjustmentRatio: ratio, initialMaxAdjustmentRatio: ratio, doubleHyphenPenalty: options.doubleHyphen, adjacentLooseTightPenalty: options.adjacentLooseTight });
        } catch {
          return undefined;
        }
        // The library's last resort, when no line fits at all, sets one too wide.
        if (lib.adjustmentRatios(items, lengths, breakpoints).some((ratio) => ratio < -1)) return undefined;
        return overHyphenated(items, breakpoints) === -1 ? breakpoints : undefined;
      };
      const breakItems = (items: Item[], lengths: number[], paragraph?: Paragraph): number[] | undefined => {
        const soft = new Set(Array.from(paragraph?.breaks ?? []).filter(([, where]) => where.kind === 'soft').map(([index]) => index));
        if (paragraph && soft.size > 0 && options.unhyphenatedRatio > 0) {
          // The spaces stretch as in measuring, with the letters tracked up to the larger allowance.
          const most = Math.max(options.tracking, options.unhyphenatedTracking);
          const unhyphenated = items.map((item, index) => {
            if (soft.has(index) && item.type === 'penalty') return { ...item, cost: lib.MAX_COST };
            if (item.type !== 'glue' || !paragraph.spaceStretch.has(index)) return item;
            return { ...item, stretch: spaceStretchOf(item.width, paragraph.em, most) + wordTracking(items, index, paragraph.letters, most * paragraph.em) };
          });
          const plan = breakWithin(unhyphenated, lengths, options.unhyphenatedRatio);
          if (plan) return plan;
        }
        for (let attempt = 0; attempt < 8; attempt++) {
          let breakpoints: number[];
          try {
            breakpoints = lib.breakLines(items, lengths, { maxAdjustmentRatio: null, initialMaxAdjustmentRatio: 1, doubleHyphenPenalty: options.doubleHyphen, adjacentLooseTightPenalty: options.adjacentLooseTight });
          } catch {
            return undefined;
          }
          // Never more than `inRow` hyphenated lines in a row: forbid the next one's break and break again.
          const over = overHyphenated(items, breakpoints);
          if (over === -1) return breakpoints;
          (items[breakpoints[over]] as Extract<Item, { type: 'penalty' }>).cost = lib.MAX_COST;
        }
        return undefined;
      };
      /**
       * The paragraph set in as few lines as its word spaces allow (down to `tightest`), as TeX's
       * \looseness -1 would: every break costs `linePenalty` more (a penalty before each breakable
       * space, hyphens dearer by as much), so a line fewer outweighs evener spacing. Breakpoints are
       * those of the paragraph's own items.
       */
      const tightBreaks = (items: Item[], lengths: number[]): number[] | undefined => {
        const tight: Item[] = [];
        const original: number[] = [];
        items.forEach((item, index) => {
          if (item.type === 'glue' && index > 0 && items[index - 1].type === 'box' && index < items.length - 2) {
            tight.push({ type: 'penalty', width: 0, cost: options.linePenalty, flagged: false });
            original.push(index);
            tight.push({ ...item });
            original.push(-1);
          } else {
            tight.push(item.type === 'penalty' && item.cost > lib.MIN_COST && item.cost < lib.MAX_COST ? { ...item, cost: Math.min(item.cost + options.linePenalty, lib.MAX_COST - 1) } : { ...item });
            original.push(index);
          }
        });
        const breakpoints = breakItems(tight, lengths);
        return breakpoints?.map((at, i) => (i === 0 ? 0 : original[at]));
      };
      const usable = (paragraph: Paragraph, breakpoints: number[] | undefined): breakpoints is number[] =>
        // Only breaks at the places measured (the library's last resort, when nothing fits, may break elsewhere).
        breakpoints !== undefined && breakpoints.length > 1 && breakpoints.slice(1, -1).every((at) => at >= 0 && paragraph.breaks.get(at)?.kind !== undefined && paragraph.breaks.get(at)?.kind !== 'nbsp');
      /** `tight`: set a line shorter (its last line may need its spaces shrunk too). */
      const plans: Array<{ paragraph: Paragraph; breakpoints: number[]; tight?: boolean }> = [];
      /** Per text to tighten (`tightenAttribute`): the lines it asks to save, and its paragraphs that can be set a line shorter or more. */
      const tightening = new Map<Element, { need: number; shorter: Array<{ plan: { breakpoints: number[]; tight?: boolean }; breakpoints: number[]; saves: number; tightest: number }> }>();
      for (const paragraph of paragraphs) {
        const { items, width, indent } = paragraph;
        const lengths = new Array<number>(paragraph.breaks.size + 2).fill(width);
        lengths[0] = width - indent;
        const breakpoints = breakItems(items, lengths, paragraph);
        if (!usable(paragraph, breakpoints)) continue;
        const plan = { paragraph, breakpoints };
        plans.push(plan);
        const unit = paragraph.block.closest(`[${tightenAttribute}]`);
        if (!unit) continue;
        const entry = tightening.get(unit) ?? { need: Number(unit.getAttribute(tightenAttribute)) || 0, shorter: [] };
        tightening.set(unit, entry);
        const tight = tightBreaks(items, lengths);
          if (!usable(paragraph, tight) || tight.length >= breakpoints.length) continue;
        // How far its tightest line's spaces shrink (-1: to `tightest`).
        const ratios = lib.adjustmentRatios(items, lengths, tight);
        entry.shorter.push({ plan, breakpoints: tight, saves: breakpoints.length - tight.length, tightest: Math.min(0, ...ratios) });
      }
      // A text to tighten: its paragraphs whose spaces shrink least first, until the lines it asks for are saved.
      let tightened = 0;
      for (const { need, shorter } of tightening.values()) {
        let saved = 0;
        for (const candidate of shorter.sort((a, b) => b.tightest - a.tightest)) {
          if (saved >= need) break;
          Object.assign(candidate.plan, { breakpoints: candidate.breakpoints, tight: true });
          saved += candidate.saves;
        }
        tightened += saved;
      }

      // 3. Set: per line, the word spacing that makes it `slack` short of the measure.
      interface Line {
        /** Where the line's text starts and ends (the end just after its break character). */
        from: { node: Text; offset: number };
        spacing: number;
        /** Letter spacing (px) of its letters outside code. */
        tracking: number;
        /** It starts after a break at an address's <wbr>. */
        afterWbr: boolean;
      }
      const saved = new Map<HTMLElement, Node[]>();
      const setLines: Array<{ block: HTMLElement; lines: Array<{ spans: HTMLElement[] }>; hyphenated: number }> = [];
      let lines = 0;
      let hyphens = 0;
      for (const { paragraph, breakpoints } of plans) {
        const original = Array.from(paragraph.block.childNodes).map((node) => node.cloneNode(true));
        try {
          const { items, breaks, block } = paragraph;
          const plan: Line[] = [];
          let start = 0;
          let hyphenated = 0;
          let from: { node: Text; offset: number } | undefined;
          let fromWbr = false;
          // The library gives the paragraph's start (0), then each line's end.
          const ends = breakpoints.slice(1);
          for (const [lineIndex, at] of ends.entries()) {
            const last = lineIndex === ends.length - 1;
            const measure = lineIndex === 0 ? paragraph.width - paragraph.indent : paragraph.width;
            // The line holds items from `start` to `at` (a glue break is not part of either line).
            let natural = 0;
            let spacesNatural = 0;
            let spaces = 0;
            let letters = 0;
            let spaceStretch = 0;
            for (let i = start; i < at; i++) {
              const item = items[i];
              if (item.type === 'box') {
                natural += item.width;
                letters += paragraph.letters.get(i) ?? 0;
              } else if (item.type === 'glue' && i < items.length - 2) {
                natural += item.width;
                spacesNatural += item.width;
                spaces += 1;
                spaceStretch += paragraph.spaceStretch.get(i) ?? 0;
              }
            }
            const end = items[at];
            if (end.type === 'penalty' && !last) {
              natural += end.width;
              if (end.flagged) hyphenated += 1;
            }
            // A line set wider than its natural width shares the room between its letters (each letter and space, up to `tracking`) and its spaces, in proportion to what each may stretch.
            const room = measure - options.slack - natural;
            const tracked = letters + spaces;
            const most = options.tracking * paragraph.em;
            let tracking = last || spaces === 0 || room <= 0 || most <= 0 ? 0 : Math.min(most, (room / (spaceStretch + most * tracked)) * most);
            // The last line is set at its natural spacing, unless its plan (a paragraph set a line shorter, say) fits it only with its spaces shrunk: Chromium would wrap it again.
            let spacing = spaces === 0 ? 0 : last ? Math.min(0, room / spaces) : (room - tracking * tracked) / spaces;
            // A line whose spaces would be drawn past the bar (the plan found no better breaks) takes more letter spacing, up to
            // `overflowTracking`, where that brings its spaces a little (`overflowMargin`) within the bar; one it cannot is left as it was.
            // A space is drawn with the letter spacing of the letter before it and its own: the letters' share must outgrow that.
            const bar = (options.loose - overflowMargin) * paragraph.em - (spaces > 0 ? spacesNatural / spaces : 0);
            if (!last && spaces > 0 && tracking > 0 && tracked > 2 * spaces && spacing + 2 * tracking > bar) {
              // `text-align: justify` adds the line's `slack` to its spaces.
              const needed = Math.max(tracking, (room + options.slack - spaces * bar) / (tracked - 2 * spaces));
              if (needed <= options.overflowTracking * paragraph.em) {
                tracking = needed;
                spacing = (room - tracking * tracked) / spaces;
              }
            }
            plan.push({ from: from ?? { node: paragraph.first, offset: 0 }, spacing, tracking, afterWbr: fromWbr });
            if (!last) {
              const where = breaks.get(at)!;
              from = { node: where.node, offset: where.after };
              fromWbr = where.kind === 'wbr';
            }
            start = at + 1;
            // Skip the glue the next line would begin with (a penalty break leaves the next glue in the next line: there is none).
          }
          saved.set(block, original);

          // Split the text nodes at each line's start, then wrap each line's text nodes.
          const starts: Array<{ node: Text; offset: number }> = plan.map((line) => line.from);
          // Split from the last start back, so earlier offsets stay valid.
          const heads: Text[] = new Array(plan.length);
          for (let i = plan.length - 1; i >= 0; i--) {
            const { node, offset } = starts[i];
            if (offset === 0) heads[i] = node;
            else if (offset >= node.data.length) {
              // Starts with the next text node.
              const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
              walker.currentNode = node;
              heads[i] = (walker.nextNode() as Text | null) ?? node;
            } else heads[i] = node.splitText(offset);
            if (plan[i].afterWbr) heads[i].before(document.createElement('wbr'));
          }
          const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
          const all: Text[] = [];
          while (walker.nextNode()) all.push(walker.currentNode as Text);
          const set: Array<{ spans: HTMLElement[] }> = plan.map(() => ({ spans: [] }));
          let line = -1;
          for (const node of all) {
            while (line + 1 < plan.length && heads[line + 1] === node) line += 1;
            if (line < 0 || node.parentElement?.closest('svg')) continue;
            const span = document.createElement('span');
            span.className = 'line-set';
            // Which planned line the text is on: a page break Paged.js makes inside a line moves to its start (paged-handlers.ts).
            span.dataset.line = String(line);
            const { spacing, tracking } = plan[line];
            if (Math.abs(spacing) >= 0.001) span.style.wordSpacing = `${spacing.toFixed(3)}px`;
            if (tracking >= 0.001 && !node.parentElement?.closest('code, kbd, samp')) span.style.letterSpacing = `${(tracking + (baseSpacing.get(block) ?? 0)).toFixed(3)}px`;
            node.replaceWith(span);
            span.append(node);
            set[line].spans.push(span);
          }
          block.setAttribute(marker, String(plan.length));
          // Chromium's own "pretty" wrapping (the handout's) would re-break the last lines.
          block.style.textWrap = 'wrap';
          setLines.push({ block, lines: set, hyphenated });
          lines += plan.length;
          hyphens += hyphenated;
        } catch {
          // A paragraph this cannot set is left as it was, to greedy breaking.
          paragraph.block.replaceChildren(...original);
          paragraph.block.removeAttribute(marker);
        }
      }

      // 4. Check every planned line in the new layout (one layout for all).
      const firstLetter = (spans: HTMLElement[]) => {
        for (const span of spans) {
          const node = span.firstChild as Text;
          const at = node.data.search(/[^ \t\n\r\f\u00ad]/);
          if (at !== -1) return rectOf(node, at);
        }
        return undefined;
      };
      const lastLetter = (spans: HTMLElement[]) => {
        for (let i = spans.length - 1; i >= 0; i--) {
          const node = spans[i].firstChild as Text;
          const at = node.data.search(/[^ \t\n\r\f\u00ad][ \t\n\r\f\u00ad]*$/);
          if (at !== -1) return rectOf(node, at);
        }
        return undefined;
      };
      let undone = 0;
      for (const { block, lines: set, hyphenated } of setLines) {
        let ok = true;
        let bottom = -Infinity;
        for (const { spans } of set) {
          const first = firstLetter(spans);
          const last = lastLetter(spans);
          if (!first || !last) continue;
          const half = first.height / 2;
          if (Math.abs(first.top - last.top) > half || first.top < bottom - half) {
            ok = false;
            break;
          }
          bottom = last.bottom;
        }
        if (ok) continue;
        undone += 1;
        lines -= set.length;
        hyphens -= hyphenated;
        block.replaceChildren(...saved.get(block)!);
        block.removeAttribute(marker);
        block.style.removeProperty('text-wrap');
        if (!block.getAttribute('style')) block.removeAttribute('style');
      }
      return { set: setLines.length - undone, undone, lines, hyphens, tightened };
    } finally {
      restoreNotes();
    }
  }, options, linesSetAttribute, tightenAttribute, noteCallAttribute);
}
