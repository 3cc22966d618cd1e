import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { toString } from 'hast-util-to-string';
import type { Root as MdastRoot } from 'mdast';
import type { Construct, Effects, Extension, State, TokenizeContext } from 'micromark-util-types';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlineLimits, ParagraphLimitError, type InlineLimits } from '../../src/document/plugins/inline-limits.ts';
import { readPublication } from '../../src/document/read.ts';

const { tests: specExamples } = createRequire(import.meta.url)('commonmark-spec') as { tests: Array<{ markdown: string; number: number }> };

const limited = (options?: InlineLimits) => unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkMath).use(inlineLimits, options).freeze();
const plain = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkMath).freeze();

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-inline-limits-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function read(body: string) {
  const file = path.join(dir, 'chapter.md');
  await writeFile(file, `---\ntitle: Limits\nlang: en\n---\n\n${body}\n`);
  const { publication, files } = await readPublication(file, { sourceDateEpoch: '1700000000' });
  return { tree: publication!.chapters[0].tree, messages: files[0].messages };
}

describe('the inline limits parse as micromark does below them', () => {
  it('gives the same tree, positions included, for every CommonMark spec example', () => {
    expect(specExamples.length).toBeGreaterThan(600);
    const counted = limited();
    const differ = specExamples.filter(({ markdown }) => JSON.stringify(plain.parse(markdown)) !== JSON.stringify(counted.parse(markdown))).map(({ number }) => number);
    expect(differ).toEqual([]);
  });
});

describe('markers are counted where micromark reads them (issue 21, case 3)', () => {
  it('counts each inline context on its own, up to the limit resolved, past it all kept as text with a warning there', () => {
    // Four marker runs (`*`, `*`, `**`, `**`) resolve; a fifth (`[`) puts the paragraph past a limit of 4.
    const processor = limited({ markers: 4 });
    const file = new VFile('*a* and **b**\n\n*a* **b** [c');
    const tree = processor.parse(file) as MdastRoot;
    const kinds: string[] = [];
    visit(tree, (node) => void (['emphasis', 'strong'].includes(node.type) && kinds.push(node.type)));
    expect(kinds).toEqual(['emphasis', 'strong']);
    expect(file.messages.map((m) => [m.ruleId, m.line, m.column, m.fatal])).toEqual([['inline-markup-limit', 3, 1, false]]);
    expect(file.messages[0].reason).toContain('all 7 are kept as literal characters');
    // Every character of the crowded paragraph is text.
    expect(JSON.stringify(tree.children[1])).toContain('"value":"*a* **b** [c"');
  });

  it('leaves 800 lines of indented C code, a code span of 5,000 `*` and autolinks as they are: no marker, no warning, no backslash', async () => {
    const code = Array.from({ length: 800 }, (_, index) => `    int *p${index} = a[i] * b[j]; /* x_y_z */`).join('\n');
    const span = `A pattern: \`${'*_'.repeat(5_000)}\` and ${Array.from({ length: 200 }, (_, index) => `<https://example.com/a_b_${index}>`).join(' ')}.`;
    const { tree, messages } = await read(`Some code:\n\n${code}\n\n${span}`);
    expect(messages.filter((m) => m.ruleId === 'inline-markup-limit')).toEqual([]);
    const text = toString(tree);
    expect(text).not.toContain('\\');
    expect(text).toContain('int *p799 = a[i] * b[j]; /* x_y_z */');
    expect(text).toContain('*_'.repeat(5_000));
  });
});

describe('paragraph length is measured where micromark hands a paragraph to its inline tokenizer', () => {
  /** A text construct that only notes each inline context it is tried in (by the offset where that context began). */
  function recorder(seen: Set<number>) {
    return function (this: Processor) {
      const construct: Construct = {
        partial: true,
        tokenize(this: TokenizeContext, _effects: Effects, _ok: State, nok: State) {
          seen.add(this.events[0]?.[1].start.offset ?? this.now().offset);
          return nok;
        },
      };
      const extension: Extension = { text: { 96: [construct] } };
      (this.data().micromarkExtensions ??= []).push(extension);
    };
  }

  it('refuses a paragraph one character past the limit, at its first line, before any of its inline text is read', () => {
    const seen = new Set<number>();
    const processor = unified().use(remarkParse).use(recorder(seen)).use(inlineLimits, { paragraph: 20 });
    // `a \`b\`` repeated: code spans all along, which the recorder sees wherever an inline context is read.
    const short = 'x `y`';
    const long = 'a `b` '.repeat(4).trim() + '\nc';
    expect(long.length).toBe(25);
    let error: unknown;
    try {
      processor.parse(`${short}\n\n${long}`);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ParagraphLimitError);
    expect(error).toMatchObject({ limit: 20, place: { line: 3, column: 1 }, lastLine: 4 });
    // The short paragraph was read (offset 0); the long one (offset 7) never was.
    expect([...seen]).toEqual([0]);
  });

  it('counts a paragraph over its lines, line ends included, indentation and code and front matter not', () => {
    const refused = (text: string, paragraph: number) => {
      try {
        limited({ paragraph }).parse(text);
        return [];
      } catch (error) {
        if (!(error instanceof ParagraphLimitError)) throw error;
        return [error.place.line, error.place.column, error.lastLine];
      }
    };
    expect(refused('ab\ncd', 5)).toEqual([]);
    expect(refused('ab\ncd', 4)).toEqual([1, 1, 2]);
    expect(refused('---\ntitle: a long title\n---\n\nab\n\n```\nlong code line\n```\n\nabcde\nab', 7)).toEqual([11, 1, 12]);
    expect(refused('- item one\n- item two', 10)).toEqual([]);
    // The list item's paragraph is `deeply\nindented\nlines`: 21 characters without the indentation, 29 with it.
    expect(refused('1.  deeply\n    indented\n    lines', 21)).toEqual([]);
    expect(refused('1.  deeply\n    indented\n    lines', 20)).toEqual([1, 5, 3]);
  });
});
