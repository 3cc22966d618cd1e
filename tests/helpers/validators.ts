import { execFile, execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { checkPdfJs, expandPdfJs, pdfBoxesJs, pdffontsJs, pdfinfoJs, pdfOutlineJs, pdftotextJs, pdfXmpJs, renderPagesJs } from './pdfjs-tools.ts';

const run = promisify(execFile);

/**
 * Debian's tools are the referees where they are installed (CI's .ci/run installs them); on a
 * machine without them the same tests read the PDF with pdf.js and pdf-lib and check the EPUB
 * with @likecoin/epubcheck-ts (see docs/testing.md). OCTAVO_TEST_NO_DEBIAN_TOOLS=1 acts as if
 * none were installed, to try the other path here.
 */
const noDebianTools = process.env.OCTAVO_TEST_NO_DEBIAN_TOOLS === '1';
const answers = new Map<string, boolean>();
/** Whether the command runs: exits 0, or (`says`) prints that whatever its status. */
function runs(command: string, args: string[], says?: RegExp): boolean {
  const key = [command, ...args].join(' ');
  if (!answers.has(key)) {
    let ok = !noDebianTools;
    if (ok) {
      try {
        execFileSync(command, args, { stdio: 'pipe', timeout: 60_000 });
      } catch (error) {
        // A missing or unrunnable program, or a jar that is not one; poppler's -v exits 0 or 99.
        const failure = error as { status?: number; stdout?: Buffer; stderr?: Buffer };
        ok = failure.status === 99 || (says !== undefined && says.test(`${failure.stdout ?? ''}${failure.stderr ?? ''}`));
      }
    }
    answers.set(key, ok);
  }
  return answers.get(key)!;
}

/** Whether poppler-utils (pdfinfo, pdffonts, pdftotext, pdftoppm) runs here. */
export const hasPoppler = () => runs('pdfinfo', ['-v']) && runs('pdftoppm', ['-v']) && runs('pdftotext', ['-v']) && runs('pdffonts', ['-v']);
/** Whether qpdf runs here. */
export const hasQpdf = () => runs('qpdf', ['--version']);
/** Debian's EPUBCheck jar, when it is there and Java runs it. */
export const epubcheckJar = () => process.env.EPUBCHECK_JAR ?? '/usr/bin/epubcheck';
// EPUBCheck 4.2.6 prints its version for `--version`, then exits 1 for want of a file to check.
export const hasEpubcheckJar = () => existsSync(epubcheckJar()) && runs('java', ['-jar', epubcheckJar(), '--version'], /^EPUBCheck v\d/m);

/**
 * JVM options for short checking runs: the client compiler only (measured here: EPUBCheck on
 * the CommonMark book 38 → 21 s, vnu on 81 pages 16 → 6 s), and the stack both need for
 * deeply nested documents (vnu asks for at least 512k; Debian runs EPUBCheck with 1024k).
 */
export const jvm = ['-XX:TieredStopAtLevel=1', '-Xss4m'];

/** Runs a command and returns its output whatever its exit status (validators exit 1 on findings). */
async function capture(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(command, args, { maxBuffer: 64 * 1024 * 1024, env: env ?? process.env });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; code?: number | string };
    if (typeof failure.code === 'string') throw new Error(`${command} is not installed (${failure.code}); .ci/run installs it`);
    return { stdout: failure.stdout ?? '', stderr: failure.stderr ?? '', code: failure.code ?? 1 };
  }
}

export interface Finding {
  severity: string;
  id: string;
  message: string;
  location?: string;
}

/**
 * EPUBCheck: the official one (Debian's `epubcheck` package, the referee) where it is installed,
 * else its TypeScript port @likecoin/epubcheck-ts as a pre-check. Every message it reports.
 */
export async function epubcheck(file: string): Promise<Finding[]> {
  if (!hasEpubcheckJar()) return epubcheckTs(file);
  const jar = epubcheckJar();
  const { stdout } = await capture('java', [...jvm, '-jar', jar, '--quiet', '--json', '-', file]);
  const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as {
    messages: Array<{ severity: string; ID: string; message: string; locations?: Array<{ path: string; line: number; column: number }> }>;
  };
  return report.messages.map((m) => ({
    severity: m.severity,
    id: m.ID,
    message: m.message,
    location: m.locations?.map((l) => `${l.path}:${l.line}:${l.column}`).join(', '),
  }));
}

/** @likecoin/epubcheck-ts, a port of EPUBCheck to TypeScript: every message it reports, severities as EPUBCheck names them. */
export async function epubcheckTs(file: string): Promise<Finding[]> {
  const { EpubCheck } = await import('@likecoin/epubcheck-ts');
  const result = await EpubCheck.validate(new Uint8Array(await readFile(file)));
  return result.messages.map((m) => ({
    severity: m.severity.toUpperCase(),
    id: m.id,
    message: m.message,
    location: m.location ? `${m.location.path}:${m.location.line ?? 0}:${m.location.column ?? 0}` : undefined,
  }));
}

/** The Nu HTML Checker from the `vnu-jar` npm package on one file: errors and warnings. */
export async function vnu(file: string): Promise<Finding[]> {
  return vnuMany([file]);
}

/**
 * The Nu HTML Checker on many HTML files in one JVM (its start costs more than checking a
 * page): every finding, with its file. vnu says nothing of a path that is not there, or is a
 * folder with no HTML in it, and exits 0: that would pass as a clean page, so `--verbose` has it
 * name each file it checks, and a file it did not name throws.
 */
export async function vnuMany(files: readonly string[]): Promise<Array<Finding & { file: string; severity: 'ERROR' | 'WARNING' | 'INFO' }>> {
  if (files.length === 0) return [];
  const jar = path.resolve('node_modules/vnu-jar/build/dist/vnu.jar');
  const { stdout, stderr } = await capture('java', [...jvm, '-jar', jar, '--format', 'json', '--stdout', '--verbose', ...files]);
  let report: { messages: Array<{ url?: string; type: string; subType?: string; message: string; lastLine?: number }> };
  try {
    report = JSON.parse(stdout);
  } catch {
    throw new Error(`The Nu HTML Checker gave no report: ${stderr.slice(0, 2000)}`);
  }
  const checked = new Set(stderr.split('\n'));
  const unchecked = files.filter((file) => !checked.has(file));
  if (unchecked.length > 0) {
    const why = (file: string) => (!existsSync(file) ? 'does not exist' : !statSync(file).isFile() ? 'is not a file' : 'was not read');
    throw new Error(`The Nu HTML Checker did not check ${unchecked.map((file) => `${file} (${why(file)})`).join(', ')}`);
  }
  return report.messages.map((m) => ({
    file: m.url ? decodeURIComponent(m.url.replace(/^file:/, '')) : '?',
    // A non-document error is one vnu met reading the file: no verdict on the page, so a failure.
    severity: m.type === 'error' || m.type === 'non-document-error' ? 'ERROR' : m.subType === 'warning' ? 'WARNING' : 'INFO',
    id: m.type,
    message: m.message,
    location: m.lastLine ? `line ${m.lastLine}` : undefined,
  }));
}

/** `pdfinfo` (or pdf.js) as a record: `Tagged`, `Title`, `Page size`, … */
export async function pdfinfo(file: string, options: { isoDates?: boolean } = {}): Promise<Record<string, string>> {
  if (!hasPoppler()) return pdfinfoJs(file);
  const { stdout } = await capture('pdfinfo', [...(options.isoDates ? ['-isodates'] : []), file]);
  return Object.fromEntries(
    stdout
      .split('\n')
      .filter((line) => line.includes(':'))
      .map((line) => [line.slice(0, line.indexOf(':')).trim(), line.slice(line.indexOf(':') + 1).trim()]),
  );
}

/** `pdffonts` (or pdf-lib) rows: name, whether embedded and subset. */
export async function pdffonts(file: string): Promise<Array<{ name: string; embedded: boolean; subset: boolean }>> {
  if (!hasPoppler()) return pdffontsJs(file);
  const { stdout } = await capture('pdffonts', [file]);
  return stdout
    .split('\n')
    .slice(2)
    .filter((line) => line.trim())
    .map((line) => {
      const columns = line.trim().split(/\s+/);
      // name … emb sub uni object ID: read from the right, names may hold spaces.
      const [emb, sub] = columns.slice(-5, -3);
      return { name: columns[0], embedded: emb === 'yes', subset: sub === 'yes' };
    });
}

/** The PDF's text, in reading order, as pdftotext (or pdf.js) gives it. */
export async function pdftotext(file: string, page?: number): Promise<string> {
  if (!hasPoppler()) return pdftotextJs(file, page);
  const pages = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  const { stdout } = await capture('pdftotext', ['-enc', 'UTF-8', ...pages, file, '-']);
  return stdout;
}

/** The XMP metadata packet, as `pdfinfo -meta` (or pdf.js) gives it. */
export async function pdfXmp(file: string): Promise<string> {
  if (!hasPoppler()) return pdfXmpJs(file);
  return (await capture('pdfinfo', ['-meta', file])).stdout;
}

/** A page's boxes as [x0, y0, x1, y1] in points, by name (MediaBox, CropBox, BleedBox, TrimBox, ArtBox): `pdfinfo -box` or pdf-lib. */
export async function pdfBoxes(file: string, page = 1): Promise<Record<string, number[]>> {
  if (!hasPoppler()) return pdfBoxesJs(file, page);
  const { stdout } = await capture('pdfinfo', ['-box', '-f', String(page), '-l', String(page), file]);
  const boxes: Record<string, number[]> = {};
  for (const m of stdout.matchAll(/(\w+Box):\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)/g)) boxes[m[1]] = m.slice(2).map(Number);
  return boxes;
}

/**
 * Checks a PDF's structure: `qpdf --check` where qpdf is installed, else pdf.js and pdf-lib
 * reading every page, stream and object. Throws with what was found when it is not sound.
 */
export async function checkPdf(file: string): Promise<void> {
  if (!hasQpdf()) return checkPdfJs(file);
  const { stdout, stderr, code } = await capture('qpdf', ['--check', file]);
  if (code !== 0 || !stdout.includes('No syntax or stream encoding errors')) throw new Error(`qpdf --check ${file}: exit ${code}\n${stdout}${stderr}`);
}

/** The file with every stream uncompressed: `qpdf --qdf --stream-data=uncompress`, or pdf-lib and zlib. */
export async function expandPdf(file: string): Promise<Buffer> {
  if (!hasQpdf()) return expandPdfJs(file);
  const { stdout } = await run('qpdf', ['--qdf', '--object-streams=disable', '--stream-data=uncompress', file, '-'], { maxBuffer: 256 * 1024 * 1024, encoding: 'buffer' });
  return stdout;
}

/**
 * Draws PDF pages to PNG files `DIR/page-N.png` (N from 1, zero-padded to the page count's
 * width as pdftoppm names them) and returns their names in order. Drawn by pdf.js everywhere,
 * so that reference images compare across machines; poppler draws slightly different pixels.
 */
export async function renderPages(file: string, dir: string, options: { dpi: number; gray?: boolean; first?: number; last?: number }): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const images = await renderPagesJs(file, options);
  const first = options.first ?? 1;
  const width = String(first + images.length - 1).length;
  const names = images.map((_, i) => `page-${String(first + i).padStart(width, '0')}.png`);
  await Promise.all(images.map((image, i) => writeFile(path.join(dir, names[i]), image)));
  return (await readdir(dir)).filter((name) => names.includes(name)).sort();
}

export interface PdfOutlineEntry {
  title: string;
  page: number;
  kids: PdfOutlineEntry[];
}

/** The PDF's bookmarks, nested, from `qpdf --json` (or pdf.js). */
export async function pdfOutline(file: string): Promise<PdfOutlineEntry[]> {
  if (!hasQpdf()) return pdfOutlineJs(file);
  const { stdout } = await capture('qpdf', ['--json', '--json-key=outlines', file]);
  type Raw = { title: string; destpageposfrom1: number; kids: Raw[] };
  const convert = (entries: Raw[]): PdfOutlineEntry[] => entries.map((e) => ({ title: e.title, page: e.destpageposfrom1, kids: convert(e.kids) }));
  return convert((JSON.parse(stdout) as { outlines: Raw[] }).outlines);
}

/**
 * Text with every run of white space made one space. A line that ends in a dash continues the
 * same word or phrase (`headshot-` / `heavy`, `brawls—` / `they’re`), so the break is dropped.
 */
export function normalizeText(text: string): string {
  return text
    .replace(/\u00ad/g, '')
    .replace(/([-\u2010\u2013\u2014])\n/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** For comparing with `pdftotext`, which joins a word broken after a hyphen (`headshot-` / `heavy` → `headshotheavy`): hyphens dropped too. */
export function normalizePdfText(text: string): string {
  return normalizeText(text).replace(/-/g, '');
}

type AceReport = {
  assertions: Array<{
    'earl:testSubject': { url: string };
    assertions: Array<{ 'earl:test': { 'dct:title': string; 'earl:impact': string }; 'earl:result': { 'earl:outcome': string; 'dct:description'?: string } }>;
  }>;
};

/** DAISY Ace, able to check many EPUBs (`check`) until `close()`. */
export interface Ace {
  check: (file: string) => Promise<Finding[]>;
  close: () => Promise<void>;
}

/**
 * DAISY Ace: `@daisy/ace-core` with the axe runner `ace` (`@daisy/ace-cli`) gives it, run in
 * this process with Octavo's own Chromium, which starts once for every EPUB checked until
 * `close()`: the command line starts Node, loads Ace and starts a Chromium for each EPUB, and
 * reports the same violations (docs/testing.md).
 */
export async function openAce(): Promise<Ace> {
  const { findBrowser } = await import('../../src/browser/find.ts');
  const { createRequire } = await import('node:module');
  const { mkdtemp, rm } = await import('node:fs/promises');
  const os = await import('node:os');
  // puppeteer reads its executable, and the runner its launch timeout (5 s by default, short for
  // a Chromium start on a busy machine), from the environment when they are first loaded; the
  // variables go back as they were, or Octavo's own findBrowser would later take the path for
  // the user's choice.
  const settings = { PUPPETEER_EXECUTABLE_PATH: (await findBrowser()).path, ACE_TIMEOUT_INITIAL: '60000' };
  const before = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
  const require = createRequire(import.meta.url);
  Object.assign(process.env, settings);
  let runner: { launch: () => Promise<void>; close: () => Promise<void> };
  try {
    runner = require('@daisy/ace-axe-runner-puppeteer');
  } finally {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  const aceCore = require('@daisy/ace-core') as (file: string, options: Record<string, unknown>, runner: unknown) => Promise<[string, AceReport]>;
  // Ace logs through winston; the command line gives it a log file, here it says nothing.
  if (!aceQuiet) {
    const winston = createRequire(require.resolve('@daisy/ace-core'))('winston');
    winston.add(new winston.transports.Console({ silent: true }));
    aceQuiet = true;
  }
  // The runner keeps its one browser in a module variable: one Ace at a time in a process.
  if (aceOpen) throw new Error('openAce: an Ace is open in this process already; close it first');
  aceOpen = true;
  try {
    await runner.launch();
  } catch (error) {
    aceOpen = false;
    throw error;
  }
  // Ace launches and closes the runner for each EPUB: here it stays up until close().
  const shared = { ...runner, launch: async () => {}, close: async () => {} };
  return {
    check: async (file) => {
      const out = await mkdtemp(path.join(os.tmpdir(), 'octavo-ace-'));
      try {
        const [, report] = await aceCore(file, { cwd: process.cwd(), outdir: path.join(out, 'report'), tmpdir: path.join(out, 'epub'), silent: true, jobId: '' }, shared);
        return report.assertions.flatMap((subject) =>
          subject.assertions
            .filter((a) => a['earl:result']['earl:outcome'] !== 'pass')
            .map((a) => ({
              severity: a['earl:test']['earl:impact'],
              id: a['earl:test']['dct:title'],
              message: a['earl:result']['dct:description'] ?? '',
              location: subject['earl:testSubject'].url,
            })),
        );
      } finally {
        await rm(out, { recursive: true, force: true });
      }
    },
    close: async () => {
      aceOpen = false;
      await runner.close();
    },
  };
}
let aceQuiet = false;
let aceOpen = false;

/** DAISY Ace on one EPUB: every violation it reports. */
export async function ace(file: string): Promise<Finding[]> {
  const checker = await openAce();
  try {
    return await checker.check(file);
  } finally {
    await checker.close();
  }
}
