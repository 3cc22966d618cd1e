import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Element } from 'hast';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { highlightLimits } from '../../src/document/plugins/highlight-code.ts';
import { readPublication } from '../../src/document/read.ts';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'octavo-highlight-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** Token spans starry-night gave each `<pre>` of the text, in order. */
function spansPerBlock(tree: Parameters<typeof visit>[0]): number[] {
  const counts: number[] = [];
  visit(tree, 'element', (node: Element) => {
    if (node.tagName !== 'pre') return;
    let spans = 0;
    visit(node, 'element', (inner: Element) => void (spans += inner.tagName === 'span' ? 1 : 0));
    counts.push(spans);
  });
  return counts;
}

/**
 * Case 8 of issue 24: a single 320 KB line of JavaScript took 112 s to colour (the grammars'
 * time grows with the square of a line's length). Past the limits a block is shown plain, whole,
 * with a warning at the block; a block within them is still coloured.
 */
describe('the highlighting limit', () => {
  it('shows a block with a 320 KB line plain, whole, with a warning at the block', async () => {
    const line = 'var a=function(b){return b+1;};'.repeat(10_400);
    expect(line.length).toBeGreaterThan(highlightLimits.block);
    const small = 'const x = 1;\n';
    const manuscript = ['---', 'title: Minified', 'lang: en', '---', '', 'Some text.', '', '```js', small, '```', '', '```js', line, '```', '', '```js', `${'a'.repeat(highlightLimits.line + 1)}\n`, '```', ''].join('\n');
    const file = path.join(work, 'minified.md');
    await writeFile(file, manuscript);
    const { publication, files } = await readPublication(file, { sourceDateEpoch: '1700000000' });
    expect(files[0].messages.map((message) => [message.ruleId, message.line, message.column])).toEqual([
      ['highlight-limit', 13, 1],
      ['highlight-limit', 17, 1],
    ]);
    const [coloured, plain, longLine] = spansPerBlock(publication!.chapters[0].tree);
    expect(coloured).toBeGreaterThan(0);
    expect([plain, longLine]).toEqual([0, 0]);
    let text = '';
    visit(publication!.chapters[0].tree, 'text', (node) => void (text += node.value));
    expect(text).toContain(line);
  });
});
