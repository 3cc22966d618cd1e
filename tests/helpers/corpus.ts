import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { BrowserSession } from '../../src/browser/session.ts';
import { createWriterContext } from '../../src/build.ts';
import { readPublication } from '../../src/document/read.ts';
import { writeEpub } from '../../src/writers/epub/index.ts';
import { writeHtml } from '../../src/writers/html.ts';
import { writePdf } from '../../src/writers/pdf/index.ts';
import { pageTextsWithPdfJs } from '../../src/writers/pdf/page-texts.ts';
import { missingBlocks, textBlocks } from '../../src/document/text-blocks.ts';
import { markBlocks } from '../../src/writers/pdf/laid-out.ts';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import { epubcheckJar, epubcheckTs, hasEpubcheckJar, jvm } from './validators.ts';

/**
 * Real-world Markdown the project did not write, built as Octavo manuscripts and checked by
 * EPUBCheck and the Nu HTML Checker: the README files of the installed npm packages and the
 * CommonMark spec's examples. Used by tests/corpus.test.ts (a sample) and scripts/corpus.ts (all).
 */

const run = promisify(execFile);

export interface CorpusEntry {
  /** A file-name-safe, unique name: the build's output name. */
  id: string;
  /** Where the text came from (for failure messages). */
  source: string;
  /** The package the README is about (`@scope/name`), for messages. */
  title: string;
  markdown: string;
}

/** Smaller READMEs are mostly a line or two and a link; they add time, not cases. */
export const minimumReadmeBytes = 500;

/** Every `README.md` (any case) under `node_modules`, in path order, skipping caches and links. */
function findReadmes(dir: string, found: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '.cache' && entry.name !== '.bin') findReadmes(full, found);
    } else if (entry.isFile() && entry.name.toLowerCase() === 'readme.md') found.push(full);
  }
  return found;
}

/**
 * The README corpus: every README.md under `root` (default: node_modules) of at least
 * `minimumReadmeBytes`, sorted by path, the first of identical copies kept. Each becomes a
 * manuscript as it is, with no front matter and no config: Octavo takes its title from its
 * first heading (or the file name) and its language from its text.
 */
export function readmeCorpus(root = path.resolve('node_modules')): CorpusEntry[] {
  const seen = new Set<string>();
  const entries: CorpusEntry[] = [];
  for (const file of findReadmes(root)) {
    if (statSync(file).size < minimumReadmeBytes) continue;
    const markdown = readFileSync(file, 'utf8');
    const hash = createHash('sha256').update(markdown).digest('hex');
    if (seen.has(hash)) continue;
    seen.add(hash);
    const relative = path.relative(root, path.dirname(file)).split(path.sep);
    // node_modules/a/node_modules/b → b: the innermost package is the one the README is about.
    const last = relative.lastIndexOf('node_modules');
    const title = relative.slice(last + 1).join('/') || 'README';
    const id = `${String(entries.length + 1).padStart(3, '0')}-${title.replace(/[^a-zA-Z0-9.-]+/g, '-')}`.slice(0, 80);
    entries.push({ id, source: path.relative(process.cwd(), file), title, markdown });
  }
  return entries;
}

/** `count` entries spread evenly over the list (the first, then every n-th): deterministic, and covers it end to end. */
export function evenSample<T>(list: readonly T[], count: number): T[] {
  if (list.length <= count) return [...list];
  return Array.from({ length: count }, (_, index) => list[Math.floor((index * list.length) / count)]);
}

export interface SpecExample {
  number: number;
  section: string;
  markdown: string;
}

/** The CommonMark spec's examples from the `commonmark-spec` package, tabs restored (the spec shows them as →). */
export function commonmarkExamples(): SpecExample[] {
  const require = createRequire(import.meta.url);
  const spec = require('commonmark-spec') as { tests: Array<{ markdown: string; section: string; number: number }> };
  return spec.tests.map((test) => ({ number: test.number, section: test.section, markdown: test.markdown.replace(/→/g, '\t') }));
}

/** Writes a README, as it is, as a one-file manuscript `<dir>/<id>.md`; returns its path. */
export async function writeReadmeManuscript(entry: CorpusEntry, dir: string): Promise<string> {
  const file = path.join(dir, `${entry.id}.md`);
  await writeFile(file, entry.markdown);
  return file;
}

/**
 * Writes the CommonMark book: a folder `<dir>/commonmark-examples/` with a first file saying
 * what it is and one chapter file per example (`0001.md` …), read in name order. No front
 * matter: the folder's name is its title.
 */
export async function writeCommonmarkBook(dir: string, examples = commonmarkExamples()): Promise<string> {
  const book = path.join(dir, 'commonmark-examples');
  await mkdir(book, { recursive: true });
  await writeFile(path.join(book, '0000.md'), `Each chapter is one example of the CommonMark spec ${'0.31.2'}, as it is written there.\n`);
  for (const example of examples) await writeFile(path.join(book, `${String(example.number).padStart(4, '0')}.md`), example.markdown);
  return book;
}

export interface BuildOutcome {
  input: string;
  /** `built`: the three files written; `refused`: the reader or a writer reported an error (listed); `crashed`: an exception. */
  status: 'built' | 'refused' | 'crashed';
  epub?: string;
  html?: string;
  pdf?: string;
  /** Pages of the PDF. */
  pages?: number;
  /** Blocks of the text (paragraphs, headings, items, cells, code) an artifact does not hold, by format: excerpts. */
  missing?: Record<'epub' | 'html' | 'pdf', string[]>;
  /** Blocks of the text that were looked for in each artifact. */
  blocks?: number;
  errors: string[];
  warnings: number;
  ms: number;
}

/**
 * Builds a manuscript's EPUB, HTML page and PDF with the library, in this process, with a
 * shared browser, dates fixed; then looks for every block of the text in each artifact's own
 * text (the PDF's read by pdf.js, not by Octavo's reader, which the build's own check uses).
 */
export async function buildManuscript(input: string, outDir: string, browser: Promise<BrowserSession>): Promise<BuildOutcome> {
  const start = performance.now();
  const name = path.basename(input, '.md');
  try {
    const { publication, files } = await readPublication(input, { sourceDateEpoch: '1700000000' });
    const fatal = files.flatMap((file) => file.messages.filter((m) => m.fatal).map((m) => `${path.basename(file.path)}:${m.line ?? 1}:${m.column ?? 1}: ${m.reason}`));
    if (!publication || fatal.length > 0) return { input, status: 'refused', errors: fatal, warnings: 0, ms: performance.now() - start };
    // The shared browser is the caller's to close, so the context's close() is not called.
    const { context } = await createWriterContext(publication, { browser: { get: () => browser } });
    const [epub, html, pdf] = await Promise.all([writeEpub(publication, context), writeHtml(publication, context), writePdf(publication, context)]);
    const written = files.flatMap((file) => file.messages.filter((m) => m.fatal).map((m) => `${path.basename(file.path)}:${m.line ?? 1}:${m.column ?? 1}: ${m.reason}`));
    const warnings = files.reduce((sum, file) => sum + file.messages.filter((m) => !m.fatal).length, 0);
    if (written.length > 0) return { input, status: 'refused', errors: written, warnings, ms: performance.now() - start };
    const epubPath = path.join(outDir, `${name}.epub`);
    const htmlPath = path.join(outDir, `${name}.html`);
    const pdfPath = path.join(outDir, `${name}.pdf`);
    await writeFile(epubPath, epub);
    await writeFile(htmlPath, html);
    await writeFile(pdfPath, pdf);
    const blocks = textBlocks(publication);
    // The PDF holds the blocks the print prints (a paragraph of badges only is left out: print-breaks.ts).
    const printed = markBlocks(publication, { addressNotes: true });
    const pdfPages = await pageTextsWithPdfJs(pdf);
    const excerpts = (text: string, held = blocks) => missingBlocks(text, held).map((block) => `${path.basename(block.file.path)}:${block.place?.start.line ?? '?'}: ${block.text.slice(0, 80)}`);
    const missing = { epub: excerpts(epubText(epub)), html: excerpts(htmlText(html)), pdf: excerpts(pdfPages.map((runs) => runs.join('')).join('\n'), printed) };
    return { input, status: 'built', epub: epubPath, html: htmlPath, pdf: pdfPath, pages: pdfPages.length, missing, blocks: blocks.length, errors: [], warnings, ms: performance.now() - start };
  } catch (error) {
    return { input, status: 'crashed', errors: [error instanceof Error ? (error.stack ?? error.message) : String(error)], warnings: 0, ms: performance.now() - start };
  }
}

/** The text of an HTML page, as a reader sees it (no scripts or styles). */
export function htmlText(html: Uint8Array | string): string {
  const tree = fromHtml(typeof html === 'string' ? html : new TextDecoder().decode(html));
  visit(tree, 'element', (node, index, parent) => {
    if ((node.tagName === 'style' || node.tagName === 'script' || node.tagName === 'title') && parent && index !== undefined) {
      parent.children.splice(index, 1);
      return index;
    }
  });
  return toString(tree);
}

/** The text of an EPUB's content documents, in file name order (chapters are numbered). */
export function epubText(epub: Uint8Array): string {
  const entries = unzipSync(epub, { filter: (entry) => entry.name.endsWith('.xhtml') });
  return Object.keys(entries)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((name) => htmlText(entries[name]))
    .join('\n');
}

/** Runs `work` over `items`, `limit` at a time, results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface Finding {
  file: string;
  severity: 'ERROR' | 'WARNING' | 'INFO';
  /** The checker's own severity (EPUBCheck: FATAL, ERROR, WARNING, INFO, USAGE), which `severity` groups. */
  level?: string;
  id: string;
  message: string;
  location?: string;
}

async function capture(command: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(command, args, { maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; code?: number | string };
    if (typeof failure.code === 'string') throw new Error(`${command} is not installed (${failure.code})`);
    return { stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
  }
}

/** Java programs in tests/helpers/java/, run from source (Java 11+), one JVM for many files. */
const javaDir = path.resolve('tests/helpers/java');

/**
 * EPUBCheck (Debian's 4.2.6 jar) on many EPUBs in one JVM: a JVM start and EPUBCheck's
 * schema loading cost more than checking a small book, so batching makes hundreds of
 * checks take minutes, not tens of minutes. `jobs` JVMs run side by side.
 */
export async function epubcheckMany(files: readonly string[], jobs = Math.max(1, Math.min(2, os.availableParallelism()))): Promise<Finding[]> {
  if (!hasEpubcheckJar()) {
    // No Debian jar: the TypeScript port, one file after another (see validators.ts).
    const findings: Finding[] = [];
    for (const file of files) {
      for (const f of await epubcheckTs(file)) {
        const severity = f.severity === 'ERROR' || f.severity === 'FATAL' ? 'ERROR' : f.severity === 'WARNING' ? 'WARNING' : 'INFO';
        findings.push({ ...f, file, severity, level: f.severity });
      }
    }
    return findings;
  }
  const jar = epubcheckJar();
  // Balanced by the number of content documents (a 650-chapter book costs as much as dozens of READMEs).
  const weight = (file: string) => 2 + Object.keys(unzipSync(readFileSync(file), { filter: (entry) => entry.name.endsWith('.xhtml') })).length;
  const batches = Array.from({ length: jobs }, () => ({ files: [] as string[], load: 0 }));
  for (const { file, cost } of files.map((file) => ({ file, cost: weight(file) })).sort((a, b) => b.cost - a.cost)) {
    const lightest = batches.reduce((a, b) => (b.load < a.load ? b : a));
    lightest.files.push(file);
    lightest.load += cost;
  }
  const outputs = await Promise.all(
    batches.filter((batch) => batch.files.length > 0).map((batch) => capture('java', [...jvm, '-cp', jar, path.join(javaDir, 'EpubCheckMany.java'), ...batch.files])),
  );
  const findings: Finding[] = [];
  const done = new Set<string>();
  for (const { stdout, stderr } of outputs) {
    let seen = false;
    for (const line of stdout.split('\n')) {
      if (!line.startsWith('{')) continue;
      seen = true;
      const m = JSON.parse(line) as { file: string; severity: string; id: string; message: string; location?: string };
      if (m.severity === 'DONE') {
        done.add(m.file);
        continue;
      }
      const severity = m.severity === 'ERROR' || m.severity === 'FATAL' ? 'ERROR' : m.severity === 'WARNING' ? 'WARNING' : 'INFO';
      findings.push({ file: m.file, severity, level: m.severity, id: m.id, message: m.message, location: m.location });
    }
    if (!seen) throw new Error(`EPUBCheck reported nothing: ${stderr.slice(0, 2000)}`);
  }
  // A JVM that died partway would leave the rest of its files unchecked, and so without findings.
  const unchecked = files.filter((file) => !done.has(file));
  if (unchecked.length > 0) throw new Error(`EPUBCheck did not finish ${unchecked.join(', ')}`);
  return findings;
}

/** One line a finding, for failure messages and the script's report. */
export const formatFinding = (f: Finding) => `${path.basename(f.file)} ${f.severity} ${f.id}${f.location ? ` @ ${f.location}` : ''}: ${f.message}`;

export const launchBrowser = () => BrowserSession.launch({});
