import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.ts';
import { readPublication } from '../src/document/read.ts';
import { octavo } from './helpers/cli.ts';
import { pdfOutline, pdftotext } from './helpers/validators.ts';

/**
 * Issue 12, items 1 and 3: a plain README builds with no front matter and no config, and
 * nothing it holds is hidden or garbled (folded sections, badges in headings, bookmarks,
 * emoji shortcodes, quotes around punctuation).
 */
describe('zero set-up and nothing hidden', () => {
  let dir: string;
  const readme = [
    '# arg [![npm](https://img.shields.io/npm/v/arg.svg)](https://npm.im/arg) [![CI](https://example.org/ci.svg)](https://example.org/ci)',
    '',
    'Simple argument parsing :heart: with a `:heart:` left alone in code.',
    '',
    'Use "-" to read standard input, "--" to end the options and "*" to match every file; say "hello", then.',
    '',
    '<details>',
    '<summary>What does this do?</summary>',
    '',
    'A folded paragraph that must be printed, a sentence nobody would otherwise see.',
    '',
    '</details>',
    '',
    '## A heading long enough that it wraps across two lines on an A4 page of the handout template for sure',
    '',
    'Text under it.',
    '',
  ].join('\n');

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-zero-setup-'));
    await writeFile(path.join(dir, 'README.md'), readme);
    await writeFile(path.join(dir, 'notes.md'), 'Just a line of notes, no heading at all, and not much else to say about anything here.\n');
    await writeFile(
      path.join(dir, 'liesmich.md'),
      '# Werkzeug\n\nDieses Werkzeug liest die Argumente der Kommandozeile und gibt sie als Objekt zurück. Es ist klein, schnell und hat keine Abhängigkeiten. Die Anleitung unten zeigt, wie man es benutzt und was man beachten muss, wenn man es in einem eigenen Projekt einsetzen möchte.\n',
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('takes the title from the first # heading and prints it once, without its badges', async () => {
    const { publication, files } = await readPublication(path.join(dir, 'README.md'), { sourceDateEpoch: '0' });
    expect(files.flatMap((file) => file.messages.filter((m) => m.fatal))).toEqual([]);
    expect(publication!.meta.title).toBe('arg');
    expect(publication!.outline.map((entry) => entry.title)).toEqual(['arg']);
    expect(publication!.outline[0].children.map((entry) => entry.title)).toEqual(['A heading long enough that it wraps across two lines on an A4 page of the handout template for sure']);
    const out = path.join(dir, 'html');
    const result = await build({ input: path.join(dir, 'README.md'), out, formats: ['html'], sourceDateEpoch: '0' });
    expect(result.ok).toBe(true);
    const html = await readFile(path.join(out, 'README.html'), 'utf8');
    // The title block's h1, and no second one holding the same words.
    expect(html.match(/<h1[^>]*>/g)).toHaveLength(1);
    expect(html).toMatch(/<h1 class="title" id="title">arg<\/h1>/);
    // The badges are kept, on a line of their own after the title.
    expect(html).toMatch(/<p class="heading-badges"><a href="https:\/\/npm\.im\/arg"><span class="missing-image">npm<\/span><\/a> <a href="https:\/\/example\.org\/ci"><span class="missing-image">CI<\/span><\/a><\/p>/);
  });

  it('turns emoji shortcodes into emoji (not in code) and opens quotes before punctuation', async () => {
    const html = await readFile(path.join(dir, 'html', 'README.html'), 'utf8');
    expect(html).toContain('Simple argument parsing ❤️ with a <code>:heart:</code>');
    expect(html).toContain('Use “-” to read standard input, “–” to end the options and “*” to match every file; say “hello”, then.');
  });

  it('stores <details> open in the HTML', async () => {
    const html = await readFile(path.join(dir, 'html', 'README.html'), 'utf8');
    expect(html).toMatch(/<details open>\s*<summary>What does this do\?<\/summary>/);
  });

  it('with no title and no heading, the file name stands in with a warning; --strict makes it an error', async () => {
    const lenient = await octavo(['build', path.join(dir, 'notes.md'), '--out', path.join(dir, 'notes-out'), '--format', 'html']);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toMatch(/\n1:1 +warning +No title given and no `# heading` to take one from; the title is the file name, “notes” +title-from-name +octavo\n/);
    expect(lenient.stderr).toMatch(/\n1:1 +warning +No `lang` given.*`en` \(English\) is assumed +lang-implicit +octavo\n/);
    const html = await readFile(path.join(dir, 'notes-out', 'notes.html'), 'utf8');
    expect(html).toMatch(/<h1 class="title" id="title">notes<\/h1>/);

    const strict = await octavo(['build', path.join(dir, 'notes.md'), '--out', path.join(dir, 'notes-strict'), '--format', 'html', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/\n1:1 +warning +No title given.* +title-from-name +octavo\n/);
    await expect(readdir(path.join(dir, 'notes-strict'))).rejects.toThrow();
  });

  it('detects a text clearly in another language, and says so', async () => {
    const { publication, files } = await readPublication(path.join(dir, 'liesmich.md'), { sourceDateEpoch: '0' });
    expect(publication!.meta.lang).toBe('de');
    expect(publication!.meta.title).toBe('Werkzeug');
    const messages = files[0].messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason}`);
    expect(messages).toEqual(['1:1 lang-implicit No `lang` given; the text reads as German, so `de` is used']);
    // Written front matter wins, and an English text with front matter hears nothing.
    await writeFile(path.join(dir, 'given.md'), '---\ntitle: Given\nlang: fr\n---\n\n# Werkzeug\n\nDieses Werkzeug liest die Argumente der Kommandozeile und gibt sie als Objekt zurück, klein und schnell.\n');
    const given = await readPublication(path.join(dir, 'given.md'), { sourceDateEpoch: '0' });
    expect(given.publication!.meta.lang).toBe('fr');
    expect(given.files[0].messages.map((m) => m.ruleId)).toEqual([]);
  });

  it('prints <details> open and gives bookmarks the headings’ exact text', async () => {
    const out = path.join(dir, 'pdf');
    const result = await build({ input: path.join(dir, 'README.md'), out, formats: ['pdf'], sourceDateEpoch: '0' });
    expect(result.ok).toBe(true);
    const pdf = path.join(out, 'README.pdf');
    // Without the soft hyphens the print adds for hyphenation.
    const text = (await pdftotext(pdf)).replace(/\u00ad/g, '').replace(/\s+/g, ' ');
    expect(text).toContain('What does this do?');
    expect(text).toContain('A folded paragraph that must be printed, a sentence nobody would otherwise see.');
    const titles = (await pdfOutline(pdf)).flatMap((item) => [item.title, ...item.kids.map((kid) => kid.title)]);
    expect(titles).toEqual(['arg', 'A heading long enough that it wraps across two lines on an A4 page of the handout template for sure']);
  }, 120_000);
});
