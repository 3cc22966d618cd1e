/**
 * A generated book of README-like chapters (badges, images, tables, code, folded sections),
 * built in all three formats with no front matter and no config, then every artifact checked
 * for all of its text (the PDF read by pdf.js). Prints pages, times, sizes and memory; exits 1
 * when the build fails or any text is missing.
 *
 *   npm run readme-book                        # 2,000 pages
 *   npm run readme-book -- --pages 300 --keep DIR [--validate]   (EPUBCheck and vnu too)
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from '../src/build.ts';
import { missingBlocks, textBlocks } from '../src/document/text-blocks.ts';
import { pageTextsWithPdfJs } from '../src/writers/pdf/page-texts.ts';
import { epubcheckMany, epubText, formatFinding, htmlText } from '../tests/helpers/corpus.ts';
import { vnuMany } from '../tests/helpers/validators.ts';
import { writeReadmeBook } from '../tests/helpers/readme-book.ts';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const pages = Number(option('--pages') ?? 2000);
const keep = option('--keep');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const work = keep ? path.resolve(keep) : await mkdtemp(path.join(os.tmpdir(), 'octavo-readme-book-'));
const input = await writeReadmeBook(path.join(work, 'readme-book'), { pages });
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
const started = performance.now();
const result = await build({ input, out: path.join(work, 'out'), sourceDateEpoch: '1700000000' });
const buildMs = performance.now() - started;
clearInterval(sampler);
const errors = result.files.flatMap((file) => file.messages.filter((m) => m.fatal).map((m) => `${path.basename(file.path)}:${m.line ?? '-'}: ${m.reason}`));
console.log(`readme book of ~${pages} pages: ${result.publication?.chapters.length ?? '?'} chapters; build ${result.ok ? 'ok' : 'FAILED'} in ${seconds(buildMs)}, peak RSS ${Math.round(peak / 2 ** 20)} MiB (this process; Chromium apart)`);
for (const error of [...errors, ...result.failures.map((f) => `${f.format}: ${f.error.message}`)].slice(0, 20)) console.log(`  ${error}`);
for (const timing of result.timings) console.log(`  ${timing.stage.padEnd(44)} ${seconds(timing.ms)}`);
if (!result.ok || !result.publication) process.exit(1);

const artifact = (format: string) => result.artifacts.find((a) => a.format === format)!;
for (const a of result.artifacts) console.log(`  ${a.format.padEnd(5)} ${(a.bytes / 2 ** 20).toFixed(1)} MiB`);
const blocks = textBlocks(result.publication);
const checkStart = performance.now();
const pdfPages = await pageTextsWithPdfJs(new Uint8Array(await readFile(artifact('pdf').path)));
const lost = {
  pdf: missingBlocks(pdfPages.map((runs) => runs.join('')).join('\n'), blocks),
  epub: missingBlocks(epubText(new Uint8Array(await readFile(artifact('epub').path))), blocks),
  html: missingBlocks(htmlText(await readFile(artifact('html').path, 'utf8')), blocks),
};
console.log(`PDF pages: ${pdfPages.length}; text blocks: ${blocks.length}; missing: pdf ${lost.pdf.length}, epub ${lost.epub.length}, html ${lost.html.length} (checked in ${seconds(performance.now() - checkStart)})`);
for (const [format, missing] of Object.entries(lost)) for (const block of missing.slice(0, 5)) console.log(`  ${format}: ${path.basename(block.file.path)}:${block.place?.start.line}: ${block.text.slice(0, 80)}`);

let invalid = 0;
if (args.includes('--validate')) {
  const [epub, html] = await Promise.all([epubcheckMany([artifact('epub').path]), vnuMany([artifact('html').path])]);
  const bad = [...epub, ...html].filter((f) => f.severity === 'ERROR');
  invalid = bad.length;
  console.log(`EPUBCheck: ${epub.filter((f) => f.severity === 'ERROR').length} errors; vnu: ${html.filter((f) => f.severity === 'ERROR').length} errors`);
  for (const finding of bad.slice(0, 10)) console.log(`  ${formatFinding(finding)}`);
}
if (!keep) await rm(work, { recursive: true, force: true });
process.exit(lost.pdf.length + lost.epub.length + lost.html.length + invalid > 0 ? 1 : 0);
