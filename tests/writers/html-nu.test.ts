import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeHtml } from '../../src/writers/html.ts';
import type { Finding } from '../helpers/corpus.ts';
import { vnuMany } from '../helpers/validators.ts';
import { fixture, load } from '../helpers/publication.ts';

/**
 * The HTML writer's pages judged by the Nu HTML Checker (Java): in `npm test`, not in the unit
 * tier. Every page is checked in one JVM, whose start costs more than checking a page.
 */
const folders = ['chapters', 'images', 'front-matter-markdown', 'html-repairs'];
const names = ['gfm', 'chapters', 'minimal', 'images', 'table-structure', 'html-nesting', 'ids-and-empty-headings', 'front-matter-markdown', 'html-repairs', 'control-characters', 'html-attributes'];

describe('HTML writer, by the Nu HTML Checker', () => {
  let dir: string;
  let findings: Finding[];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-html-'));
    for (const name of names) {
      const { publication, context } = await load(folders.includes(name) ? fixture(name, 'input') : fixture(name));
      await writeFile(path.join(dir, `${name}.html`), await writeHtml(publication, context));
    }
    findings = await vnuMany(names.map((name) => path.join(dir, `${name}.html`)));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each(names)('passes the Nu HTML Checker for the %s fixture', (name) => {
    expect(findings.filter((f) => f.file === path.join(dir, `${name}.html`) && f.severity === 'ERROR')).toEqual([]);
  });

  it('names every page it found a problem in by its file', () => {
    // A finding for no file of ours would otherwise pass every fixture above.
    expect(findings.filter((f) => !names.some((name) => f.file === path.join(dir, `${name}.html`)))).toEqual([]);
  });
});
