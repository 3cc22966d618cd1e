/**
 * The pagination report of one or more PDFs (any tool's): per page, what a typesetter would
 * mark. See report.ts for what each count means.
 *
 *   npm run pagination -- FILE.pdf [FILE.pdf …] [--chapter "Title" …] [--json]
 */
import { readFile } from 'node:fs/promises';
import { formatReport, paginationReport } from './report.ts';

const args = process.argv.slice(2);
const files: string[] = [];
const chapterTitles: string[] = [];
let json = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--chapter') chapterTitles.push(args[++i]);
  else if (args[i] === '--json') json = true;
  else files.push(args[i]);
}
if (files.length === 0) {
  console.error('usage: npm run pagination -- FILE.pdf [FILE.pdf …] [--chapter "Title" …] [--json]');
  process.exit(2);
}
for (const file of files) {
  const report = await paginationReport(await readFile(file), { chapterTitles });
  console.log(json ? JSON.stringify({ file, ...report }, null, 2) : formatReport(report, file));
}
