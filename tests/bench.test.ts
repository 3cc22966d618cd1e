// The benchmark's own parts (scripts/bench/): what can be checked without pandoc, WeasyPrint or
// Vivliostyle installed. The generator's page calibration is checked with a real Octavo build.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import type { Root, Table } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { afterAll, describe, expect, it } from 'vitest';
import { renderChart, seriesOf, ticks } from '../scripts/bench/chart.ts';
import { concatenate, generateBook, WORDS_PER_PAGE, writeBook } from '../scripts/bench/generate-book.ts';
import { specToMarkdown } from '../scripts/bench/inputs.ts';
import { measure, processStatsRead, processTree } from '../scripts/bench/measure.ts';
import { goals, headlineLines, headlineRatios, renderReport, summarize } from '../scripts/bench/report.ts';
import type { BenchResults, Run, ToolResult } from '../scripts/bench/results.ts';
import { linearFit, median, range } from '../scripts/bench/stats.ts';
import { octavo } from './helpers/cli.ts';
import { pdfinfo } from './helpers/validators.ts';

const parseMarkdown = (text: string) => unified().use(remarkParse).use(remarkGfm).parse(text) as Root;
const words = (text: string) => text.split(/\s+/).filter((word) => /[A-Za-z]/.test(word)).length;

const scratch: string[] = [];
afterAll(() => Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true }))));

describe('stats', () => {
  it('takes the median of odd and even counts, unsorted', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('gives min and max', () => {
    expect(range([2.5, 0.5, 9])).toEqual({ min: 0.5, max: 9 });
  });

  it('fits a line', () => {
    const exact = linearFit([1, 2, 3, 4].map((x) => ({ x, y: 3 * x + 2 })));
    expect(exact.slope).toBeCloseTo(3, 12);
    expect(exact.intercept).toBeCloseTo(2, 12);
    expect(exact.r2).toBeCloseTo(1, 12);
    // y = 0, 2, 1, 3 over x = 0..3: slope 0.8, intercept 0.3, r = 0.8.
    const noisy = linearFit([0, 2, 1, 3].map((y, x) => ({ x, y })));
    expect(noisy.slope).toBeCloseTo(0.8, 12);
    expect(noisy.intercept).toBeCloseTo(0.3, 12);
    expect(noisy.r2).toBeCloseTo(0.64, 12);
    expect(() => linearFit([{ x: 1, y: 1 }])).toThrow();
  });
});

describe('the book generator', () => {
  it('is deterministic: the same pages and seed give the same text, another seed another', () => {
    const a = generateBook({ pages: 30, seed: 3 });
    expect(generateBook({ pages: 30, seed: 3 })).toEqual(a);
    expect(concatenate(generateBook({ pages: 30, seed: 4 }))).not.toBe(concatenate(a));
  });

  it('writes chapters in name order, a title only in the first, headings, lists, a table and footnotes', () => {
    const chapters = generateBook({ pages: 100 });
    expect(chapters.map((c) => c.name)).toEqual([...chapters.map((c) => c.name)].sort());
    expect(chapters).toHaveLength(10);
    expect(chapters[0].markdown).toMatch(/^---\ntitle: A Generated Book of 100 Pages\n/);
    expect(chapters.slice(1).every((c) => !c.markdown.startsWith('---'))).toBe(true);

    const tree = parseMarkdown(concatenate(chapters));
    const count: Record<string, number> = {};
    visit(tree, (node) => {
      count[node.type] = (count[node.type] ?? 0) + 1;
    });
    expect(count.heading).toBeGreaterThanOrEqual(10);
    expect(count.list).toBeGreaterThan(10);
    expect(count.table).toBe(10);
    expect(count.emphasis).toBeGreaterThan(100);
    expect(count.strong).toBeGreaterThan(10);
    // Every reference has its definition, and labels stay unique once the chapters are one file.
    expect(count.footnoteReference).toBeGreaterThan(10);
    expect(count.footnoteDefinition).toBe(count.footnoteReference);
    const labels: string[] = [];
    visit(tree, 'footnoteDefinition', (node) => void labels.push(node.identifier));
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('writes about WORDS_PER_PAGE words a page', () => {
    for (const pages of [100, 500]) {
      const total = words(concatenate(generateBook({ pages })));
      expect(total / pages).toBeGreaterThan(WORDS_PER_PAGE * 0.97);
      expect(total / pages).toBeLessThan(WORDS_PER_PAGE * 1.05);
    }
  });

  it('is calibrated: Octavo prints a 30-page book on about 30 A4 pages', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'octavo-bench-test-'));
    scratch.push(dir);
    await writeBook(generateBook({ pages: 30 }), { dir: join(dir, 'book'), singleFile: join(dir, 'book.md') });
    const result = await octavo(['build', join(dir, 'book'), '--out', join(dir, 'out'), '--format', 'pdf']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const pages = Number((await pdfinfo(join(dir, 'out', 'book.pdf'))).Pages);
    expect(pages).toBeGreaterThanOrEqual(26);
    expect(pages).toBeLessThanOrEqual(34);
  });
});

describe('the CommonMark spec as plain Markdown', () => {
  // The spec's own layout: YAML closed by `...`, examples split by a `.` line.
  const spec = [
    '---',
    'title: CommonMark Spec',
    'author: John MacFarlane',
    "version: '0.31.2'",
    "date: '2024-01-28'",
    '...',
    '',
    '# Tabs',
    '',
    '```````````````````````````````` example',
    '→foo',
    '.',
    '<pre><code>foo',
    '</code></pre>',
    '````````````````````````````````',
    '',
    'Text after.',
  ].join('\n');

  it('turns each example into a Markdown and an HTML code block and closes the front matter', () => {
    const markdown = specToMarkdown(spec);
    expect(markdown.startsWith('---\ntitle: CommonMark Spec\nauthor: John MacFarlane\ndate: 2024-01-28\n---\n')).toBe(true);
    const tree = parseMarkdown(markdown.replace(/^---\n[\s\S]*?\n---\n/, ''));
    const code: { lang?: string | null; value: string }[] = [];
    visit(tree, 'code', (node) => void code.push({ lang: node.lang, value: node.value }));
    expect(code).toEqual([
      { lang: 'markdown', value: '→foo' },
      { lang: 'html', value: '<pre><code>foo\n</code></pre>' },
    ]);
    expect(tree.children.at(-1)).toMatchObject({ type: 'paragraph' });
  });
});

describe('measure', () => {
  it('times a real process and sums the memory of its whole tree', async () => {
    // Two children each holding 120 MiB for 1.2 s: the tree's peak is more than either alone.
    const hold = 'const b = Buffer.alloc(120 * 2 ** 20, 1); setTimeout(() => b.length, 1200)';
    const m = await measure({ argv: ['sh', '-c', `node -e '${hold}' & node -e '${hold}' & wait`], cwd: tmpdir() });
    expect(m.exitCode).toBe(0);
    expect(m.timedOut).toBe(false);
    expect(m.seconds).toBeGreaterThanOrEqual(1.2);
    expect(m.peakRss).toBeGreaterThan(240 * 2 ** 20);
  });

  it('reads each process\'s parent once, not at every sample (the sampler runs beside what it times)', async () => {
    await processTree(process.pid);
    const before = processStatsRead();
    for (let sample = 0; sample < 10; sample++) await processTree(process.pid);
    // Only processes started since: about 70 a sample before.
    expect(processStatsRead() - before).toBeLessThan(20);
  });

  it('kills a run that outlives its timeout', async () => {
    const m = await measure({ argv: ['sh', '-c', 'sleep 30 & wait'], cwd: tmpdir() }, { timeoutMs: 300 });
    expect(m.timedOut).toBe(true);
    expect(m.exitCode).not.toBe(0);
  });
});

// Sample measurements: made up, in the shape a run records.
const runs = (seconds: number[], peakMiB = 300): Run[] => seconds.map((s, i) => ({ round: i + 1, seconds: s, peakRss: peakMiB * 2 ** 20, load: 1.5 }));
const tool = (id: string, seconds: number[], extra: Partial<ToolResult> = {}): ToolResult => ({ tool: id, label: `${id} & co <pdf>`, formats: ['pdf'], runs: runs(seconds), ...extra });
const sample: BenchResults = {
  startedAt: '2026-01-01T00:00:00Z',
  finishedAt: '2026-01-01T00:10:00Z',
  rounds: 3,
  repeatUnder: 90,
  note: 'sample',
  machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 24, os: 'Linux', node: 'v20', chromium: { path: '/tmp/chromium', version: 'Chromium 147', how: 'embedded' }, versions: { pandoc: 'pandoc 2.17' } },
  commands: [{ tool: 'octavo', label: 'Octavo', line: 'node bin/octavo.js build INPUT --out OUT' }],
  unavailable: [{ tool: 'md-to-pdf', reason: 'not installed' }],
  inputs: [
    { id: 'review', label: 'The review', octavoPages: 2, tools: [tool('octavo', [1.2, 1.0, 1.1]), tool('floor', [0.9, 1.0, 0.8]), tool('vivliostyle', [5, 6, 4])] },
    {
      id: 'spec',
      label: 'Spec',
      octavoPages: 140,
      tools: [tool('octavo', [3, 3, 3]), tool('vivliostyle', [9, 10, 11]), tool('pandoc-epub', [1, 1.5, 0.5]), tool('pandoc-html', [2, 2, 2]), { ...tool('pandoc-weasyprint', [5, 5, 5]), runs: [...runs([5, 5]), { round: 3, seconds: 600, peakRss: 0, load: 2, error: 'killed after 600 s' }] }],
    },
    { id: 'book-100', label: 'Book 100', targetPages: 100, octavoPages: 100, tools: [tool('octavo', [3, 3, 3])] },
    { id: 'book-1000', label: 'Book 1000', targetPages: 1000, octavoPages: 1000, tools: [tool('octavo', [21, 20, 22], { runs: runs([21, 20, 22], 1600) })] },
  ],
  warm: { measured: false, reason: 'not measured: no --watch yet' },
};

describe('the report', () => {
  it('summarizes successful runs only', () => {
    const withFailure = sample.inputs[1].tools.find((t) => t.tool === 'pandoc-weasyprint')!;
    expect(summarize(withFailure)).toMatchObject({ median: 5, min: 5, max: 5, ok: 2, failed: 1, error: 'killed after 600 s' });
    expect(summarize({ ...withFailure, runs: withFailure.runs.slice(2) })).toBeUndefined();
  });

  it('computes the goals of issues 7 and 21 from the medians', () => {
    const byGoal = goals(sample);
    expect(byGoal[0]).toMatchObject({ pass: true, value: '0.22 (1.10 s / 5.00 s)' }); // 1.1 / 5
    expect(byGoal[1]).toMatchObject({ pass: false, value: '1.22 (1.10 s / 0.90 s)', target: '≤ 1.20' }); // 1.1 / 0.9 > 1.2 (issue 21)
    expect(byGoal[2]).toMatchObject({ pass: true, value: '0.30 (3.00 s / 10.0 s)' }); // on the limit: ≤ passes
    expect(byGoal[3]).toMatchObject({ pass: false }); // 3 / 5 = 0.6 > 0.5
    expect(byGoal[4]).toMatchObject({ pass: true, value: '21.0 s' });
    expect(byGoal[5]).toMatchObject({ pass: false, value: '1600 MiB' });
    expect(byGoal[6].value).toMatch(/^slope 2\.00 s per 100 pages, intercept 1\.00 s, R² 1\.000$/);
    expect(byGoal[7]).toMatchObject({ note: 'not measured: no --watch yet' });
  });

  it("prints issue 21's three ratios against their goals, with the load of the runs", () => {
    expect(headlineRatios(sample).map((g) => [g.target, g.pass])).toEqual([
      ['≤ 0.50', false], // spec: 3 / 5
      ['≤ 0.25', true], // review ÷ Vivliostyle: 1.1 / 5
      ['≤ 1.20', false], // review ÷ floor: 1.1 / 0.9
    ]);
    const lines = headlineLines(sample);
    expect(lines[0]).toBe('Ratios of medians (3 rounds, tools side by side, load 1.50–2.00 (median 1.50) on 2 cores):');
    expect(lines.slice(1).map((line) => line.trim().split(/\s+/)[0])).toEqual(['FAIL', 'pass', 'FAIL']);
    // A baseline checkout timed in the same rounds (--baseline) gets its three ratios too.
    const withBaseline: BenchResults = { ...sample, inputs: sample.inputs.map((input) => ({ ...input, tools: [...input.tools, tool('octavo-baseline', [2, 2, 2])] })) };
    expect(headlineLines(withBaseline).slice(4).map((line) => line.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual(['pass 0.40', 'FAIL 0.40', 'FAIL 2.22']);
  });

  it('renders Markdown whose tables parse with a row for every tool', () => {
    const markdown = renderReport(sample, { chart: 'bench/chart.svg' });
    const tables: Table[] = [];
    visit(parseMarkdown(markdown), 'table', (node) => void tables.push(node));
    expect(tables).toHaveLength(1 + sample.inputs.length);
    for (const table of tables) {
      const width = table.children[0].children.length;
      expect(table.children.every((row) => row.children.length === width)).toBe(true);
    }
    // The spec has all three pandoc rows, so one more: their sum.
    expect(tables.slice(1).map((table) => table.children.length - 1)).toEqual(sample.inputs.map((input) => input.tools.length + (input.id === 'spec' ? 1 : 0)));
    expect(markdown).toContain('| pandoc ×3: the three pandoc rows added up | epub, pdf, html | 8.00 | 7.50–8.50 | 300 | ? | (sum) |');
    expect(markdown).toContain('![Median seconds against pages for each tool](bench/chart.svg)');
    expect(markdown).toContain('- md-to-pdf: not installed');
  });

  it('prints a tool\'s error without its terminal colours (Vivliostyle colours its ERROR): the report is a document, built with the manual', () => {
    const coloured = '\u001b[91mERROR\u001b[39m YAMLException: end of the stream';
    const failing: BenchResults = {
      ...sample,
      unavailable: [{ tool: 'md-to-pdf', reason: `failed its warm-up run: ${coloured}` }],
      inputs: sample.inputs.map((input) => (input.id !== 'spec' ? input : { ...input, tools: input.tools.map((each) => (each.tool !== 'vivliostyle' ? each : { ...each, runs: [{ round: 1, seconds: 2, peakRss: 0, load: 1, error: `exit 1: ${coloured}` }] })) })),
    };
    const markdown = renderReport(failing, { chart: 'bench/chart.svg' });
    expect(markdown).toContain('ERROR YAMLException: end of the stream');
    expect(markdown).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });
});

describe('the chart', () => {
  it('picks round tick steps that cover the maximum', () => {
    expect(ticks(1000)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(ticks(23)).toEqual([0, 5, 10, 15, 20, 25]);
  });

  it('is well-formed SVG with a line and a point per measured input for each tool', () => {
    const series = seriesOf(sample);
    expect(series.find((s) => s.label.startsWith('octavo'))!.points).toEqual([
      { x: 2, y: 1.1, joined: false },
      { x: 100, y: 3, joined: true },
      { x: 140, y: 3, joined: false },
      { x: 1000, y: 21, joined: true },
    ]);
    const svg = renderChart(series, { title: 'Time & pages', xLabel: 'pages', yLabel: 'seconds' });
    const errors: string[] = [];
    const doc = new DOMParser({ onError: (level, message) => void errors.push(`${level}: ${message}`) }).parseFromString(svg, 'image/svg+xml');
    expect(errors).toEqual([]);
    expect(doc.documentElement!.tagName).toBe('svg');
    expect(doc.documentElement!.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    // A mark per point, plus the two of the key.
    const points = series.reduce((sum, s) => sum + s.points.length, 0);
    expect(doc.getElementsByTagName('circle').length).toBe(points + 2);
    // Only the books are joined: Octavo has two, the others one or none.
    expect(doc.getElementsByTagName('polyline').length).toBe(1);
    expect(doc.getElementsByTagName('polyline')[0].getAttribute('points')!.split(' ')).toHaveLength(2);
    const text = Array.from(doc.getElementsByTagName('text')).map((t) => t.textContent);
    expect(text).toContain('Time & pages');
    expect(text).toContain('octavo & co <pdf>');
  });
});
