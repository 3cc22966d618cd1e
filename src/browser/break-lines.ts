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
  /** What each line costs (a penalty on every break, below the library's 1,000 that forbids) where a text is tightened: a line fewer outweighs evener spacing. */
  linePenalty: number;
}

export const lineBreaking: LineBreaking = { loose: 0.5, tightest: 0.7, hyphen: 500, doubleHyphen: 30000, inRow: 2, adjacentLooseTight: 10000, slack: 0.5, linePenalty: 400 };

/**
 * Marks a text (a chapter, or the whole text) whose paragraphs are to save this many lines, set
 * a line shorter where their spaces allow (the print of a chapter whose last page held 1–2 lines:
 * `src/writers/pdf/short-endings.ts`).
 */
export const tightenAttribute = 'data-octavo-tighten';

/** Marks a paragraph whose lines are set here: `limitHyphens` and `raggedCodeLines` leave it alone. */
export const linesSetAttribute = 'data-lines-set';

let script: Promise<string> | undefined;
const libraryScript = () => (script ??= readFile(vendorFile('tex-linebreak', 'lib.js'), 'utf8'));

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
 *    hard hyphens between letters give the width of each piece between them.
 * 2. Break: `tex-linebreak` finds the breaks with the least demerits, a word space stretching
 *    to `loose` em at ratio 1 and shrinking to `tightest`; hyphenated lines cost `hyphen`, two
 *    in a row `doubleHyphen`, and a third in a row is forbidden.
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
  // The library's UMD wrapper would take an element with the id `module`, `exports` or `define`
  // (a README's heading: the DOM names them on window) for a module system: they are shadowed.
  const library = await libraryScript();
  await page.evaluate(`(function (module, exports, define) {\n${library}\n}).call(window);`);
  return page.evaluate((options: LineBreaking, marker: string, tightenAttribute: string) => {
    type Item = { type: 'box'; width: number } | { type: 'glue'; width: number; stretch: number; shrink: number } | { type: 'penalty'; width: number; cost: number; flagged: boolean };
    const lib = (window as unknown as { texLineBreak_lib: { breakLines: (items: Item[], widths: number[], options: object) => number[]; adjustmentRatios: (items: Item[], widths: number[], breakpoints: number[]) => number[]; MAX_COST: number; MIN_COST: number } }).texLineBreak_lib;
    const soft = '\u00ad';
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

    /** A justified paragraph of inline content only, laid out left to right, and not a footnote's or a table's. */
    const candidates = Array.from(document.querySelectorAll('p')).filter((block) => {
      const style = getComputedStyle(block);
      if (style.textAlign !== 'justify' || style.direction !== 'ltr' || style.display !== 'block' || !block.textContent?.trim()) return false;
      if (block.closest('td, th, .footnote, [data-fit], figure') || block.querySelector('br, .footnote, [data-footnote-call]')) return false;
      for (const element of Array.from(block.querySelectorAll('*'))) {
        if (element.closest('svg') && !(element instanceof SVGSVGElement)) continue;
        if (!isInline(element)) return false;
        const own = getComputedStyle(element);
        if (own.float !== 'none' || own.position === 'absolute' || own.position === 'fixed') return false;
      }
      return true;
    });
    if (candidates.length === 0) return { set: 0, undone: 0, lines: 0, hyphens: 0, tightened: 0 };

    interface Break {
      node: Text;
      /** The offset just after the break's character: where the next line starts. */
      after: number;
      kind: 'space' | 'soft' | 'hard' | 'nbsp';
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
    }

    const widthOf = (block: HTMLElement) => {
      const style = getComputedStyle(block);
      return block.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    };
    const widths = candidates.map(widthOf);

    // 1. Measure, every paragraph on one line at once (one layout for all).
    const measuring = document.createElement('style');
    measuring.textContent = `.octavo-measure-lines, .octavo-measure-lines * { white-space: nowrap !important; text-wrap: nowrap !important; }`;
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
    for (const block of candidates) block.classList.add('octavo-measure-lines');
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
      const hyphen = canvas.measureText('-').width;
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
      texts.forEach((node, textIndex) => {
        const data = node.data;
        const wraps = entries[textIndex].wraps;
        for (let at = 0; at < data.length; at++) {
          const character = data[at];
          const space = character === ' ' || character === '\n' || character === '\t' || character === '\r' || character === '\f';
          if (space || character === '\u00a0') {
            const rect = rectOf(node, at);
            // A collapsed space (the second of a run, or one at a line's start) draws nothing.
            if (!rect || rect.width < 0.01) continue;
            const next = following(textIndex, at + 1);
            if (!next) continue;
            items.push({ type: 'box', width: Math.max(0, rect.left - x) });
            const breakable = wraps && space && !noBreakBefore.test(next) && !noBreakAfter.test(previous);
            // A space that may not break: a penalty too high to break at keeps the glue from being a breakpoint.
            if (!breakable) items.push({ type: 'penalty', width: 0, cost: lib.MAX_COST, flagged: false });
            const natural = rect.width;
            const stretch = Math.max(natural * 0.5, options.loose * em - natural);
            items.push({ type: 'glue', width: natural, stretch, shrink: natural * (1 - options.tightest) });
            breaks.set(items.length - 1, { node, after: at + 1, kind: breakable ? 'space' : 'nbsp' });
            x = rect.right;
            continue;
          }
          const letterBefore = at > 0 && /\p{L}/u.test(data[at - 1]);
          const letterAfter = at + 1 < data.length && /\p{L}/u.test(data[at + 1]);
          if (wraps && character === soft && letterBefore && letterAfter) {
            const before = rectOf(node, at - 1);
            if (!before) continue;
            items.push({ type: 'box', width: Math.max(0, before.right - x) });
            items.push({ type: 'penalty', width: hyphen, cost: options.hyphen, flagged: true });
            breaks.set(items.length - 1, { node, after: at + 1, kind: 'soft' });
            x = before.right;
            continue;
          }
          if (wraps && (character === '-' || character === '\u2010') && letterBefore && letterAfter) {
            const rect = rectOf(node, at);
            if (!rect) continue;
            items.push({ type: 'box', width: Math.max(0, rect.right - x) });
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
      items.push({ type: 'box', width: Math.max(0, end - x) });
      // TeX's \parfillskip: the last line may end anywhere.
      items.push({ type: 'glue', width: 0, stretch: 1e6, shrink: 0 });
      items.push({ type: 'penalty', width: 0, cost: lib.MIN_COST, flagged: false });
      valid = items.every((item) => Number.isFinite(item.width));
      if (valid) paragraphs.push({ block, width, indent, em, items, breaks, first: texts[0] });
    });
    for (const block of candidates) {
      block.classList.remove('octavo-measure-lines');
      if (!hadClass.has(block)) block.removeAttribute('class');
    }
    measuring.remove();

    // 2. Break.
    const breakItems = (items: Item[], lengths: number[]): number[] | undefined => {
      for (let attempt = 0; attempt < 8; attempt++) {
        let breakpoints: number[];
        try {
          breakpoints = lib.breakLines(items, lengths, { maxAdjustmentRatio: null, initialMaxAdjustmentRatio: 1, doubleHyphenPenalty: options.doubleHyphen, adjacentLooseTightPenalty: options.adjacentLooseTight });
        } catch {
          return undefined;
        }
        // Never more than `inRow` hyphenated lines in a row: forbid the next one's break and break again.
        let run = 0;
        let forbidden = false;
        for (const at of breakpoints) {
          const item = items[at];
          run = item.type === 'penalty' && item.flagged ? run + 1 : 0;
          if (run > options.inRow && item.type === 'penalty') {
            item.cost = lib.MAX_COST;
            forbidden = true;
            break;
          }
        }
        if (!forbidden) return breakpoints;
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
      const breakpoints = breakItems(items, lengths);
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
    }
    const saved = new Map<HTMLElement, Node[]>();
    const setLines: Array<{ block: HTMLElement; lines: Array<{ spans: HTMLElement[] }>; hyphenated: number }> = [];
    let lines = 0;
    let hyphens = 0;
    for (const { paragraph, breakpoints, tight } of plans) {
      const original = Array.from(paragraph.block.childNodes).map((node) => node.cloneNode(true));
      try {
        const { items, breaks, block } = paragraph;
        const plan: Line[] = [];
        let start = 0;
        let hyphenated = 0;
        let from: { node: Text; offset: number } | undefined;
        // The library gives the paragraph's start (0), then each line's end.
        const ends = breakpoints.slice(1);
        for (const [lineIndex, at] of ends.entries()) {
          const last = lineIndex === ends.length - 1;
          const measure = lineIndex === 0 ? paragraph.width - paragraph.indent : paragraph.width;
          // The line holds items from `start` to `at` (a glue break is not part of either line).
          let natural = 0;
          let spaces = 0;
          for (let i = start; i < at; i++) {
            const item = items[i];
            if (item.type === 'box') natural += item.width;
            else if (item.type === 'glue' && i < items.length - 2) {
              natural += item.width;
              spaces += 1;
            }
          }
          const end = items[at];
          if (end.type === 'penalty' && !last) {
            natural += end.width;
            hyphenated += 1;
          }
          // The last line keeps its natural spaces, unless, in a paragraph set a line shorter, its words were chosen to fit only with them shrunk.
          const fitted = spaces > 0 ? (measure - options.slack - natural) / spaces : 0;
          const spacing = last ? (tight ? Math.min(0, fitted) : 0) : fitted;
          plan.push({ from: from ?? { node: paragraph.first, offset: 0 }, spacing });
          if (!last) {
            const where = breaks.get(at)!;
            from = { node: where.node, offset: where.after };
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
          const spacing = plan[line].spacing;
          if (Math.abs(spacing) >= 0.001) span.style.wordSpacing = `${spacing.toFixed(3)}px`;
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
  }, options, linesSetAttribute, tightenAttribute);
}
