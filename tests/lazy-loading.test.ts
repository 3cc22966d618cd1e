// Not in the unit tier (vitest.unit.config.ts shares loaded modules between files, isolate: false): it mocks modules, and asks what a fresh process loaded.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import * as htmlParser from '../src/document/html-parser.ts';
import { readPublication } from '../src/document/read.ts';

// Passed through, counted.
vi.mock('../src/document/html-parser.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/document/html-parser.ts')>();
  return { ...actual, loadHtmlParser: vi.fn(actual.loadHtmlParser) };
});

// Loaded at most once each: a factory runs on the first import.
const loaded = vi.hoisted(() => ({ gemoji: 0, saxes: 0 }));
vi.mock('remark-gemoji', async (importOriginal) => {
  loaded.gemoji++;
  return importOriginal();
});
vi.mock('saxes', async (importOriginal) => {
  loaded.saxes++;
  return importOriginal();
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-html-parser-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));
beforeEach(() => vi.mocked(htmlParser.loadHtmlParser).mockClear());

const read = async (name: string, markdown: string) => {
  const file = path.join(dir, `${name}.md`);
  await writeFile(file, markdown);
  const { publication } = await readPublication(file);
  expect(publication).toBeDefined();
  return publication!;
};

it('reads a text with no raw HTML, SVG, diagram or citation without loading parse5', async () => {
  await read('plain', '---\ntitle: Plain\nlang: en\n---\n\n# Plain\n\nA paragraph with *emphasis*, `code`, a [link](https://example.org) and a table:\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n<!-- a comment only -->\n');
  expect(htmlParser.loadHtmlParser).not.toHaveBeenCalled();
  expect(loaded).toEqual({ gemoji: 0, saxes: 0 });
});

it('loads the emoji shortcodes for a shortcode, and saxes for an SVG image', async () => {
  await writeFile(path.join(dir, 'square.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
  const publication = await read('emoji', '---\ntitle: Emoji\nlang: en\n---\n\n# Emoji\n\nI :heart: it, not `:heart:`.\n\n![A square](square.svg)\n');
  expect(loaded).toEqual({ gemoji: 1, saxes: 1 });
  const text = JSON.stringify(publication.chapters[0].tree);
  expect(text).toContain('I ❤️ it');
  expect(text).toContain(':heart:');
});

it('loads it for raw HTML, and parses that HTML', async () => {
  const publication = await read('raw', '---\ntitle: Raw\nlang: en\n---\n\n# Raw\n\nPress <kbd>Ctrl</kbd>.\n');
  expect(htmlParser.loadHtmlParser).toHaveBeenCalled();
  expect(JSON.stringify(publication.chapters[0].tree)).toContain('"tagName":"kbd"');
});
