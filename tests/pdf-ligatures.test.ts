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
