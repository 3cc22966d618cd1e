import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pageTextsWithPdfJs } from '../src/writers/pdf/page-texts.ts';
import { octavo, type CliResult } from './helpers/cli.ts';

/**
 * Chromium maps a ligature glyph to the text it stood for where it was first drawn; in the book
 * template ("Th" first drawn as "T") every later "This" without an ActualText span read "Tis".
 * The PDF's own ToUnicode map is repaired, so any reader (pdf.js here) reads the words.
 */
let dir: string;
let result: CliResult;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-ligatures-'));
  await writeFile(path.join(dir, 'th.md'), '---\ntitle: Zed\n---\n\nThis is a test.\n\nThis again, and There it is.\n\n*This is italic.*\n');
  result = await octavo(['build', path.join(dir, 'th.md'), '--out', dir, '--format', 'pdf', '--template', 'book']);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('reads every Th word whole in the book template, with pdf.js', async () => {
  expect(result.code, result.stderr).toBe(0);
  const text = (await pageTextsWithPdfJs(new Uint8Array(await readFile(path.join(dir, 'th.pdf'))))).flat().join('').replace(/\s+/g, '');
  // Spaces left out: pdf.js splits its items around the ActualText spans.
  expect(text).toContain('Thisisatest.');
  expect(text).toContain('Thisagain,andThereitis.');
  expect(text).toContain('Thisisitalic.');
});

it('reads an emoji the font draws alone as itself, after a sequence drawn with the same glyph', async () => {
  // Noto Emoji draws 👍🏽 with the glyph of 👍 and an /ActualText of both: that is no ligature to repair 👍 with.
  await writeFile(path.join(dir, 'thumbs.md'), '---\ntitle: Zed\n---\n\nA toned 👍🏽 first.\n\nThen 👍 alone.\n');
  const built = await octavo(['build', path.join(dir, 'thumbs.md'), '--out', dir, '--format', 'pdf']);
  expect(built.code, built.stderr).toBe(0);
  const text = (await pageTextsWithPdfJs(new Uint8Array(await readFile(path.join(dir, 'thumbs.pdf'))))).flat().join('').replace(/\s+/g, '');
  expect(text).toContain('Then👍alone.');
});

/** The PDF's text as pdf.js gives it, items joined as its viewer joins them (a line's end a line break). */
async function pdfJsText(file: string): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({ data: new Uint8Array(await readFile(file)), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  try {
    let text = '';
    for (let number = 1; number <= document.numPages; number++) {
      const content = await (await document.getPage(number)).getTextContent();
      text += `${content.items.map((item) => ('str' in item ? `${item.str}${item.hasEOL ? '\n' : ''}` : '')).join('')}\n`;
    }
    return text;
  } finally {
    await document.destroy();
  }
}

it.each(['handout', 'book'])('reads every “The” of a long text as “The” in the %s template, with pdf.js', async (template) => {
  // Upright, italic, bold and in headings; and a text whose only "Th" opens it, with no other to learn the ligature from.
  const sentence = (at: number) => `The ${['house', 'river', 'letter', 'window'][at % 4]} was there, and *The ${at}* and **The ${at}** too.`;
  const paragraphs = Array.from({ length: 40 }, (_, at) => Array.from({ length: 5 }, (_, k) => sentence(at * 5 + k)).join(' '));
  const cases = {
    long: `---\ntitle: Zed\nlang: en\n---\n\n## The first\n\n${paragraphs.slice(0, 20).join('\n\n')}\n\n## The second\n\n${paragraphs.slice(20).join('\n\n')}\n`,
    alone: '---\ntitle: Zed\nlang: en\n---\n\nThe embedded Chromium runs.\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    await writeFile(path.join(dir, `${name}-${template}.md`), text);
    const built = await octavo(['build', path.join(dir, `${name}-${template}.md`), '--out', dir, '--format', 'pdf', '--template', template]);
    expect(built.code, built.stderr).toBe(0);
    const read = await pdfJsText(path.join(dir, `${name}-${template}.pdf`));
    const written = (text.split('---').at(-1)!.match(/\bThe\b/g) ?? []).length;
    expect(written).toBeGreaterThan(0);
    // Every one written is read back (running heads may add more), and none as "Te".
    expect((read.match(/\bThe\b/g) ?? []).length, name).toBeGreaterThanOrEqual(written);
    expect(read.match(/\bTe\b/g), name).toBeNull();
  }
});
