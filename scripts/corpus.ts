/**
 * The whole real-world corpus: every README.md in node_modules (deduplicated, ≥ 500 bytes),
 * each built as its own manuscript as it is (no front matter, no config), and the CommonMark
 * spec's examples as one book; all three formats, each EPUB through EPUBCheck, each HTML page
 * through the Nu HTML Checker, every block of the text looked for in each artifact. Prints
 * counts and the offenders; exits 1 when anything was refused, crashed, lost text or failed
 * validation.
 *
 *   npm run corpus                       # everything
 *   npm run corpus -- --sample 80        # the READMEs the default test suite builds
 *   npm run corpus -- --readmes-only | --commonmark-only   --keep DIR (keep the outputs)
 */
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  buildManuscript,
  epubcheckMany,
  evenSample,
  formatFinding,
  launchBrowser,
  mapLimit,
  readmeCorpus,
  writeCommonmarkBook,
  writeReadmeManuscript,
  type BuildOutcome,
} from '../tests/helpers/corpus.ts';
import { vnuMany } from '../tests/helpers/validators.ts';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const sample = option('--sample') ? Number(option('--sample')) : undefined;
const keep = option('--keep');
const readmesWanted = !args.includes('--commonmark-only');
const commonmarkWanted = !args.includes('--readmes-only');

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const started = performance.now();
const work = keep ? path.resolve(keep) : await mkdtemp(path.join(os.tmpdir(), 'octavo-corpus-'));
const sources = path.join(work, 'sources');
const out = path.join(work, 'out');
await mkdir(sources, { recursive: true });
await mkdir(out, { recursive: true });

const all = readmesWanted ? readmeCorpus() : [];
const readmes = sample ? evenSample(all, sample) : all;
const inputs: string[] = [];
for (const entry of readmes) inputs.push(await writeReadmeManuscript(entry, sources));
if (commonmarkWanted) inputs.push(await writeCommonmarkBook(sources));
console.log(`corpus: ${readmes.length} READMEs (of ${all.length} distinct ≥ 500 bytes)${commonmarkWanted ? ' + the CommonMark book' : ''}`);

const browser = launchBrowser();
let outcomes: BuildOutcome[];
try {
  outcomes = await mapLimit(inputs, 2, (input) => buildManuscript(input, out, browser));
} finally {
  await (await browser).close();
}
const built = outcomes.filter((o) => o.status === 'built');
const buildMs = performance.now() - started;
console.log(`built ${built.length}/${outcomes.length} in ${seconds(buildMs)}; refused ${outcomes.filter((o) => o.status === 'refused').length}; crashed ${outcomes.filter((o) => o.status === 'crashed').length}; warnings from Octavo ${built.reduce((s, o) => s + o.warnings, 0)}`);
for (const o of outcomes.filter((o) => o.status !== 'built')) console.log(`  ${o.status}: ${path.basename(o.input)}: ${o.errors.join(' | ').slice(0, 600)}`);
// Every block of the text looked for in each artifact (the PDF read by pdf.js).
const lost = built.flatMap((o) => Object.entries(o.missing ?? {}).flatMap(([format, blocks]) => blocks.map((block) => `${path.basename(o.input)} ${format}: ${block}`)));
console.log(`text: ${built.reduce((s, o) => s + (o.blocks ?? 0), 0)} blocks in ${built.reduce((s, o) => s + (o.pages ?? 0), 0)} PDF pages; missing from an artifact: ${lost.length}`);
for (const line of lost.slice(0, 50)) console.log(`  ${line}`);

// Both checkers at once, as the test runs them.
const checkStart = performance.now();
const timed = async <T>(work: Promise<T>) => {
  const value = await work;
  return { value, ms: performance.now() - checkStart };
};
const [epubResult, vnuResult] = await Promise.all([timed(epubcheckMany(built.map((o) => o.epub!))), timed(vnuMany(built.map((o) => o.html!)))]);
const epubFindings = epubResult.value;
const vnuFindings = vnuResult.value;
console.log(`EPUBCheck: ${epubFindings.filter((f) => f.severity === 'ERROR').length} errors, ${epubFindings.filter((f) => f.severity === 'WARNING').length} warnings in ${new Set(epubFindings.filter((f) => f.severity !== 'INFO').map((f) => f.file)).size} files (${seconds(epubResult.ms)})`);
for (const f of epubFindings.filter((f) => f.severity !== 'INFO')) console.log(`  ${formatFinding(f)}`);
const vnuErrors = vnuFindings.filter((f) => f.severity === 'ERROR');
console.log(`vnu: ${vnuErrors.length} errors, ${vnuFindings.filter((f) => f.severity === 'WARNING').length} warnings in ${new Set(vnuErrors.map((f) => f.file)).size} files (${seconds(vnuResult.ms)})`);
for (const f of vnuErrors) console.log(`  ${formatFinding(f)}`);

console.log(`total ${seconds(performance.now() - started)}`);
if (!keep) await rm(work, { recursive: true, force: true });
const failed = outcomes.some((o) => o.status !== 'built') || lost.length > 0 || epubFindings.some((f) => f.severity === 'ERROR') || vnuErrors.length > 0;
process.exit(failed ? 1 : 0);
