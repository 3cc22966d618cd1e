import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blueRows } from './helpers/blue-rows.ts';
import { octavo } from './helpers/cli.ts';
import { pdfLayout, type PageLayout } from './helpers/pdf-layout.ts';
import { renderPages } from './helpers/validators.ts';

/**
 * Issue 23: a figure that does not fit the rest of its page heads the next page, and the text
 * after it flows on to fill the page before, instead of leaving that page's foot empty: in the
 * book (Paged.js: `paged-handlers.ts` defers it) and in the handout (Chromium's own print:
 * `flow-figures.ts` moves it in the print document). Every paragraph printed, read in the
 * order printed by the build's own text check (--strict).
 */
const dpi = 50;
const pt = dpi / 72;
const paragraphs = 14;
const sentence = 'The river ran on past the mill, and the miller counted the sacks as they came down from the loft one by one.';

function image(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let at = 0; at < width * height * 4; at += 4) png.data.set([40, 120, 230, 255], at);
  return PNG.sync.write(png);
}

// The handout's folio ("page 2 of 4") is not text.
const bodyLines = (page: PageLayout) => page.lines.filter((line) => /^(Paragraph|[a-z]|The|A tall)/.test(line.text) && !/^page \d+ of \d+$/.test(line.text));

/** Builds a text of paragraphs with a blue figure after the `before`-th, in a template. */
async function build(dir: string, template: string, options: { before: number; sentences: number; sentencesAfter?: number; image: [number, number] }): Promise<{ pdf: string; pages: PageLayout[] }> {
  await writeFile(path.join(dir, 'tall.png'), image(...options.image));
  const text = (from: number, to: number, sentences = options.sentences) => Array.from({ length: to - from }, (_, i) => `Paragraph ${from + i + 1}. ${Array(sentences).fill(sentence).join(' ')}`).join('\n\n');
  await writeFile(path.join(dir, 'flow.md'), `---\ntitle: Flow\nlang: en\n---\n\n# The mill\n\n${text(0, options.before)}\n\n![A blue block](tall.png "A tall figure that does not fit under the last paragraph")\n\n${text(options.before, paragraphs, options.sentencesAfter)}\n`);
  const result = await octavo(['build', path.join(dir, 'flow.md'), '--out', dir, '--format', 'pdf', '--template', template, '--strict'], { env: { SOURCE_DATE_EPOCH: '1764000000' } });
  expect(result.code, result.stderr).toBe(0);
  const pdf = path.join(dir, 'flow.pdf');
  return { pdf, pages: await pdfLayout(pdf) };
}

/** The figure's page, its blue rows (at `dpi`) and its caption's line. */
async function figureOn(pdf: string, pages: PageLayout[], dir: string) {
  const page = pages.find((each) => each.lines.some((line) => line.text.startsWith('A tall figure')))!;
  const [name] = await renderPages(pdf, path.join(dir, 'figure'), { dpi, first: page.number, last: page.number });
  const rows = blueRows(PNG.sync.read(await readFile(path.join(dir, 'figure', name))));
  const caption = page.lines.find((line) => line.text.startsWith('A tall figure'))!;
  const [before] = await renderPages(pdf, path.join(dir, 'before'), { dpi, first: page.number - 1, last: page.number - 1 });
  const rowsBefore = blueRows(PNG.sync.read(await readFile(path.join(dir, 'before', before))));
  return { page, rows, caption, rowsBefore };
}

/** How far (pt) the page's last body line is above the foot of a full page of text (the lowest body line of any page). */
function emptyFoot(pages: PageLayout[], page: PageLayout): number {
  const foot = Math.max(...pages.map((each) => Math.max(0, ...bodyLines(each).map((line) => line.y))));
  return foot - Math.max(...bodyLines(page).map((line) => line.y));
}

const everyParagraph = (pages: PageLayout[]) => {
  const all = pages.map((page) => page.lines.map((line) => line.text).join('\n')).join('\n');
  return Array.from({ length: paragraphs }, (_, i) => `Paragraph ${i + 1}.`).filter((label) => !all.includes(label));
};

/** Builds the text once for a describe block (`build`), in a directory of its own removed after it. */
function builtOnce(prefix: string, template: string, options: Parameters<typeof build>[2]): { dir: string; pdf: string; pages: PageLayout[] } {
  const built = { dir: '', pdf: '', pages: [] as PageLayout[] };
  beforeAll(async () => {
    built.dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    Object.assign(built, await build(built.dir, template, options));
  }, 120_000);
  afterAll(() => rm(built.dir, { recursive: true, force: true }));
  return built;
}

/** The page before the figure's ends at the foot, with the paragraph after the figure on it. */
function expectPageBeforeFilled(pages: PageLayout[]): void {
  const page = pages.find((each) => each.lines.some((line) => line.text.startsWith('A tall figure')))!;
  const previous = pages[page.number - 2];
  expect(emptyFoot(pages, previous), `page ${previous.number} ends above the foot`).toBeLessThan(30);
  expect(previous.lines.some((line) => line.text.startsWith('Paragraph 5.')), 'the paragraph after the figure, on the page before it').toBe(true);
}

describe('a figure too tall for the rest of its page, in the book', () => {
  const built = builtOnce('octavo-figure-flow-', 'book', { before: 4, sentences: 2, image: [300, 700] });

  it('prints every paragraph, and the figure whole at the top of the next page', async () => {
    const { dir, pdf, pages } = built;
    expect(everyParagraph(pages)).toEqual([]);
    const { page, rows, caption, rowsBefore } = await figureOn(pdf, pages, dir);
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.at(-1)!).toBeLessThan(caption.y * pt);
    // Nothing of the text above it on its page: it heads the page (its first rows above every body line).
    const above = bodyLines(page).filter((line) => line.y * pt < rows[0]);
    expect(above.map((line) => line.text)).toEqual([]);
    expect(rowsBefore).toEqual([]);
  });

  it('fills the page before the figure with the text that follows it', () => expectPageBeforeFilled(built.pages));
});

describe('a figure too tall for the rest of its page, in the handout (Chromium\'s own print)', () => {
  const built = builtOnce('octavo-figure-flow-handout-', 'handout', { before: 4, sentences: 4, image: [300, 700] });

  it('prints every paragraph, and the figure whole on the next page, at most the end of one paragraph above it', async () => {
    const { dir, pdf, pages } = built;
    expect(everyParagraph(pages)).toEqual([]);
    const { page, rows, caption, rowsBefore } = await figureOn(pdf, pages, dir);
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.at(-1)!).toBeLessThan(caption.y * pt);
    // Above it on its page, no more than the last lines of the paragraph that ran over the foot of the page before.
    const above = bodyLines(page).filter((line) => line.y * pt < rows[0]);
    expect(above.some((line) => line.text.startsWith('Paragraph')), 'no paragraph begins above the figure').toBe(false);
    expect(rowsBefore).toEqual([]);
  });

  it('fills the page before the figure with the text that follows it', () => expectPageBeforeFilled(built.pages));
});

describe('an image taller than the page, in the handout', () => {
  // The paragraph at the foot of page 1 could split there, but the figure would not fit under its last lines.
  const built = builtOnce('octavo-figure-tall-handout-', 'handout', { before: 4, sentences: 4, sentencesAfter: 3, image: [300, 3000] });

  it('is scaled to the page area, whole on one page with its caption, and the text flows on before it', async () => {
    const { dir, pdf, pages } = built;
    expect(everyParagraph(pages)).toEqual([]);
    const { page, rows, caption, rowsBefore } = await figureOn(pdf, pages, dir);
    // It opens its page: no page of the last lines of a paragraph before it.
    expect(bodyLines(page).filter((line) => line.y * pt < rows[0]).map((line) => line.text)).toEqual([]);
    expect(rows.length).toBeGreaterThan(200);
    expect(rows.at(-1)!).toBeLessThan(caption.y * pt);
    expect(rowsBefore).toEqual([]);
    const after = pages[page.number];
    if (after) {
      const [name] = await renderPages(pdf, path.join(dir, 'after'), { dpi, first: after.number, last: after.number });
      expect(blueRows(PNG.sync.read(await readFile(path.join(dir, 'after', name))))).toEqual([]);
    }
    expect(emptyFoot(pages, pages[page.number - 2])).toBeLessThan(60);
  });
});
