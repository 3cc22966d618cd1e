import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breakLines, lineBreaking } from '../src/browser/break-lines.ts';
import { BrowserSession } from '../src/browser/session.ts';
import { hyphenate } from '../src/writers/pdf/hyphenate.ts';
import { pageTextsWithPdfJs } from '../src/writers/pdf/page-texts.ts';
import { paginationReport } from '../scripts/pagination/report.ts';
import { octavo } from './helpers/cli.ts';
import { writeSlidingBook } from './helpers/sliding-book.ts';
import { noteCalls } from './helpers/note-calls.ts';

/**
 * Whole-paragraph line breaking (`breakLines`) where the plan used to go wrong or had no good
 * choice: a paragraph whose last line the plan shrinks to fit, and a long address after which
 * the lines before it could only stretch. Each paragraph is set in a real Chromium page and its
 * laid-out lines are read back: the word spaces (each space character's box, as drawn).
 */
const style = 'body { margin: 0; font: 16px/1.4 serif; } p { text-align: justify; hyphens: manual; margin: 0 0 1em; } a { color: inherit; }';

describe('whole-paragraph line breaking', () => {
  let browser: BrowserSession;
  beforeAll(async () => {
    browser = await BrowserSession.launch({});
  });
  afterAll(() => browser.close());

  /** Sets the page's paragraphs with breakLines; returns its counts and each laid-out line's widest word space (em). */
  const setAndRead = (html: string, options = lineBreaking) =>
    browser.inPage('line breaking', '/* no script */', async (tab) => {
      // Octavo's soft hyphens, as in print.
      const tree = fromHtml(`<!doctype html><html lang="en"><head><style>${style}</style></head><body>${html}</body></html>`);
      hyphenate(tree, 'en');
      await tab.setContent(toHtml(tree));
      const broken = await breakLines(tab, options);
      const lines = await tab.evaluate(() => {
        const range = document.createRange();
        const out: Array<{ text: string; widest: number; drawn: number }> = [];
        for (const block of Array.from(document.querySelectorAll('p'))) {
          const em = parseFloat(getComputedStyle(block).fontSize);
          const byTop = new Map<number, { text: string; widest: number; drawn: number }>();
          const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const node = walker.currentNode as Text;
            // As the pagination report measures a space: with the letter spacing of the letter before it (in the same span).
            const tracking = parseFloat(getComputedStyle(node.parentElement!).letterSpacing) || 0;
            for (let at = 0; at < node.data.length; at++) {
              if (node.data[at] === '\u00ad') continue;
              range.setStart(node, at);
              range.setEnd(node, at + 1);
              const rect = range.getClientRects()[0];
              if (!rect) continue;
              const top = Math.round(rect.top);
              const line = byTop.get(top) ?? { text: '', widest: 0, drawn: 0 };
              line.text += node.data[at];
              if (node.data[at] === ' ' && rect.width > 0.01) {
                line.widest = Math.max(line.widest, rect.width / em);
                line.drawn = Math.max(line.drawn, (rect.width + tracking) / em);
              }
              byTop.set(top, line);
            }
          }
          // Every line but the paragraph's last (set at its natural spacing).
          out.push(...[...byTop.entries()].sort((a, b) => a[0] - b[0]).slice(0, -1).map(([, line]) => line));
        }
        return out;
      });
      return { broken, lines };
    });


  it('leaves text set ragged alone, without loading the line-breaking library into the page', async () => {
    const result = await browser.inPage('ragged text', '/* no script */', async (tab) => {
      await tab.setContent('<!doctype html><html lang="en"><body><p style="text-align: left">A ragged paragraph, as the handout sets its text, with nothing to justify.</p></body></html>');
      const broken = await breakLines(tab);
      return { broken, loaded: await tab.evaluate(() => 'texLineBreak_lib' in window) };
    });
    expect(result.broken).toEqual({ set: 0, undone: 0, lines: 0, hyphens: 0, tightened: 0 });
    expect(result.loaded).toBe(false);
  });
  it("sets a paragraph whose last line the plan shrinks to fit, rather than putting it back (Chromium would wrap the line at its natural spacing)", async () => {
    const sentence = 'Become a financial contributor and help us sustain our community.';
    // The paragraph's width: its text on one line at natural spacing, less 3 px its spaces can give up.
    const natural = await browser.inPage('measure', '/* no script */', async (tab) => {
      await tab.setContent(`<!doctype html><html lang="en"><head><style>${style}</style></head><body><span id="s" style="white-space: nowrap">${sentence}</span></body></html>`);
      return tab.evaluate(() => document.getElementById('s')!.getBoundingClientRect().width);
    });
    const { broken, lines } = await setAndRead(`<p style="width: ${natural - 3}px">${sentence}</p><p style="width: 300px">${sentence} ${sentence}</p>`);
    expect(broken.set, JSON.stringify({ broken, lines })).toBe(2);
    expect(broken.undone).toBe(0);
  });

  it('breaks a long address where a typesetter would, so the lines before it need not stretch', async () => {
    const address = 'https://github.com/Hopding/pdf-lib/issues/207#issuecomment-537210471';
    const html = `<p style="width: 360px">Note that subsetting does not work for all fonts. See <a href="${address}">${address}</a> for additional details.</p>`;
    const withBreaks = await setAndRead(html);
    // Without them (a cost that forbids the break) the address breaks only at its hyphen, and the lines before it stretch past 1 em
    // (their spaces: without the letter spacing a line so stretched may take, `overflowTracking`, tested below).
    const without = await setAndRead(html, { ...lineBreaking, addressBreak: 1000, overflowTracking: 0 });
    const report = JSON.stringify({ withBreaks, without }, null, 1);
    expect(withBreaks.broken.set, report).toBe(1);
    expect(without.broken.set, report).toBe(1);
    const widest = (lines: Array<{ widest: number }>) => Math.max(...lines.slice(1).map((line) => line.widest));
    expect(widest(without.lines), report).toBeGreaterThan(1);
    expect(widest(withBreaks.lines), report).toBeLessThanOrEqual(0.5);
    // The address is broken inside (at a slash, dot or #), not at its hyphen, with no hyphen added.
    const broken = withBreaks.lines.find((line) => /https:\/\/\S*$/.test(line.text.trimEnd()));
    expect(broken?.text.trimEnd(), report).toMatch(/[^-]$/);
  });

  /**
   * Where no breaks keep every line within 0.5 em (the address breaks only where it breaks),
   * the plan stretches a line past it: the README book's ".com/Hopding/…-537210471 for" at
   * 0.66 em. Such a line takes more letter spacing (up to `overflowTracking`) where that brings
   * its spaces within the bar.
   */
  it('lets a line the plan must stretch past 0.5 em take more letter spacing, its spaces within the bar', async () => {
    const address = 'https://github.com/Hopding/pdf-lib/issues/207#issuecomment-537210471';
    const html = [350, 360].map((width) => `<p style="width: ${width}px">Note that subsetting does not work for all fonts. See <a href="${address}">${address}</a> for additional details.</p>`).join('');
    const drawn = (lines: Array<{ drawn: number }>) => Math.max(...lines.map((line) => line.drawn));
    const without = await setAndRead(html, { ...lineBreaking, overflowTracking: 0 });
    const withIt = await setAndRead(html);
    const report = JSON.stringify({ without, withIt }, null, 1);
    expect(without.broken.set, report).toBe(2);
    expect(withIt.broken.set, report).toBe(2);
    expect(drawn(without.lines), report).toBeGreaterThan(0.5);
    expect(drawn(withIt.lines), report).toBeLessThanOrEqual(0.5);
    // The same breaks: only the spacing differs.
    expect(withIt.lines.map((line) => line.text), report).toEqual(without.lines.map((line) => line.text));
  });
});

/**
 * Paragraphs with page notes (the book's: an author's footnote, and a link's address printed as
 * a note) are planned with each note's body out of the line and its call in it, as Paged.js sets
 * them, so their lines come out as planned in the PDF. Greedy breaking (such a paragraph's lot
 * before) left lines with word spaces past 0.5 em in these.
 */
describe('whole-paragraph line breaking with page notes', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'octavo-note-lines-'));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  /** Each paragraph calls an address note (its link) and an author's note: [note text, in the order of the calls]. */
  const paragraphs = [
    {
      text: (n: string) => `unified can integrate with the file system through the [engine](https://github.com/unifiedjs/unified-engine), and command line applications can be created with its argument parser,[^${n}] while plugins for task runners, language servers and streaming interfaces are made the same way, each of them taking the same configuration files and reporting its messages in the same format.`,
      notes: ['https://github.com/unifiedjs/unified-engine', 'The arguments are parsed the same way in every application.'],
    },
    {
      text: (n: string) => `Processors are configured with [plugins](https://github.com/unifiedjs/unified#plugin) or with the data method, and most plugins also accept configuration through options.[^${n}] See each plugin's readme for more information about what it accepts, which defaults it picks, and how it reports the problems it finds in the documents it is given to transform.`,
      notes: ['https://github.com/unifiedjs/unified#plugin', 'Options are checked when the plugin is attached.'],
    },
    {
      text: (n: string) => `The compiler handles the compiling of a syntax tree to something else, in most cases text, and it is used in the stringify phase, called with a node and the [virtual file](https://github.com/vfile/vfile) representation of the document to compile.[^${n}] It should return the textual representation of the given tree, typically a string, although some compilers return other values.`,
      notes: ['https://github.com/vfile/vfile', 'Compilers that do not serialize return other values.'],
    },
  ];

  it('sets paragraphs that call an address note and an author\'s note as planned: no line past the measure, word spaces at most 0.5 em, each note numbered as its call', async () => {
    // Twice over, so that the text runs onto a left-hand page (the report reads the measure from facing pages).
    const rounds = [1, 2].flatMap((round) => paragraphs.map((paragraph, i) => ({ ...paragraph, label: `n${round}-${i}` })));
    const markdown = ['---', 'title: Notes in a paragraph', 'lang: en', '---', '', '# Notes', '', ...rounds.flatMap((paragraph) => [paragraph.text(paragraph.label), '']), ...rounds.map((paragraph) => `[^${paragraph.label}]: ${paragraph.notes[1]}`), ''].join('\n');
    await writeFile(path.join(work, 'notes.md'), markdown);
    const out = path.join(work, 'out');
    const result = await octavo(['build', path.join(work, 'notes.md'), '--out', out, '--format', 'pdf', '--template', 'book', '--paper', 'a5'], { env: { SOURCE_DATE_EPOCH: '1764000000' } });
    expect(result.code, result.stderr).toBe(0);
    const pdf = path.join(out, 'notes.pdf');
    const { pages, summary } = await paginationReport(new Uint8Array(await readFile(pdf)));
    const report = JSON.stringify(pages.map((page) => ({ page: page.page, loose: page.loose, past: page.linesPastMargin })));
    expect(summary.justifiedLines, report).toBeGreaterThanOrEqual(20);
    expect(summary.linesPastMargin, report).toBe(0);
    expect(summary.looseLines, report).toBe(0);
    const calls = await noteCalls(pdf, (name) => name.startsWith('note-'));
    const notes = rounds.flatMap((paragraph) => paragraph.notes);
    expect(calls.map((call) => [call.call, call.note])).toEqual(notes.map((_, i) => [i + 1, i + 1]));
    for (const [i, call] of calls.entries()) expect(notes[i].replace(/\s+/g, '').startsWith(call.text.replace(/\s+/g, '')), `${call.text} is the start of ${notes[i]}`).toBe(true);
  }, 120_000);

  /**
   * A paragraph of three links near a page's foot, moved down a line at a time over 16 chapters:
   * where the notes of the first calls fill the foot, Paged.js broke the page at the next link,
   * in the middle of a planned line, and the words before it were the page's last line,
   * justified across the measure ("of content. Notably, remark (markdown)," at 3.0 em).
   */
  it('ends a page at a planned line, never at a link inside one, when the notes under the last lines fill its foot', async () => {
    const links = 'Several ecosystems are built on unified around different kinds of content. Notably, [remark](https://github.com/remarkjs/remark) (markdown), [rehype](https://github.com/rehypejs/rehype) (HTML), and [retext](https://github.com/retextjs/retext) (natural language). These ecosystems can be connected together, and each of them has its own plugins.';
    const book = path.join(work, 'calls');
    await writeSlidingBook(book, { title: 'Calls at the foot', paragraph: links, fillers: 7 });
    const out = path.join(work, 'calls-out');
    const result = await octavo(['build', book, '--out', out, '--format', 'pdf', '--template', 'book', '--paper', 'a5'], { env: { SOURCE_DATE_EPOCH: '1764000000' } });
    expect(result.code, result.stderr).toBe(0);
    const pdf = new Uint8Array(await readFile(path.join(out, 'calls.pdf')));
    // The case is there: in some chapter the linked paragraph goes on over a page.
    const texts = (await pageTextsWithPdfJs(pdf)).map((runs) => runs.join(''));
    expect(texts.some((text, i) => text.includes('Notably') && !text.includes('its own plugins') && texts[i + 1]?.includes('its own plugins'))).toBe(true);
    const { pages, summary } = await paginationReport(pdf);
    expect(summary.looseLines, JSON.stringify(pages.filter((page) => page.loose.length > 0).map((page) => ({ page: page.page, loose: page.loose })))).toBe(0);
    expect(summary.justifiedLines).toBeGreaterThanOrEqual(400);
  }, 120_000);
});
