// `npm run bench [-- options]`: Octavo against pandoc, WeasyPrint, Vivliostyle CLI, md-to-pdf and
// a bare puppeteer-core print, on the review, the CommonMark spec and generated books.
// Writes BENCHMARKS.md, bench/chart.svg and bench/results.json.
import { execFile } from 'node:child_process';
import { access, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { findBrowser } from '../../src/browser/find.ts';
import { renderChart, seriesOf } from './chart.ts';
import { prepareInputs } from './inputs.ts';
import { describeMachine, firstLine, load } from './machine.ts';
import { measure } from './measure.ts';
import { headlineLines, renderReport } from './report.ts';
import type { BenchResults, InputResult, PaginationBench, ToolResult } from './results.ts';
import { baselineTool, commandLine, tools, type Input, type RunContext } from './tools.ts';
import { measureWarmRebuild } from './watch.ts';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const usage = `Usage: npm run bench -- [options]

  --rounds N        timed runs of each tool on each input (default: 3; env BENCH_ROUNDS)
  --sizes LIST      generated book sizes in pages (default: 100,250,500,1000; env BENCH_SIZES)
  --inputs LIST     review, spec, book (default: all)
  --tools LIST      tool ids (default: all): ${tools.map((t) => t.id).join(', ')}
  --timeout S       seconds before one run is killed (default: 600)
  --repeat-under S  a tool whose first run on an input took longer is not run on it again
                    (default: 90), which keeps a full run on 2 cores well under 30 minutes
 --baseline DIR    also time Octavo from another checkout (DIR) in the same rounds, side by side
  --note TEXT       a line for the top of BENCHMARKS.md (e.g. that the machine was busy)
  --out FILE        the report (default: BENCHMARKS.md)
  --report-only     re-render the report and chart from bench/results.json, run nothing

A quick smoke run: npm run bench -- --rounds 1 --sizes 100 --out /tmp/bench.md`;

const list = (text: string) => text.split(',').map((item) => item.trim()).filter(Boolean);

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: process.env.BENCH_ROUNDS ?? '3' },
    sizes: { type: 'string', default: process.env.BENCH_SIZES ?? '100,250,500,1000' },
    inputs: { type: 'string', default: 'review,spec,book' },
    tools: { type: 'string', default: tools.map((t) => t.id).join(',') },
    timeout: { type: 'string', default: '600' },
    'repeat-under': { type: 'string', default: '90' },
    note: { type: 'string' },
    baseline: { type: 'string' },
    out: { type: 'string', default: 'BENCHMARKS.md' },
    'report-only': { type: 'boolean', default: false },
    seed: { type: 'string', default: '7' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const reportPath = resolve(root, values.out);
// A report written elsewhere (a smoke run) takes its chart and raw results along, beside it.
const beside = resolve(root, values.out) !== resolve(root, 'BENCHMARKS.md');
const resultsPath = beside ? reportPath.replace(/(\.md)?$/, '.json') : join(root, 'bench/results.json');
const chartPath = beside ? reportPath.replace(/(\.md)?$/, '.svg') : join(root, 'bench/chart.svg');

async function writeOutputs(results: BenchResults): Promise<void> {
  const chart = renderChart(seriesOf(results), {
    title: `Median seconds against pages (${results.rounds} round${results.rounds === 1 ? '' : 's'}, ${results.startedAt.slice(0, 10)})`,
    xLabel: "pages (Octavo's A4 handout PDF of the same Markdown)",
    yLabel: 'seconds (median, cold process)',
  });
  await mkdir(dirname(chartPath), { recursive: true });
  await writeFile(chartPath, chart);
  // The pagination section comes from `npm run bench:pagination` (bench/pagination.json), when it has been run.
  const pagination = await readFile(join(root, 'bench/pagination.json'), 'utf8').then((text) => JSON.parse(text) as PaginationBench, () => undefined);
  await writeFile(reportPath, renderReport(results, { chart: relative(dirname(reportPath), chartPath), pagination }));
}

if (values['report-only']) {
  const results = JSON.parse(await readFile(resultsPath, 'utf8')) as BenchResults;
  await writeOutputs(results);
  console.log(`wrote ${relative(root, reportPath)} and ${relative(root, chartPath)} from ${relative(root, resultsPath)}`);
  console.log(headlineLines(results).join('\n'));
  process.exit(0);
}

const rounds = Number(values.rounds);
const sizes = list(values.sizes).map(Number);
const timeoutMs = Number(values.timeout) * 1000;
const repeatUnder = Number(values['repeat-under']);
if (!(rounds >= 1) || sizes.some((n) => !(n > 0)) || !(timeoutMs > 0) || !(repeatUnder > 0)) {
  console.error(usage);
  process.exit(2);
}
const selected = tools.filter((tool) => list(values.tools).includes(tool.id));
if (values.baseline) selected.splice(1, 0, baselineTool(resolve(values.baseline)));
const bin = join(root, 'bench/anchors/node_modules/.bin');
const work = join(tmpdir(), 'octavo-bench');

// One Chromium for every tool: the one Octavo itself finds (BENCH_CHROMIUM overrides it for all).
const env: NodeJS.ProcessEnv = { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1', PUPPETEER_SKIP_CHROMIUM_DOWNLOAD: '1' };
if (process.env.BENCH_CHROMIUM) env.PUPPETEER_EXECUTABLE_PATH = process.env.BENCH_CHROMIUM;
const browser = await findBrowser({ env });
const headless = browser.source === 'embedded' || browser.source === 'pinned' ? 'shell' : 'new';
const how = {
  embedded: 'the Chromium inside the npm package @sparticuz/chromium (headless shell), which Octavo finds itself',
  pinned: 'the chrome-headless-shell Octavo pins, fetched by @puppeteer/browsers, which Octavo finds itself',
  system: 'an installed Chromium, which Octavo finds itself',
  env: 'given to every tool, Octavo included, by PUPPETEER_EXECUTABLE_PATH',
  option: 'given by option',
}[browser.source];
const base = { root, bin, chromium: browser.path, headless, env } satisfies Omit<RunContext, 'input' | 'out'>;

const log = (text: string) => process.stderr.write(`${text}\n`);
const startedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');

const unavailable: BenchResults['unavailable'] = [];
const available: typeof selected = [];
for (const tool of selected) {
  const reason = await tool.missing?.(base);
  if (reason) {
    unavailable.push({ tool: tool.label, reason });
    log(`skip ${tool.id}: ${reason}`);
  } else available.push(tool);
}

const versions: Record<string, string> = {};
for (const tool of available) if (tool.version) versions[tool.label] = await firstLine(tool.version(base));
versions['puppeteer-core (Octavo, floor)'] = JSON.parse(await readFile(join(root, 'node_modules/puppeteer-core/package.json'), 'utf8')).version;
const machine = await describeMachine({ path: browser.path, version: await firstLine({ argv: [browser.path, '--version'], cwd: root, env }), how }, versions);

log(`preparing inputs in ${work} …`);
const inputs: Input[] = await prepareInputs({ root, work: join(work, 'inputs'), inputs: list(values.inputs), sizes, seed: Number(values.seed), env });

const exists = (file: string) =>
  stat(file).then(
    (s) => s.size > 0,
    () => false,
  );

async function pdfPages(file: string): Promise<number | undefined> {
  try {
    const { stdout } = await run('pdfinfo', [file]);
    const match = /^Pages:\s+(\d+)/m.exec(stdout);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

async function runOnce(tool: (typeof tools)[number], input: Input, round: number): Promise<ToolResult['runs'][number] & { pages?: number }> {
  const out = join(work, 'runs', input.id, tool.id);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const ctx: RunContext = { ...base, input, out };
  await tool.prepare?.(ctx);
  const startLoad = load();
  const m = await measure(tool.command(ctx), { timeoutMs });
  let error: string | undefined;
  if (m.timedOut) error = `killed after ${timeoutMs / 1000} s`;
  else if (m.exitCode !== 0) {
    // A stack trace ends in noise (`[cause]: undefined }`): the error's own line says more.
    const lines = m.output.split('\n').map((line) => line.trim()).filter(Boolean);
    const said = lines.find((line) => /\b\w*Error\b|error:/i.test(line)) ?? lines.slice(-3).join(' ');
    error = `exit ${m.exitCode ?? m.signal}: ${said}`;
  }
  else {
    const missing = [];
    for (const file of tool.outputs(ctx)) if (!(await exists(file))) missing.push(relative(out, file));
    if (missing.length > 0) error = `exit 0 but missing ${missing.join(', ')}`;
  }
  const pages = !error && tool.pdf ? await pdfPages(tool.pdf(ctx)) : undefined;
  return { round, seconds: m.seconds, peakRss: m.peakRss, load: startLoad, error, pages };
}

// An untimed first run of each tool, which also warms the disk cache: a tool that fails here is
// reported as not run, with its error, instead of failing every round.
const warmInput = inputs[0];
const tools_: typeof available = [];
for (const tool of available) {
  const result = await runOnce(tool, warmInput, 0);
  if (result.error) {
    unavailable.push({ tool: tool.label, reason: `failed its warm-up run on ${warmInput.id}: ${result.error}` });
    log(`skip ${tool.id}: ${result.error}`);
  } else {
    tools_.push(tool);
    log(`warm-up ${tool.id}: ${result.seconds.toFixed(2)} s`);
  }
}

const results: BenchResults = {
  startedAt,
  finishedAt: startedAt,
  rounds,
  repeatUnder,
  note: values.note,
  machine,
  commands: [],
  unavailable,
  inputs: inputs.map((input): InputResult => ({ id: input.id, label: input.label, targetPages: input.targetPages, tools: tools_.map((tool) => ({ tool: tool.id, label: tool.label, formats: tool.formats, runs: [] })) })),
  warm: { measured: false, reason: 'not measured yet' },
};
const placeholders: RunContext = {
  ...base,
  root: '.',
  bin: 'bench/anchors/node_modules/.bin',
  chromium: 'CHROMIUM',
  out: 'OUT',
  input: { id: 'input', label: 'input', source: 'INPUT', single: 'INPUT.md', name: 'NAME', octavoHtml: 'OCTAVO-OUT/NAME.html' },
};
results.commands = tools_.map((tool) => ({ tool: tool.id, label: tool.label, line: commandLine(tool.command(placeholders)) }));

for (let round = 1; round <= rounds; round++) {
  for (const [i, input] of inputs.entries()) {
    // Rotated each round, so no tool always runs right after the same one.
    const shift = (round - 1 + i) % tools_.length;
    const order = [...tools_.slice(shift), ...tools_.slice(0, shift)];
    for (const tool of order) {
      const entry = results.inputs[i].tools.find((t) => t.tool === tool.id)!;
      if (entry.runs.length > 0 && (entry.runs[0].seconds > repeatUnder || entry.runs[0].error)) continue;
      const result = await runOnce(tool, input, round);
      const { pages, ...runResult } = result;
      entry.runs.push(runResult);
      if (pages !== undefined) entry.pages ??= pages;
      if (tool.id === 'octavo' && pages !== undefined) results.inputs[i].octavoPages ??= pages;
      log(`[${round}/${rounds}] ${input.id} ${tool.id}: ${result.error ? `FAILED ${result.error.slice(0, 200)}` : `${result.seconds.toFixed(2)} s, ${Math.round(result.peakRss / 2 ** 20)} MiB${pages ? `, ${pages} pages` : ''}`} (load ${result.load.toFixed(2)})`);
    }
  }
  results.finishedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  await mkdir(dirname(resultsPath), { recursive: true });
  await writeFile(resultsPath, `${JSON.stringify(results, null, 1)}\n`);
}

if (tools_.some((tool) => tool.id === 'octavo')) {
  results.warm = await measureWarmRebuild({ root, work, rounds, env });
  const book = inputs.find((input) => input.id === 'book-100');
  results.warmBook = book
    ? await measureWarmRebuild({ root, work, rounds, env, subject: { source: book.source, edit: '050-chapter.md', name: book.name, id: 'watch-book' } })
    : { measured: false, reason: 'not measured: the 100-page book was not among the inputs' };
} else results.warm = { measured: false, reason: 'not measured: Octavo was not selected' };
results.finishedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
await writeFile(resultsPath, `${JSON.stringify(results, null, 1)}\n`);
await writeOutputs(results);
await access(reportPath);
log(`wrote ${relative(root, reportPath)}, ${relative(root, chartPath)}, ${relative(root, resultsPath)}`);
log(headlineLines(results).join('\n'));
