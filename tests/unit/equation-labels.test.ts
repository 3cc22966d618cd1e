import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPublication } from '../../src/document/read.ts';

/** `{#eq-name}` after a closing `$$` labels the formula; the same characters anywhere else are the author's text. */
describe('equation labels', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-eq-labels-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const read = async (markdown: string) => {
    const file = path.join(dir, `t${Math.random().toString(36).slice(2)}.md`);
    await writeFile(file, markdown);
    const { publication } = await readPublication(file);
    return toHtml(publication!.chapters[0].tree);
  };

  it('keeps a labelled closing line inside fenced code as written, and still labels the real formula', async () => {
    const html = await read('# T\n\n```markdown\n$$\nE = mc^2\n$$ {#eq-energy}\n```\n\n$$\na = b\n$$ {#eq-real}\n\nSee @eq-real.\n');
    expect(html).toContain('$$ {#eq-energy}');
    expect(html).toMatch(/id="eq-real"/);
    expect(html).not.toMatch(/id="eq-energy"/);
    expect(html).toContain('href="#eq-real"');
  });

  it('keeps such a line in an indented code block and in an HTML block as written', async () => {
    const html = await read('# T\n\n    $$ {#eq-one}\n\n<div>\n$$ {#eq-two}\n</div>\n');
    expect(html).toContain('$$ {#eq-one}');
    expect(html).toContain('{#eq-two}');
    expect(html).not.toMatch(/id="eq-(one|two)"/);
  });
});
