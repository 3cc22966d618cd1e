import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { warn, fail } from '../../src/diagnostics.ts';
import { createProgress, type ProgressEvent } from '../../src/progress.ts';
import { countMessages, listedPerRule, manyWarnings, reportMessages, tooManyWarnings } from '../../src/report.ts';

/** A terminal that keeps what is written to it, with a clock the test moves. */
function terminal(columns = 80) {
  const stream = { isTTY: true, columns, text: '', write: (chunk: string) => void (stream.text += chunk) };
  return stream;
}

/** What a person sees: each redraw of the live line (the text between carriage returns), and the lines that stay. */
const redraws = (text: string) => text.split('\r').map((part) => part.replace('\x1b[2K', ''));

describe('progress on a terminal', () => {
  it('rewrites one line in place with the stage, chapter k of n and pages laid out, and clears it when done', () => {
    let clock = 0;
    const stream = terminal();
    const progress = createProgress(stream, { mode: 'live', now: () => clock, interval: 0 });
    const say = (event: ProgressEvent) => progress(event);
    say({ publication: 'book', kind: 'publication', state: 'start' });
    say({ publication: 'book', kind: 'start', stage: 'read' });
    for (let chapter = 1; chapter <= 3; chapter++) {
      clock += 200;
      say({ publication: 'book', kind: 'count', stage: 'read', unit: 'chapter', done: chapter, total: 3 });
    }
    say({ publication: 'book', kind: 'end', stage: 'read' });
    say({ publication: 'book', kind: 'start', stage: 'pdf writer' });
    say({ publication: 'book', kind: 'start', stage: 'pdf: layout and print (Chromium, Paged.js)' });
    say({ publication: 'book', kind: 'start', stage: 'epub: cover' });
    for (const pages of [1, 2, 40]) {
      clock += 1000;
      say({ publication: 'book', kind: 'count', stage: 'pdf: layout and print (Chromium, Paged.js)', unit: 'page', done: pages });
    }
    say({ publication: 'book', kind: 'count', stage: 'pdf: layout and print (Chromium, Paged.js)', unit: 'page', done: 40, total: 40 });
    progress.clear();

    const shown = redraws(stream.text);
    expect(shown).toContain('book  read  chapter 2/3  0.4 s');
    expect(shown).toContain('book  read  chapter 3/3  0.6 s');
    // The stage that counts is shown over a later one that does not (the cover beside the layout).
    expect(shown).toContain('book  pdf: layout and print  2 pages  2.6 s');
    expect(shown).toContain('book  pdf: layout and print  40 pages laid out, printing  3.6 s');
    expect(stream.text).not.toContain('\n');
    // Cleared: the last thing written erases the line.
    expect(stream.text.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('redraws at most once an interval, but a new stage and the first count at once; a finished publication leaves one line', () => {
    let clock = 0;
    const stream = terminal();
    const progress = createProgress(stream, { mode: 'live', now: () => clock, interval: 100 });
    progress({ publication: 'a', kind: 'publication', state: 'start' });
    progress({ publication: 'a', kind: 'start', stage: 'pdf: layout and print (Chromium, Paged.js)' });
    for (let page = 1; page <= 50; page++) {
      clock += 5;
      progress({ publication: 'a', kind: 'count', stage: 'pdf: layout and print (Chromium, Paged.js)', unit: 'page', done: page });
    }
    const pageDraws = redraws(stream.text).filter((line) => / pages? /.test(line));
    // A page every 5 ms: the first at once (5 ms), then one each 100 ms (105, 205 ms).
    expect(pageDraws.map((line) => /(\d+) pages?/.exec(line)![1])).toEqual(['1', '21', '41']);
    progress({ publication: 'a', kind: 'publication', state: 'end', ok: true });
    expect(stream.text).toMatch(/\r\x1b\[2K✓ a {2}0\.3 s\n$/);
    progress.clear();
  });

  it('shows the publications built side by side on the one line', () => {
    const stream = terminal(120);
    const progress = createProgress(stream, { mode: 'live', now: () => 0, interval: 0 });
    progress({ publication: 'first', kind: 'publication', state: 'start' });
    progress({ publication: 'second', kind: 'publication', state: 'start' });
    progress({ publication: 'first', kind: 'start', stage: 'read' });
    progress({ publication: 'second', kind: 'start', stage: 'html writer' });
    expect(redraws(stream.text).at(-1)).toBe('first  read  0.0 s  ·  second  html writer  0.0 s');
    progress({ publication: 'first', kind: 'publication', state: 'end', ok: false });
    // The finished one leaves its line; the other goes on below it.
    expect(stream.text.endsWith('\r\x1b[2K✗ first  0.0 s\n\r\x1b[2Ksecond  html writer  0.0 s')).toBe(true);
    progress.clear();
  });

  it('cuts a line longer than the terminal, which would otherwise wrap and leave rows behind', () => {
    const stream = terminal(30);
    const progress = createProgress(stream, { mode: 'live', now: () => 0, interval: 0 });
    progress({ publication: 'a-publication-with-a-long-name', kind: 'start', stage: 'template and fonts' });
    progress.clear();
    const line = redraws(stream.text).find((part) => part.includes('a-publication'))!;
    expect([...line].length).toBeLessThanOrEqual(29);
    expect(line.endsWith('…')).toBe(true);
  });
});

describe('progress in CI', () => {
  it('writes one plain line as each stage starts, and none for chapters or pages', () => {
    let clock = 0;
    const stream = terminal();
    const progress = createProgress(stream, { mode: 'lines', now: () => clock });
    progress({ publication: 'book', kind: 'publication', state: 'start' });
    progress({ publication: 'book', kind: 'start', stage: 'read' });
    for (let chapter = 1; chapter <= 50; chapter++) progress({ publication: 'book', kind: 'count', stage: 'read', unit: 'chapter', done: chapter, total: 50 });
    progress({ publication: 'book', kind: 'end', stage: 'read' });
    clock = 2500;
    progress({ publication: 'book', kind: 'start', stage: 'pdf: layout and print (Chromium, Paged.js)' });
    for (let page = 1; page <= 648; page++) progress({ publication: 'book', kind: 'count', stage: 'pdf: layout and print (Chromium, Paged.js)', unit: 'page', done: page });
    progress({ publication: 'book', kind: 'publication', state: 'end', ok: true });
    progress.clear();
    expect(stream.text).not.toContain('\r');
    expect(stream.text.split('\n')).toEqual(['  0.0 s  book: read', '  2.5 s  book: pdf: layout and print (Chromium, Paged.js)', '  2.5 s  ✓ book', '']);
    // A watch's next build: its seconds count from its own start.
    clock = 60_000;
    progress({ publication: 'book', kind: 'start', stage: 'read' });
    expect(stream.text.endsWith('\n  0.0 s  book: read\n')).toBe(true);
  });
});

/** A file with `count` warnings of `rule`, one a line. */
function warned(name: string, counts: Record<string, number>, errors = 0): VFile {
  const file = new VFile({ path: name, cwd: '/' });
  let line = 1;
  for (const [rule, count] of Object.entries(counts)) for (let index = 0; index < count; index++) warn(file, `Warning ${index + 1} of ${rule}`, { ruleId: rule, place: { line: line++, column: 1 } });
  for (let index = 0; index < errors; index++) fail(file, `Error ${index + 1}`, { ruleId: 'pdf-text-missing', place: { line: line++, column: 1 } });
  return file;
}

describe('warnings summarised by rule', () => {
  it('counts every warning and error by rule, errors first, then the commonest rules', () => {
    const files = [warned('a.md', { 'missing-image': 300, 'remote-image': 100 }, 2), warned('b.md', { 'missing-image': 200, 'broken-link': 114 })];
    expect(countMessages(files)).toEqual({
      errors: 2,
      warnings: 714,
      infos: 0,
      rules: [
        { rule: 'pdf-text-missing', severity: 'error', count: 2 },
        { rule: 'missing-image', severity: 'warning', count: 500 },
        { rule: 'broken-link', severity: 'warning', count: 114 },
        { rule: 'remote-image', severity: 'warning', count: 100 },
      ],
    });
  });

  it('lists the first few warnings of each rule and every error, then a table by rule with the counts', () => {
    const files = [warned('a.md', { 'missing-image': 300, 'remote-image': 100 }, 2), warned('b.md', { 'missing-image': 200, 'broken-link': 114 })];
    const report = reportMessages(files, { color: false });
    const lines = report.split('\n');
    expect(lines.filter((line) => / warning +Warning /.test(line))).toHaveLength(3 * listedPerRule);
    expect(lines.filter((line) => / error +Error /.test(line))).toHaveLength(2);
    // Which ones: the first of each rule, in reading order.
    expect(report).toContain('Warning 5 of missing-image');
    expect(report).not.toContain('Warning 6 of missing-image');
    expect(lines.slice(-6)).toEqual([
      '✖ 2 errors, ⚠ 714 warnings, by rule:',
      '  ✖   2  pdf-text-missing',
      '  ⚠ 500  missing-image     … and 495 more not listed',
      '  ⚠ 114  broken-link       … and 109 more not listed',
      '  ⚠ 100  remote-image      … and 95 more not listed',
      `Up to ${listedPerRule} warnings of each rule are listed above; --json lists every one.`,
    ]);
    // vfile-reporter's own count of what it listed is not left to contradict the table.
    expect(report).not.toMatch(/messages \(/);
  });

  it('lists a few warnings in full with the reporter\'s own count, and --quiet lists errors only', () => {
    const few = [warned('a.md', { 'missing-image': manyWarnings }, 1)];
    const report = reportMessages(few, { color: false });
    expect(report.split('\n').filter((line) => / warning +Warning /.test(line))).toHaveLength(manyWarnings);
    expect(report).not.toContain('by rule');
    expect(report.split('\n').at(-1)).toBe(`${manyWarnings + 1} messages (✖ 1 error, ⚠ ${manyWarnings} warnings)`);
    const quiet = reportMessages([warned('a.md', { 'missing-image': 500 }, 1)], { color: false, quiet: true });
    expect(quiet).not.toContain('warning');
    expect(quiet).toContain('Error 1');
    expect(quiet.split('\n').at(-1)).toBe('✖ 1 error');
    expect(reportMessages([warned('a.md', { 'missing-image': 500 })], { color: false, quiet: true })).toBe('');
  });

  it('fails --max-warnings N only above N', () => {
    const files = [warned('a.md', { 'missing-image': 3 })];
    expect(tooManyWarnings(files, undefined)).toBeUndefined();
    expect(tooManyWarnings(files, 3)).toBeUndefined();
    expect(tooManyWarnings(files, 2)).toBe('octavo: 3 warnings, more than --max-warnings 2 allows');
    expect(tooManyWarnings([warned('a.md', {}, 4)], 0)).toBeUndefined();
  });
});
