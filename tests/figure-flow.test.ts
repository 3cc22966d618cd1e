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
 * after it flows on to fill the page before (book template, Paged.js: `paged-handlers.ts`
 * defers it), instead of leaving that page's foot empty. Every paragraph printed, read in the
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

describe('a figure too tall for the rest of its page, in the book', () => {
  let dir: string;
  let pdf: string;
  let pages: PageLayout[];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-figure-flow-'));
    await writeFile(path.join(dir, 'tall.png'), image(300, 700));
    const text = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `Paragraph ${from + i + 1}. ${sentence} ${sentence}`).join('\n\n');
    await writeFile(path.join(dir, 'flow.md'), `---\ntitle: Flow\nlang: en\n---\n\n# The mill\n\n${text(0, 4)}\n\n![A blue block](tall.png "A tall figure that does not fit under the fourth paragraph")\n\n${text(4, paragraphs)}\n`);
    const result = await octavo(['build', path.join(dir, 'flow.md'), '--out', dir, '--format', 'pdf', '--template', 'book', '--strict'], { env: { SOURCE_DATE_EPOCH: '1764000000' } });
    expect(result.code, result.stderr).toBe(0);
    pdf = path.join(dir, 'flow.pdf');
    pages = await pdfLayout(pdf);
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const bodyLines = (page: PageLayout) => page.lines.filter((line) => /^(Paragraph|[a-z]|The|A tall)/.test(line.text));

  it('prints every paragraph, and the figure whole at the top of the next page', async () => {
    const all = pages.map((page) => page.lines.map((line) => line.text).join('\n')).join('\n');
    for (let i = 1; i <= paragraphs; i++) expect(all).toContain(`Paragraph ${i}.`);
    const page = pages.find((each) => each.lines.some((line) => line.text.startsWith('A tall figure')))!;
    const [name] = await renderPages(pdf, path.join(dir, 'figure'), { dpi, first: page.number, last: page.number });
    const rows = blueRows(PNG.sync.read(await readFile(path.join(dir, 'figure', name))));
    const caption = page.lines.find((line) => line.text.startsWith('A tall figure'))!;
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.at(-1)!).toBeLessThan(caption.y * pt);
    // Nothing of the text above it on its page: it heads the page (its first rows above every body line).
    const above = bodyLines(page).filter((line) => line.y * pt < rows[0]);
    expect(above.map((line) => line.text)).toEqual([]);
    const [before] = await renderPages(pdf, path.join(dir, 'before'), { dpi, first: page.number - 1, last: page.number - 1 });
    expect(blueRows(PNG.sync.read(await readFile(path.join(dir, 'before', before))))).toEqual([]);
  });

  it('fills the page before the figure with the text that follows it', () => {
    const page = pages.find((each) => each.lines.some((line) => line.text.startsWith('A tall figure')))!;
    const previous = pages[page.number - 2];
    // The foot of a full page of text: the lowest body line of any page.
    const foot = Math.max(...pages.map((each) => Math.max(0, ...bodyLines(each).map((line) => line.y))));
    const last = Math.max(...bodyLines(previous).map((line) => line.y));
    expect(foot - last, `page ${previous.number} ends ${Math.round(foot - last)} pt above the foot`).toBeLessThan(30);
    expect(previous.lines.some((line) => line.text.startsWith('Paragraph 5.')), 'the paragraph after the figure, on the page before it').toBe(true);
  });
});
