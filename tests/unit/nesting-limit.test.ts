import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerLimit } from '../../src/document/limits.ts';
import { readPublication } from '../../src/document/read.ts';
import { markdownNesting } from '../../src/document/plugins/nesting-limit.ts';

const { tests: specExamples } = createRequire(import.meta.url)('commonmark-spec') as { tests: Array<{ markdown: string; number: number }> };

/** The parse with and without the nesting count: it must only count, never change what is parsed. */
const plain = unified().use(remarkParse).use(remarkGfm).use(remarkMath).freeze();
const counted = unified().use(remarkParse).use(markdownNesting).use(remarkGfm).use(remarkMath).freeze();

describe('the container count parses as micromark does', () => {
  it('gives the same tree, positions included, for every CommonMark spec example', () => {
    expect(specExamples.length).toBeGreaterThan(600);
    const differ = specExamples.filter(({ markdown }) => JSON.stringify(plain.parse(markdown)) !== JSON.stringify(counted.parse(markdown))).map(({ number }) => number);
    expect(differ).toEqual([]);
  });

  it('gives the same tree for lines of list markers and thematic breaks', () => {
    const texts = [
      '- - -', '- - - x', '* * *', '* * * *x', '- - * -', '-\t-\t-', '- -  -  - item', '+ + + x', '1. - - -', '> - - -', '- * - *', '-- - -', '- a\n- - -\n- b',
      `${'- '.repeat(99)}item`, `${'* '.repeat(99)}*`, `${'- '.repeat(99)}-`, '  - - -\r\n- - x\r\n', '\uFEFF- - -\n- - - -x\n\t- -\t-', '- x\n\n  * * *\n  * * x',
    ];
    for (const text of texts) expect(JSON.stringify(counted.parse(text)), text).toBe(JSON.stringify(plain.parse(text)));
  });
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-nesting-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The errors of a chapter read as a build reads it. */
async function refusals(value: string) {
  const file = path.join(dir, 'chapter.md');
  await writeFile(file, value);
  const { files } = await readPublication(file);
  return files[0].messages.filter((message) => message.fatal).map((message) => [message.ruleId, message.line, message.column]);
}

describe('nesting is counted where the parser knows it', () => {
  it('never counts autolinks, spaced dashes, or anything inside code', async () => {
    const autolinks = Array.from({ length: 150 }, (_, index) => `* Item ${index} <https://example.com/pull/${index}>`).join('\n');
    expect(await refusals(autolinks)).toEqual([]);
    expect(await refusals(`Text\n\n${'- '.repeat(120)}\n\nText`)).toEqual([]);
    const code = ['> > > quoted', '>'.repeat(150), '- '.repeat(150), '<div>'.repeat(500), '{'.repeat(150)].join('\n');
    expect(await refusals(`\`\`\`\n${code}\n\`\`\`\n\n~~~\n${code}\n~~~\n\nInline \`${'<b>'.repeat(500)}\` code.`)).toEqual([]);
    // An indented code block: micromark opens no container inside it.
    expect(await refusals(`Text\n\n${code.split('\n').map((line) => `    ${line}`).join('\n')}\n`)).toEqual([]);
  });

  it('counts block quotes and list items together, refusing the first past the limit where it opens', async () => {
    const mixed = Array.from({ length: containerLimit }, (_, depth) => (depth % 2 === 0 ? '> ' : '- ')).join('');
    expect(await refusals(`${mixed}deep`)).toEqual([]);
    expect(await refusals(`${mixed}> deeper`)).toEqual([['nesting-too-deep', 1, 2 * containerLimit + 1]]);
    // Continued on later lines: the depth is the line's containers, continued then opened.
    const nested = Array.from({ length: containerLimit + 1 }, (_, depth) => `${'  '.repeat(depth)}- item`).join('\n');
    expect(await refusals(nested)).toEqual([['nesting-too-deep', containerLimit + 1, 2 * containerLimit + 1]]);
  });
});
