import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { build } from '../src/build.ts';
import { PdfFile, type PdfStream } from '../src/pdf/file.ts';
import * as read from '../src/pdf/read.ts';

// The reading passes through, counted.
vi.mock('../src/pdf/read.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/pdf/read.ts')>();
  return { ...actual, readPdf: vi.fn(actual.readPdf) };
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'octavo-read-once-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('reads the printed PDF back once: every stream is inflated at most twice for the page list, all the checks and the metadata', async () => {
  // "fi", "fl" and "Th": ligatures, whose ToUnicode entries the metadata step repairs from the same reading.
  const paragraphs = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1}: The fine, flowing text of this file is read back from its pages, «Ünïcödé» and all.`).join('\n\n');
  await writeFile(path.join(dir, 'text.md'), `---\ntitle: Read once\nlang: en\n---\n\n# Read once\n\n${paragraphs}\n`);
  // Spied, not replaced: each call still inflates.
  const calls = vi.spyOn(PdfFile.prototype, 'streamData');
  const result = await build({ input: path.join(dir, 'text.md'), out: path.join(dir, 'out'), formats: ['epub', 'pdf'], sourceDateEpoch: '0' });
  expect(result.ok, JSON.stringify(result.files.flatMap((file) => file.messages.map(String)))).toBe(true);
  // The same bytes at the same place are the same stream, whichever PdfFile opened them.
  const inflated = new Map<string, number>();
  for (const [index, [stream]] of calls.mock.calls.entries()) {
    const key = `${(calls.mock.contexts[index] as PdfFile).bytes.byteLength}:${(stream as PdfStream).start}`;
    inflated.set(key, (inflated.get(key) ?? 0) + 1);
  }
  calls.mockRestore();
  // One reading for the EPUB's page list, the text-layer and drawn-text checks and the ToUnicode repair.
  expect(vi.mocked(read.readPdf)).toHaveBeenCalledTimes(1);
  expect(inflated.size).toBeGreaterThan(0);
  // A content stream: its scan, and the page-scale check's look at a page's first text; a ToUnicode map: its font's decoder, and its repair.
  expect(Math.max(...inflated.values())).toBeLessThanOrEqual(2);
}, 120_000);
