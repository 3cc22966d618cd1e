import type { Root as MdastRoot } from 'mdast';
import type { VFile } from 'vfile';
import { fail } from '../../diagnostics.ts';
import { LineCounter, parseDocument, type Document } from 'yaml';

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
 * the block from the tree.
 */
export default function frontMatter() {
  return (tree: MdastRoot, file: VFile) => {
    const index = tree.children.findIndex((node) => node.type === 'yaml');
    if (index === -1) return;
    const node = tree.children[index] as { value: string; position?: { start: { line: number } } };
    tree.children.splice(index, 1);

    const lines = new LineCounter();
    const document = parseDocument(node.value, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
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

    const value = document.toJS();
    if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
      fail(file, 'Front matter must be a YAML mapping of `key: value` pairs', {
        place: { line: line + 1, column: 1 },
        ruleId: 'front-matter-shape',
        hint: 'Write one `key: value` a line between the `---` lines, starting with `title:`',
      });
      return;
    }
    file.data.frontMatter = { value: value ?? {}, document, lines, line };
  };
}
