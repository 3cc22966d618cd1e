/**
 * A long book of real documentation, built in the book template (A5, PDF only): the Markdown
 * READMEs and docs of the project's own installed packages (node_modules, pinned by
 * package-lock.json), one chapter each, in path order, until the book should fill `--pages` A5
 * pages. Prints the build's time, its pages, and Paged.js's seconds per 50 pages as it goes,
 * so a time per page that grows with the book shows. Exits 1 when the build fails.
 *
 *   npm run docs-book                                   # about 2,000 A5 pages
 *   npm run docs-book -- --pages 500 [--keep DIR] [--part-pages N]
 *
 * `--part-pages N` prints the laid-out book in parts of at most N pages (default: the session's
 * `partPages`); a number above the book's pages prints it at once, as before parts.
 *
 * docs/typesetting.md ("Long books") has the figures.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from '../src/build.ts';
import { BrowserProvider } from '../src/browser/provider.ts';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const pages = Number(option('--pages') ?? 2000);
const keep = option('--keep');
const partPages = option('--part-pages');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Characters of Markdown source an A5 page of the book template holds, measured on this book (about; code and tables fill pages faster). */
const charsPerPage = 1340;

/** Markdown files of 3 kB or more under node_modules, in path order, each text once (packages ship copies). */
async function documentation(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== '.cache' && entry.name !== '.bin') await walk(file);
      else if (entry.isFile() && /\.md$/i.test(entry.name) && (await stat(file)).size >= 3000) found.push(file);
    }
  };
  await walk(root);
  return found;
}

/**
 * CPU milliseconds this process and its descendants (Chromium) have used, from /proc (Linux;
 * undefined elsewhere): on a shared machine a loaded CPU stretches wall time, not this.
 */
function treeCpuMs(): number | undefined {
  try {
    const stats = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).flatMap((pid) => {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
        return [{ pid: Number(pid), parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) }];
      } catch {
        return [];
      }
    });
    const mine = new Set([process.pid]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const stat of stats) if (!mine.has(stat.pid) && mine.has(stat.parent)) grew = Boolean(mine.add(stat.pid));
    }
    return (stats.filter((stat) => mine.has(stat.pid)).reduce((sum, stat) => sum + stat.ticks, 0) * 1000) / 100;
  } catch {
    return undefined;
  }
}

const work = keep ? path.resolve(keep) : await mkdtemp(path.join(os.tmpdir(), 'octavo-docs-book-'));
const input = path.join(work, 'docs-book');
await rm(input, { recursive: true, force: true });
await mkdir(input, { recursive: true });
const seen = new Set<string>();
let chars = 0;
let chapters = 0;
for (const file of await documentation(path.resolve('node_modules'))) {
  if (chars >= pages * charsPerPage) break;
  const text = await readFile(file, 'utf8');
  const hash = createHash('sha256').update(text).digest('hex');
  if (seen.has(hash)) continue;
  seen.add(hash);
  chapters++;
  const name = path.relative('node_modules', file).replace(/[^A-Za-z0-9._-]+/g, '-');
  await writeFile(path.join(input, `${String(chapters).padStart(4, '0')}-${name}`), text);
  chars += text.length;
}
console.log(`docs book: ${chapters} chapters, ${(chars / 1e6).toFixed(2)} M characters of node_modules documentation (for ~${pages} A5 pages) in ${input}`);

// Paged.js tells the pages laid out so far (every 100 ms at most): when each 50 were done, and
// the CPU time spent by then (read when the count passes a multiple of 10 pages).
const at: { pages: number; ms: number; cpu?: number }[] = [];
let pagedStart = 0;
const started = performance.now();
const browser = new BrowserProvider(partPages ? { partPages: Number(partPages) } : {});
const result = await build({
  browser,
  input,
  out: path.join(work, 'out'),
  template: 'book',
  paper: 'a5',
  formats: ['pdf'],
  sourceDateEpoch: '1700000000',
  onStep: (event) => {
    if (event.kind === 'count' && event.unit === 'page') {
      if (!pagedStart) pagedStart = performance.now();
      const crossed = Math.floor(event.done / 10) > Math.floor((at.at(-1)?.pages ?? 0) / 10);
      at.push({ pages: event.done, ms: performance.now() - pagedStart, cpu: crossed ? treeCpuMs() : undefined });
    }
  },
});
const buildMs = performance.now() - started;
await browser.close();
const pdf = result.artifacts.find((a) => a.format === 'pdf');
const total = at.at(-1)?.pages ?? 0;
console.log(`build ${result.ok ? 'ok' : 'FAILED'} in ${seconds(buildMs)}: ${total} pages laid out${pdf ? `, ${(pdf.bytes / 2 ** 20).toFixed(1)} MiB PDF` : ''}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const errors = result.files.flatMap((file) => file.messages.filter((m) => m.fatal).map((m) => `${path.basename(file.path)}:${m.line ?? '-'}: ${m.ruleId ?? ''} ${m.reason}`));
for (const error of [...errors, ...result.failures.map((f) => `${f.format}: ${f.error.message}`)].slice(0, 20)) console.log(`  ${error}`);
for (const timing of result.timings) console.log(`  ${timing.stage.padEnd(44)} ${seconds(timing.ms)}`);

/** Milliseconds (of `key`) into Paged.js's run when `page` pages were laid out (interpolated between reports). */
const when = (page: number, key: 'ms' | 'cpu'): number => {
  const points = at.filter((point) => point[key] !== undefined);
  const after = Math.max(1, points.findIndex((point) => point.pages >= page));
  const [a, b] = [points[after - 1], points[after]];
  return a[key]! + ((b[key]! - a[key]!) * (page - a.pages)) / (b.pages - a.pages);
};
const marks = [50, 250, 450, 650, 900, 1150, 1400, 1650, 1900].filter((page) => page + 50 <= total);
console.log('Paged.js per 50 pages, from page:  wall s   CPU s (this process and Chromium)');
for (const page of marks) {
  const per = (key: 'ms' | 'cpu') => ((when(page + 50, key) - when(page, key)) / 1000).toFixed(2).padStart(7);
  console.log(`  ${String(page).padStart(5)}                        ${per('ms')}  ${at.some((point) => point.cpu !== undefined) ? per('cpu') : ''}`);
}
await writeFile(path.join(work, 'pages.json'), JSON.stringify(at));
if (!keep) await rm(work, { recursive: true, force: true });
process.exit(result.ok ? 0 : 1);
