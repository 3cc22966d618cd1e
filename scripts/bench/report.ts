import { stripVTControlCharacters } from 'node:util';
import { linearFit, median, range } from './stats.ts';
import type { BenchResults, InputResult, PaginationBench, ToolResult } from './results.ts';

export interface Summary {
  median: number;
  min: number;
  max: number;
  /** Highest peak over the successful runs, MiB. */
  peakMiB: number;
  ok: number;
  failed: number;
  /** The first failure's message. */
  error?: string;
}

const MiB = 2 ** 20;

/** Medians and ranges of a tool's successful runs; undefined when none succeeded. */
export function summarize(tool: ToolResult): Summary | undefined {
  const ok = tool.runs.filter((run) => !run.error);
  const failed = tool.runs.length - ok.length;
  const error = tool.runs.find((run) => run.error)?.error;
  if (ok.length === 0) return undefined;
  const seconds = ok.map((run) => run.seconds);
  return { median: median(seconds), ...range(seconds), peakMiB: Math.max(...ok.map((run) => run.peakRss)) / MiB, ok: ok.length, failed, error };
}

function find(results: BenchResults, input: string, tool: string): Summary | undefined {
  const entry = results.inputs.find((i) => i.id === input)?.tools.find((t) => t.tool === tool);
  return entry ? summarize(entry) : undefined;
}

export interface Goal {
  goal: string;
  value: string;
  target: string;
  /** undefined: not measured, or no target set. */
  pass?: boolean;
  note?: string;
}

const s = (seconds: number) => (seconds < 10 ? seconds.toFixed(2) : seconds.toFixed(1));

function ratio(results: BenchResults, input: string, tool: string, anchor: string, limit: number, goal: string): Goal {
  const a = find(results, input, tool);
  const b = find(results, input, anchor);
  const target = `≤ ${limit.toFixed(2)}`;
  if (!a || !b) return { goal, value: '—', target, note: `not measured: ${!a ? tool : anchor} has no successful run on ${input}` };
  const value = a.median / b.median;
  return { goal, value: `${value.toFixed(2)} (${s(a.median)} s / ${s(b.median)} s)`, target, pass: value <= limit };
}

/**
 * The ratios issue 21 asks of a build ("Faster, not slower"): the spec's three formats against
 * pandoc + WeasyPrint's PDF, the review's against Vivliostyle's PDF and against the floor.
 */
export function headlineRatios(results: BenchResults, octavo = 'octavo'): Goal[] {
  const who = octavo === 'octavo' ? 'Octavo' : 'Octavo (baseline)';
  return [
    ratio(results, 'spec', octavo, 'pandoc-weasyprint', 0.5, `CommonMark spec: ${who}, all three ÷ pandoc + WeasyPrint, PDF alone`),
    ratio(results, 'review', octavo, 'vivliostyle', 0.25, `Review: ${who}, all three formats ÷ Vivliostyle CLI, PDF alone`),
    ratio(results, 'review', octavo, 'floor', 1.2, `Review: ${who}, all three formats ÷ the floor (bare puppeteer-core print)`),
  ];
}

/** The headline ratios as the bench prints them at its end, with the load the runs started at. */
export function headlineLines(results: BenchResults): string[] {
  const loads = results.inputs
    .filter((input) => input.id === 'spec' || input.id === 'review')
    .flatMap((input) => input.tools.flatMap((tool) => tool.runs.map((run) => run.load)));
  const load = loads.length > 0 ? `load ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} (median ${median(loads).toFixed(2)}) on ${results.machine.cores} cores` : 'no runs';
  return [
    `Ratios of medians (${results.rounds} round${results.rounds === 1 ? '' : 's'}, tools side by side, ${load}):`,
    ...['octavo', 'octavo-baseline']
      .filter((id) => id === 'octavo' || results.inputs.some((input) => input.tools.some((tool) => tool.tool === id)))
      .flatMap((id) => headlineRatios(results, id))
      .map((g) => `  ${g.pass === undefined ? 'n/a ' : g.pass ? 'pass' : 'FAIL'}  ${g.value.padEnd(26)} goal ${g.target}  ${g.goal}${g.note ? ` (${g.note})` : ''}`),
  ];
}

/** The goals of issues 7 and 21, computed from this run's medians. */
export function goals(results: BenchResults): Goal[] {
  const [spec, review, floor] = headlineRatios(results);
  const out: Goal[] = [review, floor, ratio(results, 'spec', 'octavo', 'vivliostyle', 0.3, 'CommonMark spec: Octavo, all three ÷ Vivliostyle CLI, PDF alone'), spec];
  const book = find(results, 'book-1000', 'octavo');
  out.push(
    book
      ? { goal: '1000-page book: Octavo, all three, median time', value: `${s(book.median)} s`, target: '< 30 s', pass: book.median < 30 }
      : { goal: '1000-page book: Octavo, all three, median time', value: '—', target: '< 30 s', note: 'not measured: no successful Octavo run on book-1000' },
    book
      ? { goal: '1000-page book: Octavo, peak memory (process tree RSS)', value: `${Math.round(book.peakMiB)} MiB`, target: '< 1536 MiB (1.5 GiB)', pass: book.peakMiB < 1536 }
      : { goal: '1000-page book: Octavo, peak memory (process tree RSS)', value: '—', target: '< 1536 MiB (1.5 GiB)', note: 'not measured' },
  );
  const points = results.inputs
    .filter((input) => input.id.startsWith('book-') && input.octavoPages !== undefined)
    .flatMap((input) => {
      const summary = find(results, input.id, 'octavo');
      return summary ? [{ x: input.octavoPages!, y: summary.median }] : [];
    });
  if (points.length >= 2 && new Set(points.map((p) => p.x)).size >= 2) {
    const fit = linearFit(points);
    out.push({
      goal: `Octavo's time against pages, books (${points.map((p) => p.x).join(', ')} pages)`,
      value: `slope ${(fit.slope * 100).toFixed(2)} s per 100 pages, intercept ${s(fit.intercept)} s, R² ${fit.r2.toFixed(3)}`,
      target: 'reported (issue 7 sets no number)',
    });
  } else {
    out.push({ goal: "Octavo's time against pages, books", value: '—', target: 'reported', note: 'not measured: fewer than two book sizes' });
  }
  const warm = results.warm;
  out.push(
    warm.measured
      ? { goal: 'Warm rebuild (watch), review, all three', value: `${s(median(warm.seconds))} s median of ${warm.seconds.length} (${s(Math.min(...warm.seconds))}–${s(Math.max(...warm.seconds))})`, target: '≤ 0.30 s', pass: median(warm.seconds) <= 0.3 }
      : { goal: 'Warm rebuild (watch), review, all three', value: '—', target: '≤ 0.30 s', note: warm.reason },
  );
  const warmBook = results.warmBook;
  if (warmBook) {
    out.push(
      warmBook.measured
        ? { goal: 'Warm rebuild (watch), 100-page book, one chapter edited', value: `${s(median(warmBook.seconds))} s median of ${warmBook.seconds.length} (${s(Math.min(...warmBook.seconds))}–${s(Math.max(...warmBook.seconds))})`, target: 'reported' }
        : { goal: 'Warm rebuild (watch), 100-page book, one chapter edited', value: '—', target: 'reported', note: warmBook.reason },
    );
  }
  return out;
}

/** Text for a Markdown table cell or code span: a tool's colours (ANSI escapes, as Vivliostyle prints its errors) taken out, pipes escaped, one line. */
const cell = (text: string) => stripVTControlCharacters(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function inputTable(input: InputResult): string[] {
  const lines = [
    `### ${input.label}`,
    '',
    input.octavoPages !== undefined ? `Octavo's A4 handout PDF: **${input.octavoPages} pages**${input.targetPages ? ` (${input.targetPages} asked of the generator)` : ''}.` : '',
    '',
    '| tool | formats | median s | min–max s | peak RSS MiB | PDF pages | runs ok |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const tool of input.tools) {
    const summary = summarize(tool);
    const pages = tool.pages !== undefined ? String(tool.pages) : tool.formats.includes('pdf') ? '?' : '—';
    if (!summary) {
      lines.push(`| ${cell(tool.label)} | ${tool.formats.join(', ')} | failed | — | — | ${pages} | 0/${tool.runs.length} |`);
      continue;
    }
    lines.push(
      `| ${cell(tool.label)} | ${tool.formats.join(', ')} | ${s(summary.median)} | ${s(summary.min)}–${s(summary.max)} | ${Math.round(summary.peakMiB)} | ${pages} | ${summary.ok}/${tool.runs.length} |`,
    );
  }
  const parts = ['pandoc-epub', 'pandoc-html', 'pandoc-weasyprint'].map((id) => input.tools.find((tool) => tool.tool === id));
  const sums = parts.map((tool) => (tool ? summarize(tool) : undefined));
  if (sums.every((sum) => sum !== undefined)) {
    const total = (key: 'median' | 'min' | 'max') => sums.reduce((acc, sum) => acc + sum![key], 0);
    lines.push(`| pandoc ×3: the three pandoc rows added up | epub, pdf, html | ${s(total('median'))} | ${s(total('min'))}–${s(total('max'))} | ${Math.round(Math.max(...sums.map((sum) => sum!.peakMiB)))} | ${parts[2]!.pages ?? '?'} | (sum) |`);
  }
  const failures = input.tools.filter((tool) => tool.runs.some((run) => run.error));
  for (const tool of failures) {
    const error = tool.runs.find((run) => run.error)!.error!;
    lines.push('', `- ${tool.label} failed ${tool.runs.filter((run) => run.error).length} of ${tool.runs.length} runs: \`${cell(error.split('\n').slice(-3).join(' ').slice(0, 300))}\``);
  }
  lines.push('');
  return lines;
}

/** BENCHMARKS.md from one run's results. */
export function renderReport(results: BenchResults, options: { chart: string; pagination?: PaginationBench }): string {
  const m = results.machine;
  const loads = results.inputs.flatMap((input) => input.tools.flatMap((tool) => tool.runs.map((run) => run.load)));
  const loadLine = loads.length > 0 ? `${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} (median ${median(loads).toFixed(2)}) on ${m.cores} cores` : 'no runs';
  const lines: string[] = [
    '# Benchmarks',
    '',
    '<!-- Generated by `npm run bench` (scripts/bench/); edit the code, not this file. -->',
    '',
  ];
  if (results.note) lines.push(`> **${results.note}**`, '');
  lines.push(
    `Run ${results.startedAt} → ${results.finishedAt}, ${results.rounds} round${results.rounds === 1 ? '' : 's'}; each round runs every tool once on every input, in an order rotated each round. A tool whose first run on an input took over ${results.repeatUnder} s, or failed, is not run on that input again (the runs column says how many were).`,
    '',
    '## The machine',
    '',
    `- CPU: ${m.cpu}, ${m.cores} cores; memory ${m.memoryGiB} GiB; ${m.os}`,
    `- Load average (1 min) at the start of the runs: ${loadLine}`,
    `- Node ${m.node}`,
    `- Chromium (one binary for every browser-based tool): ${m.chromium.version} — \`${m.chromium.path}\`, ${m.chromium.how}`,
    ...Object.entries(m.versions).map(([tool, version]) => `- ${tool}: ${version}`),
    '',
    '## Goals (issues 7 and 21), from this run',
    '',
    '| goal | value | target | result |',
    '| --- | --- | --- | --- |',
    ...goals(results).map((g) => `| ${cell(g.goal)} | ${cell(g.value)} | ${cell(g.target)} | ${g.pass === undefined ? (g.note ? cell(g.note) : '—') : g.pass ? '**pass**' : '**fail**'} |`),
    '',
    `![Median seconds against pages for each tool](${options.chart})`,
    '',
    `Time against pages, above: median seconds of each tool on each input, placed at the page count of Octavo's PDF of that input (the same Markdown for every tool).`,
    '',
    '## Results',
    '',
    'Seconds are wall-clock, from spawning the command to its exit (a cold process every time). Peak RSS is the highest sum of resident memory over the command\'s process tree (Chromium\'s processes included), sampled every 100 ms; shared pages count once per process, so it over-states multi-process tools a little.',
    '',
  );
  for (const input of results.inputs) lines.push(...inputTable(input));
  lines.push(
    '### Warm rebuild (watch)',
    '',
    results.warm.measured
      ? `\`${results.warm.command}\`: ${results.warm.seconds.map((x) => s(x)).join(', ')} s from saving the manuscript to all three artifacts rewritten (median ${s(median(results.warm.seconds))} s).`
      : results.warm.reason,
    '',
    ...(results.warmBook
      ? [
          results.warmBook.measured
            ? `The 100-page book (100 chapter files; each round appends a sentence to chapter 50): \`${results.warmBook.command}\`: ${results.warmBook.seconds.map((x) => s(x)).join(', ')} s (median ${s(median(results.warmBook.seconds))} s). Watch mode re-reads only the edited chapter; the other 99 come from memory.`
            : results.warmBook.reason,
          '',
        ]
      : []),
    '## The commands',
    '',
    'INPUT is Octavo\'s input (a file, or a folder of chapter files); INPUT.md the same Markdown as one file (chapters concatenated); OUT an empty folder per run; CHROMIUM the browser above.',
    '',
    '```sh',
    ...results.commands.map((c) => `# ${c.label}\n${c.line}`),
    '```',
    '',
  );
  lines.push(
    '## How each tool is run',
    '',
    '- **Octavo**: a new `node bin/octavo.js` process per run, all three formats. Its caches of subset fonts, rendered covers and code colours (`node_modules/.cache/octavo/`) stay warm between runs, as for anyone building a second time (the warm-up run fills them); the embedded Chromium is already unpacked in `/tmp`.',
    "- **The floor** (`scripts/bench/floor.mjs`): a bare puppeteer-core script that launches the same Chromium with Octavo's switches, loads Octavo's HTML page of the input (built once, untimed) and calls `page.pdf` with Octavo's options (tagged, outline, CSS page size). It prints the screen page, not Octavo's print page, so its page count differs.",
    "- **pandoc** 2.17 has no `--embed-resources`; `--self-contained` makes the standalone HTML. WeasyPrint is run by pandoc (`--pdf-engine=weasyprint`) on pandoc's default HTML template; its paper is A4.",
    "- **Vivliostyle CLI** is installed from npm into `bench/anchors/` (scripts/bench/setup.sh: `npm ci --ignore-scripts`, browser downloads skipped) and pointed at the same Chromium with `--executable-browser`; it printed with the headless-shell build, so no other Chromium is needed. It declares Node ≥ 22.12 (npm warns `EBADENGINE`) yet ran on this Node 20. Paper `-s A4`.",
    "- **md-to-pdf** is installed the same way and pointed at the same Chromium (`PUPPETEER_EXECUTABLE_PATH` and `--launch-options`). Its default paper is A4 with 30/40/30/20 mm margins and its own stylesheet (11 pt type), so its page counts differ from the others.",
    '- Every tool gets the same Markdown: Octavo the chapter folder, the others the chapters concatenated into one file. The CommonMark spec is `spec.txt` from the npm package `commonmark-spec`, unchanged (its name given `.md`; scripts/bench/inputs.ts). The books come from scripts/bench/generate-book.ts (seeded, deterministic).',
    '',
  );
  if (options.pagination) lines.push(...paginationSection(options.pagination));
  if (results.unavailable.length > 0) {
    lines.push('## Not run', '', ...results.unavailable.map((u) => `- ${u.tool}: ${cell(u.reason)}`), '');
  }
  return lines.join('\n');
}

/** The "Pagination" section: each tool's PDF of each input judged by the pagination report. */
export function paginationSection(bench: PaginationBench): string[] {
  const n = (value: number | undefined) => (value === undefined ? '—' : String(value));
  return [
    '## Pagination',
    '',
    `From \`npm run bench:pagination\` (${bench.at}): each tool run once on the same Markdown, its PDF read by the pagination report (scripts/pagination/report.ts; \`npm run pagination -- FILE.pdf\` lists the pages). A lead-in is a line ending in ":" at a page foot with the text going on over the page; a page "over 25 % empty" is one, other than a chapter's last, whose text area is more than a quarter empty below its last line. Lines past a margin: Chromium clips what runs past the page area, so Octavo's and Vivliostyle's overflows show only when they stop short of the page edge. A "code split" is code on both sides of a break (two blocks meeting there count too).`,
    '',
    '| input | tool | pages | over 25 % empty | stranded lead-ins (per 100 pages) | headings at a page foot | headings with 1–2 lines | lines past a margin | widows | orphans | code splits (< 3 lines a side) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...bench.rows.map((row) =>
      row.error
        ? `| ${cell(row.input)} | ${cell(row.tool)} | not run: ${cell(row.error)} | | | | | | | | |`
        : `| ${cell(row.input)} | ${cell(row.tool)} | ${n(row.pages)} | ${row.pagesOverQuarterEmpty!.length} | ${row.strandedLeadIns} (${row.strandedLeadInsPer100Pages!.toFixed(1)}) | ${n(row.headingsAtFoot)} | ${n(row.headingsWithFewLines)} | ${n(row.linesPastMargin)} | ${n(row.widows)} | ${n(row.orphans)} | ${n(row.codeSplits)} (${n(row.codeSplitsShort)}) |`,
    ),
    '',
    "Issue 23's counts from the same PDFs: line-end hyphens per 100 body lines, stacks of 3 or more hyphenated line ends, loose lines (word spaces over 0.5 em, measured from the glyphs' positions) as a share of justified lines (spaces set wider or narrower than the font's own), and per page count lone table headers, lines starting with a dash, text pages without a folio and blank pages (other than a left-hand page left blank so that a chapter or the contents opens on the right, as a book does). A ragged-right PDF has almost no justified lines, so almost no loose ones.",
    '',
    '| input | tool | line-end hyphens (per 100 lines) | hyphen stacks | loose lines (% of justified) | lone headers | dash starts | missing folios | blank pages (not before a right-hand opening) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...bench.rows
      .filter((row) => !row.error)
      .map((row) =>
        row.lineEndHyphens === undefined
          ? `| ${cell(row.input)} | ${cell(row.tool)} | — | — | — | — | — | — | — |`
          : `| ${cell(row.input)} | ${cell(row.tool)} | ${row.lineEndHyphens} (${row.lineEndHyphensPer100Lines!.toFixed(1)}) | ${n(row.hyphenStacks)} | ${row.looseLines} (${(row.looseShare! * 100).toFixed(1)} %) | ${n(row.loneHeaders)} | ${n(row.dashStarts)} | ${n(row.missingFolios)} | ${n(row.blankPages)} |`,
      ),
    '',
  ];
}
