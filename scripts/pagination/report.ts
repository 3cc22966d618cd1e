/**
 * The pagination report: how well a PDF's pages are broken, judged from the printed text
 * alone (pdf.js text positions), so it reads any tool's PDF the same way. Per page: the empty
 * share of the text area, a lead-in (a line ending in ":") stranded at the page foot, a heading
 * ending the page or followed by fewer than 3 lines, lines past the margins, a widow or an
 * orphan, and a code block split there.
 *
 * Issue 23's counts, per page and per 100 pages: line ends hyphenated (a letter then a hyphen
 * or soft hyphen), stacks of 3 or more such lines in a row, lines that start with a dash, loose
 * lines (a justified line whose word spaces are over 0.5 em, measured between the glyphs drawn
 * on each side of its spaces: glyphs.ts), lone headers (a page's last line repeated as the next
 * page's first: a table header that ended a page), missing folios (a page with text, after
 * the first page with a folio, or after page 1 when none has one, whose top or bottom line
 * holds no number), and blank pages.
 *
 * The text area is found from the lines themselves: running heads and folios are the top- or
 * bottom-most lines that sit at one height on many pages and repeat (digits aside); the
 * margins are where many body lines start, end, open and close a page.
 */

import { pageGlyphs, wordSpaces, type Glyph, type WordSpace } from './glyphs.ts';

export interface ReportOptions {
  /**
   * Titles of the chapters (as printed): a page whose first line starts with one opens a
   * chapter, so the page before it may end short. Without them, a chapter opens on a page
   * that follows a blank page or whose text starts well below the top of the text area.
   */
  chapterTitles?: readonly string[];
}

export interface PageReport {
  page: number;
  /** Share of the text area's height left empty below the page's last line (1 for a blank page). */
  empty: number;
  /** The page ends a chapter (or the document), where ending short is expected. */
  chapterEnd: boolean;
  /** The page ends a chapter begun on an earlier page and holds only 1 or 2 lines. */
  shortEnding: boolean;
  blank: boolean;
  /** Blank, on the left, before a chapter (or the contents) that opens on the right: the book's convention. */
  blankVerso: boolean;
  /** The page's last line ends with ":" and the text goes on over the page. */
  strandedLeadIn: boolean;
  /** A heading is the page's last line. */
  headingAtFoot: boolean;
  /** A heading followed by only 1 or 2 lines on its page before the break. */
  headingWithFewLines: boolean;
  /** Lines that start left of the text area or end right of it. */
  linesPastMargin: string[];
  /** The page opens with the last line of a paragraph begun on the page before. */
  widow: boolean;
  /** The page ends with the first line of a paragraph that goes on over the page. */
  orphan: boolean;
  /** A code block goes on over the page: its lines on this page and on the next. */
  codeSplit?: { before: number; after: number };
  /** A page number in its top or bottom line. */
  folio: boolean;
  /** Body lines ending in a hyphenated word. */
  lineEndHyphens: number;
  /** Runs of 3 or more hyphenated line ends in a row. */
  hyphenStacks: number;
  /** Lines that start with a dash (em or en). */
  dashStarts: string[];
  /** Justified body lines whose word spaces are over 0.5 em. */
  looseLines: number;
  /** Those lines: their text and word space (em). */
  loose: Array<{ text: string; space: number }>;
  /** Justified body lines: word spaces set wider or narrower than the font's own, or flush right in a paragraph set so. */
  justifiedLines: number;
  /** The page's last line is repeated as the next page's first: a table header alone at the foot. */
  loneHeader: boolean;
}

export interface PaginationSummary {
  pages: number;
  /** Pages other than a chapter's last (or blank) with more than 25 % of the text area empty. */
  pagesOverQuarterEmpty: number[];
  strandedLeadIns: number;
  strandedLeadInsPer100Pages: number;
  headingsAtFoot: number;
  headingsWithFewLines: number;
  /** Chapters (or documents) whose last page holds only 1 or 2 lines. */
  shortEndings: number;
  linesPastMargin: number;
  widows: number;
  orphans: number;
  codeSplits: number;
  /** Code splits leaving fewer than 3 lines on a side. */
  codeSplitsShort: number;
  /** Mean empty share of the pages that do not end a chapter. */
  meanEmpty: number;
  /** Issue 23's counts, each also per 100 pages (`per100Pages`). */
  bodyLines: number;
  lineEndHyphens: number;
  /** Hyphenated line ends per 100 body lines. */
  lineEndHyphensPer100Lines: number;
  hyphenStacks: number;
  dashStarts: number;
  looseLines: number;
  justifiedLines: number;
  /** Loose lines as a share of the justified lines (0–1). */
  looseShare: number;
  loneHeaders: number;
  missingFolios: number;
  /** Blank pages, other than a left-hand one before a chapter that opens on the right. */
  blankPages: number;
  /** Blank left-hand pages before a chapter (or the contents) that opens on the right, as a book has them. */
  blankVersos: number;
  per100Pages: { looseLines: number; hyphenStacks: number; lineEndHyphens: number; loneHeaders: number; dashStarts: number; missingFolios: number; blankPages: number };
}

export interface PaginationReport {
  pages: PageReport[];
  summary: PaginationSummary;
}

interface Item {
  str: string;
  x: number;
  /** Baseline, in points from the top of the page. */
  base: number;
  width: number;
  size: number;
  font: string;
  mono: boolean;
}

interface Line {
  text: string;
  /** Its word spaces as drawn (glyph positions), spaces beside code left out. */
  spaces: WordSpace[];
  /** Its glyphs' text left to right, drawn spaces included (pdf.js's text content may join words). */
  drawn: string;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  size: number;
  font: string;
  mono: boolean;
}

interface Page {
  width: number;
  height: number;
  lines: Line[];
  /** An entry of the PDF's outline (a chapter, the contents) starts on this page. */
  outlineStart?: boolean;
}

/** The pages (0-based) that the PDF's outline entries point to, two levels deep (the book, its chapters). */
async function outlineStarts(document: Awaited<ReturnType<(typeof import('pdfjs-dist/legacy/build/pdf.mjs'))['getDocument']>['promise']>): Promise<Set<number>> {
  const starts = new Set<number>();
  const visit = async (entries: Awaited<ReturnType<typeof document.getOutline>>, depth: number): Promise<void> => {
    for (const entry of entries ?? []) {
      const dest = typeof entry.dest === 'string' ? await document.getDestination(entry.dest) : entry.dest;
      const target = dest?.[0];
      if (target && typeof target === 'object') starts.add(await document.getPageIndex(target).catch(() => -1));
      if (depth < 1) await visit(entry.items, depth + 1);
    }
  };
  await visit(await document.getOutline(), 0);
  return starts;
}

/** Every page's lines, from pdf.js's text content (items grouped by the band they sit in). */
export async function readLines(pdf: Uint8Array): Promise<Page[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  try {
    const pages: Array<{ width: number; height: number; items: Item[]; glyphs: Glyph[] }> = [];
    // pdf.js's font names (the operator list's and the text content's), each with its face.
    const faces = new Map<string, string>();
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const [, , width, height] = page.view;
      const content = await page.getTextContent();
      const items: Item[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        faces.set(item.fontName, faceOf(content.styles[item.fontName], item.fontName));
        if (!item.str.trim()) continue;
        const size = Math.hypot(item.transform[2], item.transform[3]);
        if (size <= 0) continue;
        items.push({
          str: item.str,
          x: item.transform[4],
          base: height - item.transform[5],
          width: item.width,
          size,
          // A face, not a font object: some tools embed one face as several objects.
          font: faceOf(content.styles[item.fontName], item.fontName),
          mono: content.styles[item.fontName]?.fontFamily === 'monospace',
        });
      }
      pages.push({ width, height, items, glyphs: await pageGlyphs(pdfjs, page, height) });
    }
    const starts = await outlineStarts(document);
    const fixedPitch = monospaceFaces(pages.flatMap((page) => page.items));
    const monoFonts = new Set(pages.flatMap((page) => page.items.filter((item) => item.mono || fixedPitch.has(item.font)).map((item) => item.font)));
    const isCode = (fontName: string) => monoFonts.has(faces.get(fontName) ?? fontName);
    return pages.map(({ width, height, items, glyphs }, index) => ({
      width,
      height,
      outlineStart: starts.has(index),
      lines: withSpaces(toLines(items.map((item) => (fixedPitch.has(item.font) ? { ...item, mono: true } : item))), glyphs, isCode),
    }));
  } finally {
    await document.destroy();
  }
}

/**
 * Faces whose every glyph has one advance (code), for PDFs whose fonts do not say so: each
 * run's width per character and point is nearly the same, about 0.6 em.
 */
function monospaceFaces(items: Item[]): Set<string> {
  const ratios = new Map<string, number[]>();
  for (const item of items) {
    const characters = [...item.str].length;
    if (characters < 4 || item.width <= 0) continue;
    ratios.set(item.font, [...(ratios.get(item.font) ?? []), item.width / characters / item.size]);
  }
  const faces = new Set<string>();
  for (const [face, values] of ratios) {
    if (values.length < 20) continue;
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted[Math.floor(sorted.length / 2)];
    const close = values.filter((value) => Math.abs(value - middle) < 0.02).length;
    if (middle > 0.5 && middle < 0.7 && close >= values.length * 0.9) faces.add(face);
  }
  return faces;
}

/** Each line's word spaces, from the glyphs drawn in its band. */
function withSpaces(lines: Line[], glyphs: Glyph[], isCode: (fontName: string) => boolean): Line[] {
  const left = new Set(glyphs);
  return lines.map((line) => {
    const own = [...left].filter((glyph) => {
      const middle = glyph.base - glyph.size * 0.35;
      return middle > line.top && middle < line.bottom && glyph.x >= line.x0 - 1 && glyph.x <= line.x1 + 1;
    });
    for (const glyph of own) left.delete(glyph);
    const drawn = own.sort((a, b) => a.x - b.x).map((glyph) => glyph.unicode).join('').replace(/\s+/g, ' ').trim();
    return { ...line, spaces: wordSpaces(own, isCode), drawn: drawn || line.text };
  });
}

const faceOf = (style: { fontFamily?: string; ascent?: number; descent?: number } | undefined, name: string) =>
  style ? `${style.fontFamily}|${style.ascent?.toFixed(3)}|${style.descent?.toFixed(3)}` : name;

function toLines(items: Item[]): Line[] {
  const bands: Array<{ items: Item[]; top: number; bottom: number }> = [];
  for (const item of [...items].sort((a, b) => a.base - b.base || a.x - b.x)) {
    const middle = item.base - item.size * 0.35;
    const band = bands.find((candidate) => middle > candidate.top && middle < candidate.bottom);
    if (band) band.items.push(item);
    else bands.push({ items: [item], top: item.base - item.size * 0.8, bottom: item.base + item.size * 0.2 });
  }
  return bands.map(({ items: bandItems }) => {
    const sorted = bandItems.sort((a, b) => a.x - b.x);
    // The line's own size and face: those of most of its characters (a footnote call or inline code aside).
    const weight = new Map<string, number>();
    for (const item of sorted) weight.set(`${item.size.toFixed(1)} ${item.font}`, (weight.get(`${item.size.toFixed(1)} ${item.font}`) ?? 0) + item.str.length);
    const key = [...weight].sort((a, b) => b[1] - a[1])[0][0];
    const size = key.slice(0, key.indexOf(' '));
    const font = key.slice(key.indexOf(' ') + 1);
    const main = sorted.filter((item) => item.font === font);
    return {
      text: sorted.map((item) => item.str).join('').replace(/\s+/g, ' ').trim(),
      x0: Math.min(...sorted.map((item) => item.x)),
      x1: Math.max(...sorted.map((item) => item.x + item.width)),
      top: Math.min(...main.map((item) => item.base - item.size * 0.8)),
      bottom: Math.max(...main.map((item) => item.base + item.size * 0.2)),
      size: Number(size),
      font,
      mono: sorted.every((item) => item.mono),
      spaces: [],
      drawn: '',
    };
  });
}

const sameText = (text: string) => text.replace(/\d+/g, '#').replace(/\s+/g, ' ').trim().toLowerCase();

/** Lines that are running heads or folios: at one height on many pages, top- or bottom-most, with repeating text. */
function runningLines(pages: Page[]): Set<Line> {
  const running = new Set<Line>();
  for (const pick of [(lines: Line[]) => lines[0], (lines: Line[]) => lines.at(-1)]) {
    const clusters: Line[][] = [];
    for (const page of pages) {
      const line = page.lines.length > 0 ? pick(page.lines) : undefined;
      if (!line) continue;
      const cluster = clusters.find((members) => Math.abs(members[0].top - line.top) < 1.5 && Math.abs(members[0].size - line.size) < 0.3);
      if (cluster) cluster.push(line);
      else clusters.push([line]);
    }
    for (const members of clusters) {
      if (members.length < 3 || members.length < pages.length * 0.2) continue;
      const texts = new Set(members.map((line) => sameText(line.text)));
      if (texts.size <= Math.max(2, members.length * 0.3)) for (const line of members) running.add(line);
    }
  }
  return running;
}

/**
 * The value where the lines' edges gather: walking from the far end (`order` 1: highest
 * first), the first value with at least `count` values within `window` of it.
 */
function gathered(values: number[], order: 1 | -1, window: number, count: number): number {
  const sorted = [...values].sort((a, b) => (b - a) * order);
  for (let i = 0; i < sorted.length; i++) {
    let within = 0;
    for (let j = i; j < sorted.length && Math.abs(sorted[j] - sorted[i]) <= window; j++) within++;
    if (within >= count) return sorted[i];
  }
  return sorted.at(-1) ?? 0;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const mode = (values: number[]) => {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
};

const normalise = (text: string) => text.replace(/[\s\u00ad-]+/g, '').toLowerCase();

/** The pagination report of a PDF (any tool's). */
export async function paginationReport(pdf: Uint8Array, options: ReportOptions = {}): Promise<PaginationReport> {
  return reportFromPages(await readLines(pdf), options);
}

export function reportFromPages(rawPages: Page[], options: ReportOptions = {}): PaginationReport {
  const running = runningLines(rawPages);
  const pages = rawPages.map((page) => ({ ...page, lines: page.lines.filter((line) => !running.has(line)) }));
  const all = pages.flatMap((page) => page.lines);
  const prose = all.filter((line) => !line.mono);
  // The body's size: that of most word spaces outside code.
  const bodySize = mode(prose.flatMap((line) => Array<number>(line.text.split(' ').length - 1).fill(Math.round(line.size * 10) / 10)));
  // How much of the body-size text each face sets: a heading's face is a rare one.
  const faceShare = new Map<string, number>();
  const bodySized = prose.filter((line) => Math.abs(line.size - bodySize) < 0.1);
  for (const line of bodySized) faceShare.set(line.font, (faceShare.get(line.font) ?? 0) + 1 / bodySized.length);
  const isBody = (line: Line) => !line.mono && Math.abs(line.size - bodySize) < 0.1;
  const bodyLines = all.filter(isBody);
  const count = Math.max(3, Math.ceil(bodyLines.length * 0.01));
  const lineHeight = mode(pages.flatMap((page) => page.lines.slice(1).map((line, i) => (isBody(line) && isBody(page.lines[i]) ? Math.round(line.top - page.lines[i].top) : 0)).filter((gap) => gap > 0)));
  const top = gathered(pages.flatMap((page) => page.lines.slice(0, 1).map((line) => line.top)), -1, 2, Math.min(count, Math.ceil(pages.length * 0.1)));
  const bottom = gathered(pages.flatMap((page) => page.lines.slice(-1).map((line) => line.bottom)), 1, lineHeight || 12, Math.min(count, Math.ceil(pages.length * 0.1)));
  const height = Math.max(1, bottom - top);
  // The left edge is where many lines start; the right one mirrors the facing page's left
  // (text areas are centred on a spread, or mirrored), which holds however ragged the lines are.
  const lefts = [0, 1].map((parity) => {
    const lines = pages.filter((_, index) => index % 2 === parity).flatMap((page) => page.lines.filter(isBody));
    return lines.length ? gathered(lines.map((line) => line.x0), -1, 1, Math.max(3, Math.ceil(lines.length * 0.01))) : undefined;
  });
  const edges = [0, 1].map((parity) => {
    const left = lefts[parity] ?? lefts[1 - parity] ?? 0;
    const facing = lefts[1 - parity] ?? left;
    return { left, right: (rawPages[parity]?.width ?? rawPages[0]?.width ?? 0) - facing };
  });
  // A heading is set larger than the body, or at its size in a rare face (bold, sans) with space above it.
  const isHeading = (line: Line, i: number, lines: Line[]) =>
    !line.mono &&
    (line.size >= bodySize * 1.08 ||
      (Math.abs(line.size - bodySize) < 0.1 && (faceShare.get(line.font) ?? 0) < 0.1 && line.text.length < 80 && !/[.:,;\u00ad-]$/.test(line.text) && (i === 0 || line.top - lines[i - 1].top > (lineHeight || bodySize * 1.4) * 1.25)));
  const titles = (options.chapterTitles ?? []).map(normalise).filter(Boolean);
  const opensChapter = (page: (typeof pages)[number], previous?: (typeof pages)[number]) => {
    const first = page.lines[0];
    if (!first) return false;
    if (previous && previous.lines.length === 0) return true;
    if (first.top > top + height * 0.1) return true;
    const text = normalise(page.lines.slice(0, 3).map((line) => line.text).join(''));
    return titles.some((title) => text.startsWith(title));
  };

  const hyphenated = (line: Line) => isBody(line) && /[\p{L}][\u00ad\u2010-]$/u.test(line.text);
  const folioIn = (page: Page) => {
    const ends = [page.lines[0], page.lines.at(-1)].filter((line): line is Line => Boolean(line));
    return ends.some((line) => line.text.length <= 40 && /(^|\D)\d{1,4}(\D|$)/.test(line.text) && (line.top < page.height * 0.15 || line.bottom > page.height * 0.85));
  };
  const folios = rawPages.map(folioIn);
  const firstFolio = folios.indexOf(true);

  const reports: PageReport[] = pages.map((page, index) => {
    const next = pages[index + 1];
    const previous = pages[index - 1];
    const blank = page.lines.length === 0;
    // A blank left-hand page before a chapter (or the contents) that opens on the right: the book's convention, not a fault.
    const blankVerso = blank && (index + 1) % 2 === 0 && Boolean(rawPages[index + 1]?.outlineStart) && rawPages[index + 1].lines.length > 0;
    const chapterEnd = !next || next.lines.length === 0 || opensChapter(next, page);
    const last = page.lines.at(-1);
    const first = page.lines[0];
    const { left, right } = edges[index % 2];
    const full = (line: Line) => line.x1 >= right - Math.max(12, bodySize * 1.5);
    const gapAbove = (lines: Line[], i: number) => i === 0 || lines[i].top - lines[i - 1].top > (lineHeight || bodySize * 1.4) * 1.25 || !isBody(lines[i - 1]);
    const startsParagraph = (lines: Line[], i: number) => gapAbove(lines, i) || lines[i].x0 > left + bodySize * 0.8;
    const report: PageReport = {
      page: index + 1,
      empty: last ? Math.min(1, Math.max(0, (bottom - last.bottom) / height)) : 1,
      chapterEnd,
      // Counted in lines of text and code (a short text's running head and folio may not be told apart as such: too few pages).
      shortEnding: chapterEnd && !blank && [1, 2].includes(page.lines.filter((line) => (isBody(line) || line.mono) && !/^\d{1,4}$/.test(line.text)).length) && !opensChapter(page, previous),
      blank,
      blankVerso,
      strandedLeadIn: false,
      headingAtFoot: false,
      headingWithFewLines: false,
      linesPastMargin: page.lines.filter((line) => line.x1 > right + 2 || line.x0 < left - 2).map((line) => line.text),
      widow: false,
      orphan: false,
      folio: folios[index],
      lineEndHyphens: 0,
      hyphenStacks: 0,
      dashStarts: page.lines.filter((line) => /^[\u2013\u2014]/.test(line.text)).map((line) => line.text),
      looseLines: 0,
      loose: [],
      justifiedLines: 0,
      loneHeader: false,
    };
    let run = 0;
    for (const line of page.lines) {
      if (hyphenated(line)) {
        report.lineEndHyphens += 1;
        run += 1;
        if (run === 3) report.hyphenStacks += 1;
      } else run = 0;
    }
    // Justified lines: spaces set wider or narrower than the font's own, or (set at exactly
    // its own) flush right in a paragraph whose lines but its last all are (a ragged line may
    // end at the edge by chance). A line's word space is the median of its spaces, in em of
    // their font, so one space widened by a box's padding does not count.
    const stretched = page.lines.map((line) => isBody(line) && line.spaces.length > 0 && Math.abs(median(line.spaces.map((gap) => (gap.gap - gap.natural) / gap.size))) > 0.02);
    const flushRight = page.lines.map((line) => Math.abs(line.x1 - right) < 0.5);
    const paragraphs: number[][] = [];
    for (const [i, line] of page.lines.entries()) {
      if (!isBody(line)) continue;
      if (i === 0 || !isBody(page.lines[i - 1]) || startsParagraph(page.lines, i)) paragraphs.push([]);
      paragraphs.at(-1)!.push(i);
    }
    for (const lines of paragraphs) {
      const inner = lines.slice(0, -1);
      const flush = inner.length > 0 && inner.every((i) => stretched[i] || flushRight[i]);
      for (const i of lines) {
        const line = page.lines[i];
        if (line.spaces.length === 0 || !(stretched[i] || (flush && flushRight[i] && i !== lines.at(-1)))) continue;
        report.justifiedLines += 1;
        const space = median(line.spaces.map((gap) => gap.gap / gap.size));
        if (space > 0.5) {
          report.looseLines += 1;
          report.loose.push({ text: line.drawn, space });
        }
      }
    }
    // A widow: the page opens with the last line of a paragraph carried over from a page that ended full.
    const carriedLast = previous?.lines.at(-1);
    if (first && carriedLast && isBody(carriedLast) && full(carriedLast) && isBody(first) && first.x0 <= left + bodySize * 0.8 && !/:$/.test(carriedLast.text)) {
      report.widow = page.lines.length === 1 || startsParagraph(page.lines, 1) || !isBody(page.lines[1]);
    }
    const nextFirst = next?.lines[0];
    report.loneHeader = Boolean(last && nextFirst && !chapterEnd && last.text.length > 3 && last.text === nextFirst.text);
    if (!last || chapterEnd) return report;
    report.strandedLeadIn = !last.mono && /:$/.test(last.text);
    const headings = page.lines.map((line, i, lines) => isHeading(line, i, lines));
    report.headingAtFoot = headings.at(-1)!;
    const lastHeading = headings.lastIndexOf(true);
    const after = page.lines.length - 1 - lastHeading;
    report.headingWithFewLines = lastHeading >= 0 && after > 0 && after < 3;
    // An orphan: a paragraph's first line alone at the foot, its text going on over the page.
    const lastIndex = page.lines.length - 1;
    report.orphan = isBody(last) && full(last) && lastIndex > 0 && startsParagraph(page.lines, lastIndex) && !!next?.lines[0] && isBody(next.lines[0]) && !startsParagraph(next.lines, 0);
    if (nextFirst) {
      if (last.mono && nextFirst.mono) {
        let before = 0;
        for (let i = page.lines.length - 1; i >= 0 && page.lines[i].mono; i--) before++;
        let following = 0;
        for (let i = 0; i < next.lines.length && next.lines[i].mono; i++) following++;
        report.codeSplit = { before, after: following };
      }
    }
    return report;
  });

  const inner = reports.filter((report) => !report.chapterEnd && !report.blank);
  const splits = reports.filter((report) => report.codeSplit);
  const strandedLeadIns = reports.filter((report) => report.strandedLeadIn).length;
  const total = (key: 'lineEndHyphens' | 'hyphenStacks' | 'looseLines' | 'justifiedLines') => reports.reduce((sum, report) => sum + report[key], 0);
  const per100 = (value: number) => (reports.length ? (value / reports.length) * 100 : 0);
  const counts = {
    looseLines: total('looseLines'),
    hyphenStacks: total('hyphenStacks'),
    lineEndHyphens: total('lineEndHyphens'),
    loneHeaders: reports.filter((report) => report.loneHeader).length,
    dashStarts: reports.reduce((sum, report) => sum + report.dashStarts.length, 0),
    // Front matter before the first folio has none by design; a PDF with no folio at all misses one on every text page after the first.
    missingFolios: reports.filter((report) => report.page > Math.max(1, firstFolio + 1) && !report.blank && !report.folio).length,
    blankPages: reports.filter((report) => report.blank && !report.blankVerso).length,
  };
  return {
    pages: reports,
    summary: {
      pages: reports.length,
      pagesOverQuarterEmpty: inner.filter((report) => report.empty > 0.25).map((report) => report.page),
      strandedLeadIns,
      strandedLeadInsPer100Pages: reports.length ? (strandedLeadIns / reports.length) * 100 : 0,
      headingsAtFoot: reports.filter((report) => report.headingAtFoot).length,
      headingsWithFewLines: reports.filter((report) => report.headingWithFewLines).length,
      shortEndings: reports.filter((report) => report.shortEnding).length,
      linesPastMargin: reports.reduce((sum, report) => sum + report.linesPastMargin.length, 0),
      widows: reports.filter((report) => report.widow).length,
      orphans: reports.filter((report) => report.orphan).length,
      codeSplits: splits.length,
      codeSplitsShort: splits.filter((report) => report.codeSplit!.before < 3 || report.codeSplit!.after < 3).length,
      meanEmpty: inner.length ? inner.reduce((sum, report) => sum + report.empty, 0) / inner.length : 0,
      bodyLines: bodyLines.length,
      ...counts,
      blankVersos: reports.filter((report) => report.blankVerso).length,
      lineEndHyphensPer100Lines: bodyLines.length ? (counts.lineEndHyphens / bodyLines.length) * 100 : 0,
      justifiedLines: total('justifiedLines'),
      looseShare: total('justifiedLines') ? counts.looseLines / total('justifiedLines') : 0,
      per100Pages: Object.fromEntries(Object.entries(counts).map(([key, value]) => [key, Math.round(per100(value) * 10) / 10])) as PaginationSummary['per100Pages'],
    },
  };
}

/** The report as text: a summary, then one line per page with something to say. */
export function formatReport(report: PaginationReport, label = ''): string {
  const s = report.summary;
  const out = [
    `${label}${label ? ': ' : ''}${s.pages} pages; over 25 % empty (not a chapter's last): ${s.pagesOverQuarterEmpty.length}${s.pagesOverQuarterEmpty.length ? ` (${s.pagesOverQuarterEmpty.join(', ')})` : ''}; mean empty ${(s.meanEmpty * 100).toFixed(1)} %`,
    `per 100 pages: loose lines ${s.per100Pages.looseLines} (${(s.looseShare * 100).toFixed(1)} % of ${s.justifiedLines} justified lines); hyphen stacks ${s.per100Pages.hyphenStacks}; line-end hyphens ${s.per100Pages.lineEndHyphens} (${s.lineEndHyphensPer100Lines.toFixed(1)} per 100 lines); lone headers ${s.per100Pages.loneHeaders}; lines starting with a dash ${s.per100Pages.dashStarts}; missing folios ${s.per100Pages.missingFolios}; blank pages ${s.per100Pages.blankPages} (and ${s.blankVersos} blank left-hand pages before a chapter opening on the right)`,
    `stranded lead-ins ${s.strandedLeadIns} (${s.strandedLeadInsPer100Pages.toFixed(1)} per 100 pages); headings at a page foot ${s.headingsAtFoot}; headings with 1-2 lines ${s.headingsWithFewLines}; chapter last pages of 1-2 lines ${s.shortEndings}; lines past the margin ${s.linesPastMargin}; widows ${s.widows}; orphans ${s.orphans}; code blocks split ${s.codeSplits} (${s.codeSplitsShort} with < 3 lines on a side)`,
  ];
  for (const page of report.pages) {
    const notes: string[] = [];
    if (!page.chapterEnd && !page.blank && page.empty > 0.25) notes.push(`${Math.round(page.empty * 100)} % empty`);
    if (page.strandedLeadIn) notes.push('lead-in at the foot');
    if (page.headingAtFoot) notes.push('heading at the foot');
    if (page.headingWithFewLines) notes.push('heading with 1-2 lines');
    if (page.shortEnding) notes.push('chapter ends with 1-2 lines');
    if (page.widow) notes.push('widow');
    if (page.orphan) notes.push('orphan');
    if (page.hyphenStacks) notes.push(`${page.hyphenStacks} hyphen stack(s)`);
    for (const line of page.dashStarts) notes.push(`starts with a dash: "${line.slice(0, 40)}"`);
    if (page.loneHeader) notes.push('lone header at the foot');
    for (const line of page.loose) notes.push(`loose (${line.space.toFixed(2)} em): "${line.text.slice(0, 50)}"`);
    if (page.codeSplit) notes.push(`code split ${page.codeSplit.before}/${page.codeSplit.after}`);
    for (const line of page.linesPastMargin) notes.push(`past the margin: "${line.slice(0, 60)}"`);
    if (notes.length) out.push(`  p. ${page.page}: ${notes.join('; ')}`);
  }
  return out.join('\n');
}
