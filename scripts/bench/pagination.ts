// `npm run bench:pagination [-- --reuse]`: the pagination report (scripts/pagination/) of Octavo's PDF and of
// pandoc + WeasyPrint's and Vivliostyle's, each tool run once on the same Markdown: the CommonMark
// spec, a book of four READMEs from node_modules and the features fixture. Untimed; writes
// bench/pagination.json and re-renders BENCHMARKS.md (its "Pagination" section) from it.
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findBrowser } from '../../src/browser/find.ts';
import { paginationReport } from '../pagination/report.ts';
import { specToMarkdown } from './inputs.ts';
import { measure } from './measure.ts';
import type { PaginationBench, PaginationRow } from './results.ts';
import { tools, type Input, type RunContext } from './tools.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const work = join(tmpdir(), 'octavo-bench-pagination');
const log = (text: string) => process.stderr.write(`${text}\n`);

/** The READMEs of the README book (one a chapter), from this checkout's node_modules. */
export const readmeBook = ['pdf-lib/README.md', 'katex/README.md', 'unified/readme.md', 'puppeteer-core/README.md'];

interface PaginationInput extends Input {
  chapterTitles: string[];
}

/** A folder of chapter files and the same Markdown as one file (front matter once), beside any images. */
async function chapters(id: string, files: { name: string; text: string }[], assets?: string): Promise<PaginationInput> {
  const source = join(work, 'inputs', id);
  await rm(source, { recursive: true, force: true });
  await mkdir(source, { recursive: true });
  for (const file of files) await writeFile(join(source, file.name), file.text);
  // The one-file copy sits outside the chapter folder (Octavo would read it as a chapter), its images beside it.
  const single = join(work, 'inputs', `${id}.md`);
  if (assets) {
    await cp(assets, join(source, basename(assets)), { recursive: true });
    await cp(assets, join(dirname(single), basename(assets)), { recursive: true });
  }
  const [first, ...rest] = files.map((file) => file.text);
  await writeFile(single, [first, ...rest.map((text) => text.replace(/^---\n[\s\S]*?\n---\n/, ''))].join('\n\n'));
  return { id, label: id, source, single, name: id, octavoHtml: '', chapterTitles: [] };
}

async function prepare(): Promise<PaginationInput[]> {
  const spec = await chapters('spec', [{ name: 'commonmark-spec.md', text: specToMarkdown(await readFile(join(root, 'node_modules/commonmark-spec/spec.txt'), 'utf8')) }]);
  spec.source = join(spec.source, 'commonmark-spec.md');
  spec.name = 'commonmark-spec';
  spec.label = 'CommonMark spec 0.31.2';
  const front = { name: '00-front.md', text: '---\ntitle: Four READMEs\nauthor: npm authors\nlang: en\n---\n\nFour package READMEs from node_modules, one a chapter.\n' };
  const book = await chapters('readme-book', [front, ...(await Promise.all(readmeBook.map(async (file, i) => ({ name: `0${i + 1}-readme.md`, text: await readFile(join(root, 'node_modules', file), 'utf8') }))))]);
  book.label = `README book (${readmeBook.map((file) => dirname(file)).join(', ')})`;
  const fixture = join(root, 'tests/fixtures/features/input');
  const names = (await readdir(fixture)).filter((name) => name.endsWith('.md')).sort();
  const features = await chapters('features', await Promise.all(names.map(async (name) => ({ name, text: await readFile(join(fixture, name), 'utf8') }))), join(fixture, 'images'));
  features.label = 'features fixture (tests/fixtures/features)';
  return [spec, book, features];
}

const env: NodeJS.ProcessEnv = { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1', PUPPETEER_SKIP_CHROMIUM_DOWNLOAD: '1' };
const browser = await findBrowser({ env });
const base = { root, bin: join(root, 'bench/anchors/node_modules/.bin'), chromium: browser.path, headless: browser.source === 'embedded' ? ('shell' as const) : ('new' as const), env };

/** Octavo's PDF only, with a template and paper; the anchors' commands are the timing bench's. */
const octavo = (label: string, extra: string[]) => ({
  id: `octavo${extra.length ? '-' + extra.filter((word) => !word.startsWith('--')).join('-') : ''}`,
  label,
  command: (ctx: RunContext) => ({ argv: ['node', join(root, 'bin/octavo.js'), 'build', ctx.input.source, '--out', ctx.out, '--format', 'pdf', ...extra], cwd: root, env }),
  pdf: (ctx: RunContext) => join(ctx.out, `${ctx.input.name}.pdf`),
});
const anchors = tools.filter((tool) => tool.id === 'pandoc-weasyprint' || tool.id === 'vivliostyle');
const runners = [octavo('Octavo, handout A4', []), ...anchors];

/** The chapters' titles as Octavo's PDF outline has them (under the book's title), for every tool's report on that input. */
async function outlineChapters(pdf: string): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({ data: new Uint8Array(await readFile(pdf)), isEvalSupported: false, verbosity: 0 }).promise;
  try {
    return ((await document.getOutline()) ?? []).flatMap((entry) => entry.items.map((item) => item.title));
  } finally {
    await document.destroy();
  }
}

const reuse = process.argv.includes('--reuse');
const inputs = await prepare();
const rows: PaginationRow[] = [];
for (const input of inputs) {
  // The book template too where issue 23 measures it: the spec and the README book.
  const forInput = input.id === 'features' ? runners : [...runners, octavo('Octavo, book A5 (Paged.js)', ['--template', 'book', '--paper', 'a5'])];
  for (const tool of forInput) {
    const missing = 'missing' in tool && tool.missing ? await tool.missing(base) : undefined;
    if (missing) {
      rows.push({ input: input.label, tool: tool.label, error: missing });
      continue;
    }
    const out = join(work, 'runs', input.id, tool.id);
    const ctx: RunContext = { ...base, input, out };
    // --reuse: judge the PDFs of the last run again (after a change to the report) instead of making them anew.
    const kept = reuse && tool.pdf ? await stat(tool.pdf(ctx)).then(() => true, () => false) : false;
    if (!kept) {
      await rm(out, { recursive: true, force: true });
      await mkdir(out, { recursive: true });
    }
    const m = kept ? { exitCode: 0, signal: null, seconds: NaN, output: '' } : await measure(tool.command(ctx), { timeoutMs: 600_000 });
    if (m.exitCode !== 0 || !tool.pdf) {
      const said = m.output.split('\n').map((line) => line.trim()).filter((line) => /\w+Error\b/.test(line)).at(-1);
      rows.push({ input: input.label, tool: tool.label, error: `exit ${m.exitCode ?? m.signal}${said ? `: ${said}` : ''}` });
      log(`${input.id} ${tool.id}: FAILED ${m.output.slice(-300)}`);
      continue;
    }
    // A folder of chapter files: its chapters are the ones Octavo's first PDF lists (each opens a page in every tool's Octavo print).
    if (input.id !== 'spec' && input.chapterTitles.length === 0) input.chapterTitles = await outlineChapters(tool.pdf(ctx));
    const report = await paginationReport(await readFile(tool.pdf(ctx)), { chapterTitles: input.chapterTitles });
    rows.push({ input: input.label, tool: tool.label, seconds: Number.isNaN(m.seconds) ? undefined : m.seconds, ...report.summary });
    log(`${input.id} ${tool.id}: ${report.summary.pages} pages, ${report.summary.strandedLeadIns} lead-ins, ${report.summary.headingsAtFoot} headings at foot, ${report.summary.pagesOverQuarterEmpty.length} pages > 25 % empty, ${report.summary.linesPastMargin} lines past a margin (${m.seconds.toFixed(1)} s)`);
  }
}
const result: PaginationBench = { at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), rows };
await writeFile(join(root, 'bench/pagination.json'), `${JSON.stringify(result, null, 1)}\n`);
log('wrote bench/pagination.json; `npm run bench -- --report-only` puts it in BENCHMARKS.md');
