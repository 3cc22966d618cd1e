import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';
import { epubcheck, pdftotext, vnu } from './helpers/validators.ts';

/**
 * Case 5 of issue 24: a footnote that cites another footnote. Before: the EPUB's inner call kept
 * `aria-describedby="footnote-label"` (a heading the EPUB does not have) and no `epub:type`,
 * four RSC-005 errors in a book; the book template's PDF lost the cited note (its text was
 * missing: `pdf-text-missing`, no PDF). Now every format is valid and holds every note.
 */
describe('a note that cites a note', () => {
  let dir: string;
  let code: number | null;
  let stderr: string;
  const manuscript = [
    '---',
    'title: Notes on notes',
    'lang: en',
    '---',
    '',
    '# Notes',
    '',
    'Text with a note.[^outer] And one that goes round.[^round]',
    '',
    '[^outer]: The outer note cites another.[^inner]',
    '',
    '[^inner]: The inner note, cited only from a note.',
    '',
    '[^round]: Round one cites round two.[^two]',
    '',
    '[^two]: Round two cites round one again.[^round]',
    '',
  ].join('\n');

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-notes-'));
    await writeFile(path.join(dir, 'notes.md'), manuscript);
    const result = await octavo(['build', path.join(dir, 'notes.md'), '--out', path.join(dir, 'out'), '--format', 'epub,html,pdf', '--template', 'book']);
    code = result.code;
    stderr = result.stderr;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('builds all three formats', () => {
    expect(stderr).not.toMatch(/error/);
    expect(code).toBe(0);
  });

  it('gives an EPUB whose every call is a noteref, which EPUBCheck passes', async () => {
    const epub = path.join(dir, 'out/notes.epub');
    const entries = unzipSync(new Uint8Array(await readFile(epub)));
    const chapter = new TextDecoder().decode(Object.entries(entries).find(([name]) => name.endsWith('chapter-1.xhtml'))![1]);
    const calls = [...chapter.matchAll(/<a [^>]*data-footnote-ref[^>]*>/g)].map((match) => match[0]);
    expect(calls).toHaveLength(5);
    for (const call of calls) {
      expect(call).toContain('epub:type="noteref"');
      expect(call).not.toContain('aria-describedby');
    }
    expect(await epubcheck(epub)).toEqual([]);
  });

  it('gives an HTML page the Nu checker passes', async () => {
    expect((await vnu(path.join(dir, 'out/notes.html'))).filter((finding) => finding.severity === 'ERROR')).toEqual([]);
  });

  it('prints every note at the foot of the page, the cited one lettered inside the note that cites it', async () => {
    const text = (await pdftotext(path.join(dir, 'out/notes.pdf'))).replace(/\s+/g, ' ');
    expect(text).toContain('The outer note cites another.a a. The inner note, cited only from a note.');
    expect(text).toContain('Round one cites round two.a a. Round two cites round one again.');
  });
});
