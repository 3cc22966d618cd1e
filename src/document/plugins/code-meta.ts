import type { Root as MdastRoot } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { warn } from '../../diagnostics.ts';

/** What a fence's info string says after its language (```` ```js title="fetch.js" {2,4-6} ````). */
export interface CodeMeta {
  /** Shown as the block's caption. */
  title?: string;
  /** 1-based lines to highlight. */
  lines: number[];
}

declare module 'vfile' {
  interface DataMap {
    /**
     * Each fenced block's options, by the `line:column` where the fence starts: the HTML the
     * block becomes keeps its place but not the info string, and the highlighter reads them there.
     */
    codeMeta: Record<string, CodeMeta>;
  }
}

export const codeMetaKey = (point: { line: number; column: number }) => `${point.line}:${point.column}`;

/** `title="…"` (or `filename=`, as MDX writes it), with either quote. */
const titlePattern = /^(?:title|filename)=(?:"([^"]*)"|'([^']*)'|(\S+))$/;
/** `{2,4-6}`: lines to highlight, as Docusaurus, VitePress and rehype-pretty-code write them. */
const linesPattern = /^\{\s*\d+(?:\s*-\s*\d+)?(?:\s*,\s*\d+(?:\s*-\s*\d+)?)*\s*\}$/;

/**
 * Reads a fenced block's options (`title="…"`, `{2,4-6}`) into `file.data.codeMeta`; an
 * option it does not know is a warning at the fence, never dropped silently.
 */
export default function codeMeta() {
  return (tree: MdastRoot, file: VFile) => {
    const found: Record<string, CodeMeta> = {};
    visit(tree, 'code', (node) => {
      if (!node.meta || !node.position) return;
      const meta: CodeMeta = { lines: [] };
      const lineCount = node.value.split('\n').length;
      // Words, keeping a quoted value (`title="a b"`) and a brace group (`{1, 3-4}`) whole.
      for (const word of node.meta.match(/\w+=(?:"[^"]*"|'[^']*'|\S+)|\{[^}]*\}|\S+/g) ?? []) {
        const title = titlePattern.exec(word);
        if (title) {
          meta.title = title[1] ?? title[2] ?? title[3];
          continue;
        }
        if (linesPattern.test(word)) {
          for (const range of word.slice(1, -1).split(',')) {
            const [from, to = from] = range.split('-').map((part) => Number(part.trim()));
            for (let line = from; line <= to; line++) if (!meta.lines.includes(line)) meta.lines.push(line);
          }
          const outside = meta.lines.filter((line) => line < 1 || line > lineCount);
          if (outside.length > 0) {
            warn(file, `Line${outside.length > 1 ? 's' : ''} ${outside.join(', ')} to highlight ${outside.length > 1 ? 'are' : 'is'} not in the block (it has ${lineCount})`, {
              place: node.position,
              ruleId: 'code-meta',
              hint: 'Number the lines from 1, the first line of code after the fence',
            });
          }
          continue;
        }
        warn(file, `Fence option \`${word}\` is not known; it was ignored`, {
          place: node.position,
          ruleId: 'code-meta',
          hint: 'A fence takes `title="name"` (a caption) and `{2,4-6}` (lines to highlight) after its language',
        });
      }
      if (meta.title !== undefined || meta.lines.length > 0) found[codeMetaKey(node.position.start)] = meta;
    });
    if (Object.keys(found).length > 0) file.data.codeMeta = found;
  };
}
