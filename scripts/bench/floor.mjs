#!/usr/bin/env node
// The floor of the benchmark: launch the Chromium Octavo uses, print Octavo's own HTML page
// to PDF, close. Plain JavaScript so that no compile step is counted in the floor.
// Usage: node scripts/bench/floor.mjs PAGE.html OUT.pdf CHROMIUM [shell|new]
import { readFile, writeFile } from 'node:fs/promises';
import puppeteer from 'puppeteer-core';

const [page, out, executablePath, mode = 'shell'] = process.argv.slice(2);
if (!page || !out || !executablePath) {
  console.error('usage: floor.mjs PAGE.html OUT.pdf CHROMIUM [shell|new]');
  process.exit(2);
}
const html = await readFile(page, 'utf8');
// The switches Octavo launches the same binary with (src/browser/session.ts), so the browser
// does the same work; the request interception and soft-hyphen pass are left out.
const args = ['--host-resolver-rules=MAP * ~NOTFOUND', '--font-render-hinting=none', '--no-sandbox'];
if (mode === 'shell') args.push('--no-zygote', '--disable-gpu', '--single-process');
// No time limits of its own (puppeteer's page.pdf gives up after 30 s): the bench's timeout rules.
const browser = await puppeteer.launch({ executablePath, headless: mode === 'shell' ? 'shell' : true, args, protocolTimeout: 0 });
try {
  const tab = await browser.newPage();
  await tab.setContent(html, { waitUntil: 'load', timeout: 0 });
  await tab.evaluate(() => document.fonts.ready.then(() => undefined));
  const pdf = await tab.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true, timeout: 0 });
  await writeFile(out, pdf);
} finally {
  await browser.close();
}
