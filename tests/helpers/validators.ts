import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

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

/** The official EPUBCheck (Debian's `epubcheck` package): every message it reports. */
export async function epubcheck(file: string): Promise<Finding[]> {
  const jar = process.env.EPUBCHECK_JAR ?? '/usr/bin/epubcheck';
  const { stdout } = await capture('java', ['-jar', jar, '--quiet', '--json', '-', file]);
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

/** The Nu HTML Checker from the `vnu-jar` npm package: errors and warnings. */
export async function vnu(file: string): Promise<Finding[]> {
  const jar = path.resolve('node_modules/vnu-jar/build/dist/vnu.jar');
  const { stdout, stderr } = await capture('java', ['-jar', jar, '--format', 'json', '--stdout', file]);
  const report = JSON.parse(stdout || stderr) as { messages: Array<{ type: string; subType?: string; message: string; lastLine?: number }> };
  return report.messages.map((m) => ({
    severity: m.type === 'error' ? 'ERROR' : m.subType === 'warning' ? 'WARNING' : 'INFO',
    id: m.type,
    message: m.message,
    location: m.lastLine ? `line ${m.lastLine}` : undefined,
  }));
}

/** `pdfinfo` as a record: `Tagged`, `Title`, `Page size`, … */
export async function pdfinfo(file: string): Promise<Record<string, string>> {
  const { stdout } = await capture('pdfinfo', [file]);
  return Object.fromEntries(
    stdout
      .split('\n')
      .filter((line) => line.includes(':'))
      .map((line) => [line.slice(0, line.indexOf(':')).trim(), line.slice(line.indexOf(':') + 1).trim()]),
  );
}

/** `pdffonts` rows: name, whether embedded and subset. */
export async function pdffonts(file: string): Promise<Array<{ name: string; embedded: boolean; subset: boolean }>> {
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

/** The PDF's text, in reading order, as pdftotext gives it. */
export async function pdftotext(file: string, page?: number): Promise<string> {
  const pages = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  const { stdout } = await capture('pdftotext', ['-enc', 'UTF-8', ...pages, file, '-']);
  return stdout;
}

export interface PdfOutlineEntry {
  title: string;
  page: number;
  kids: PdfOutlineEntry[];
}

/** The PDF's bookmarks, nested, from `qpdf --json`. */
export async function pdfOutline(file: string): Promise<PdfOutlineEntry[]> {
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

/** DAISY Ace (from `@daisy/ace-cli`), run with Octavo's own Chromium: every violation it reports. */
export async function ace(file: string): Promise<Finding[]> {
  const { findBrowser } = await import('../../src/browser/find.ts');
  const { mkdtemp, readFile, rm } = await import('node:fs/promises');
  const os = await import('node:os');
  const browser = await findBrowser();
  const out = await mkdtemp(path.join(os.tmpdir(), 'octavo-ace-'));
  try {
    const cli = path.resolve('node_modules/@daisy/ace-cli/bin/ace.js');
    await capture(process.execPath, [cli, '--silent', '--force', '--outdir', out, file], { ...process.env, PUPPETEER_EXECUTABLE_PATH: browser.path });
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as {
      assertions: Array<{
        'earl:testSubject': { url: string };
        assertions: Array<{ 'earl:test': { 'dct:title': string; 'earl:impact': string }; 'earl:result': { 'earl:outcome': string; 'dct:description'?: string } }>;
      }>;
    };
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
}
