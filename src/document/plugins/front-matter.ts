import type { Root as MdastRoot } from 'mdast';
import type { VFile } from 'vfile';
import { fail } from '../../diagnostics.ts';
import type { Processor } from 'unified';
import { visit } from 'unist-util-visit';
import { LineCounter, isMap, parseDocument, visit as visitYaml, type Document } from 'yaml';

/** What the front matter plugin leaves on `file.data` for the reader. */
export interface FrontMatter {
  /** The parsed YAML value (a plain object when valid). */
  value: unknown;
  /** The YAML document, to find the place of a key. */
  document: Document;
  /** Maps a YAML offset to a line and column in the YAML text. */
  lines: LineCounter;
  /** Line of the opening `---` in the source file. */
  line: number;
}

declare module 'vfile' {
  interface DataMap {
    frontMatter: FrontMatter;
  }
}

/**
 * Parses the YAML block found by remark-frontmatter, reports YAML errors at their
 * place in the source file, stores the result on `file.data.frontMatter` and removes
 * the block from the tree. A `---` block that is not a YAML mapping is Markdown, and is
 * read as such (see `meantAsFrontMatter`).
 */
export default function frontMatter(this: Processor) {
  const processor = this;
  return (tree: MdastRoot, file: VFile) => {
    const index = tree.children.findIndex((node) => node.type === 'yaml');
    if (index === -1) return;
    const node = tree.children[index] as { value: string; position?: { start: { line: number } } };

    const lines = new LineCounter();
    const document = parseDocument(node.value, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    if (!meantAsFrontMatter(node.value, document)) {
      tree.children = readAsMarkdown(processor, String(file.value));
      return;
    }
    tree.children.splice(index, 1);
    const line = node.position?.start.line ?? 1;
    for (const error of document.errors) {
      const place = lines.linePos(error.pos[0]);
      fail(file, `Front matter is not valid YAML: ${error.message.split('\n')[0]}`, {
        place: { line: line + place.line, column: place.col },
        ruleId: 'yaml-syntax',
        hint: 'Each line is `key: value`; quote a value that holds a colon (`subtitle: "A: B"`)',
      });
    }
    if (document.errors.length > 0) return;

    let value: unknown;
    try {
      // yaml refuses aliases that expand past its limit (a “billion laughs”): said at the first alias.
      value = document.toJS();
    } catch (error) {
      let offset = 0;
      visitYaml(document, { Alias: (_key, alias) => ((offset = alias.range?.[0] ?? 0), visitYaml.BREAK) });
      const place = lines.linePos(offset);
      fail(file, `Front matter cannot be read: ${(error as Error).message.split('\n')[0]}`, {
        place: { line: line + place.line, column: place.col },
        ruleId: 'yaml-alias',
        hint: 'Write the values out instead of repeating them through `&anchor` and `*alias`',
      });
      return;
    }
    file.data.frontMatter = { value: value ?? {}, document, lines, line };
  };
}

/**
 * Front matter is a YAML mapping (or empty). A `---` block holding anything else — a line of
 * text, a list — is Markdown: CommonMark reads `---` / `Foo` / `---` as a rule and a heading.
 * A block that is not valid YAML still counts when its first line starts like a key
 * (`title: A: B`), so a mistake in real front matter is reported, not printed.
 */
function meantAsFrontMatter(yaml: string, document: Document): boolean {
  if (document.errors.length === 0) return document.contents === null || isMap(document.contents);
  const first = yaml.split('\n').find((text) => text.trim() !== '' && !text.trimStart().startsWith('#'));
  return first === undefined || /^[^\s:#][^:]*:(\s|$)/.test(first);
}

/**
 * The file parsed again with the block as Markdown: a blank line put before it (so it is no
 * longer at the start, where front matter is looked for, and CommonMark reads the rest the
 * same), and every position moved back to the file's own lines.
 */
function readAsMarkdown(processor: Processor, text: string): MdastRoot['children'] {
  const tree = processor.parse(`\n${text}`) as MdastRoot;
  visit(tree, (node) => {
    for (const point of [node.position?.start, node.position?.end]) {
      if (!point) continue;
      point.line -= 1;
      if (point.offset !== undefined) point.offset -= 1;
    }
  });
  return tree.children;
}
