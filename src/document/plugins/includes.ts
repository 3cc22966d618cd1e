import { createHash } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Code, Paragraph, Root as MdastRoot, RootContent } from 'mdast';
import type { Processor } from 'unified';
import type { Position } from 'unist';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { fail, warn } from '../../diagnostics.ts';
import { ParagraphLimitError } from './inline-limits.ts';
import { limits, NotReadable, readRegularFile } from '../../regular-file.ts';

declare module 'vfile' {
  interface DataMap {
    /** The files `{{#include}}` read into this chapter, with a digest of each: a chapter read again (watch mode) is redone when one changed. */
    included: Array<{ path: string; digest: string }>;
  }
}

export interface IncludeOptions {
  /** The manuscript folder: an included file must lie inside it, as every file a build reads. */
  root: string;
}

/** `{{#include path}}`, `{{#include path:10:20}}`, `{{#include path:anchor}}`, as mdBook writes them. */
const directive = /\{\{#include\s+([^}\s]+)\s*\}\}/g;
/** Includes within included text, at most this deep (a file including itself stops here). */
const maxDepth = 8;

interface Selection {
  file: string;
  /** 1-based, inclusive. */
  from?: number;
  to?: number;
  anchor?: string;
}

/** `path`, `path:10`, `path::20`, `path:10:20`, `path:name`. */
function parseTarget(target: string): Selection {
  const [file, ...rest] = target.split(':');
  if (rest.length === 0) return { file };
  if (rest.length === 1 && rest[0] !== '' && !/^\d+$/.test(rest[0])) return { file, anchor: rest[0] };
  const [from, to] = rest.map((part) => (part === '' ? undefined : Number(part)));
  return { file, from, to };
}

const digestOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/**
 * mdBook's includes: `{{#include path}}` in a code block puts the file's text there (or lines
 * 10 to 20 of it with `:10:20`, or the lines between `ANCHOR: name` and `ANCHOR_END: name` with
 * `:name`); alone in a paragraph, it puts the file's Markdown there. The path is relative to the
 * chapter and must stay inside the manuscript folder, like an image's; a file, range or anchor
 * that is not there is an error at the directive. Runs first, so the included text is read like
 * the chapter's own.
 */
export default function includes(this: Processor, options: IncludeOptions) {
  const processor = this;
  return async (tree: MdastRoot, file: VFile) => {
    let rootReal: string;
    try {
      rootReal = await realpath(options.root);
    } catch {
      return;
    }
    const included = new Map<string, string>();

    /** The selected text, or undefined after an error at `place`. */
    const read = async (target: string, from: string, place: Position | undefined): Promise<string | undefined> => {
      const selection = parseTarget(target);
      const wanted = path.resolve(path.dirname(from), selection.file);
      const refuse = (why: string, hint: string) => {
        fail(file, `\`{{#include ${target}}}\`: ${why}`, { place, ruleId: 'include-failed', hint });
        return undefined;
      };
      if (path.isAbsolute(selection.file) || /^[a-z][a-z0-9+.-]*:\/\//i.test(selection.file)) return refuse('not a path relative to the chapter', 'Name the file by a path relative to this chapter, inside the manuscript folder');
      let text: string;
      try {
        const real = await realpath(wanted);
        text = new TextDecoder('utf-8', { fatal: true }).decode(await readRegularFile(real, { within: rootReal, maxBytes: limits.text }));
        included.set(real, digestOf(text));
      } catch (error) {
        if (error instanceof NotReadable) {
          if (error.kind === 'outside') return refuse('the file is outside the manuscript folder (through `..` or a link); it was not read', 'Copy the file into the manuscript folder: builds read nothing outside it');
          return refuse(`the file cannot be read: ${error.why}`, 'Check the path: it is read relative to this chapter, and names are case-sensitive');
        }
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') {
          return refuse(`\`${selection.file}\` does not exist`, `Check the path: it is read relative to ${path.basename(from)}, and names are case-sensitive`);
        }
        if (error instanceof TypeError) return refuse('the file is not UTF-8 text', 'Include text files only');
        return refuse(`the file cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, 'Check that the file exists and that you may read it');
      }
      const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
      if (selection.anchor !== undefined) {
        const name = selection.anchor.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const start = lines.findIndex((line) => new RegExp(`ANCHOR:\\s*${name}\\b`).test(line));
        const end = lines.findIndex((line, index) => index > start && new RegExp(`ANCHOR_END:\\s*${name}\\b`).test(line));
        if (start === -1 || end === -1) return refuse(`\`${selection.file}\` has no ${start === -1 ? '`ANCHOR: ' : '`ANCHOR_END: '}${selection.anchor}\` line`, 'Mark the lines with `ANCHOR: name` before them and `ANCHOR_END: name` after them (in a comment)');
        // Other anchors' marker lines inside the range are not the code.
        return lines.slice(start + 1, end).filter((line) => !/ANCHOR(_END)?:/.test(line)).join('\n');
      }
      const first = selection.from ?? 1;
      const last = selection.to ?? lines.length;
      if (first < 1 || first > lines.length || last < first || last > lines.length) {
        return refuse(`lines ${first} to ${last} are not in \`${selection.file}\` (it has ${lines.length})`, 'Number the lines from 1; `:10:20` is lines 10 to 20, `:10` from line 10 to the end');
      }
      return lines.slice(first - 1, last).join('\n');
    };

    const expand = async (nodes: RootContent[], from: string, depth: number): Promise<void> => {
      const code: Code[] = [];
      const paragraphs: Array<{ node: Paragraph; index: number; parent: { children: RootContent[] }; target: string }> = [];
      visit({ type: 'root', children: nodes } as MdastRoot, (node, index, parent) => {
        if (node.type === 'code' && node.value.includes('{{#include')) code.push(node);
        if (node.type !== 'paragraph' || index === undefined || !parent) return;
        const only = node.children.length === 1 && node.children[0].type === 'text' ? node.children[0].value.trim() : '';
        const match = /^\{\{#include\s+([^}\s]+)\s*\}\}$/.exec(only);
        if (match) paragraphs.push({ node, index, parent: parent as { children: RootContent[] }, target: match[1] });
      });
      for (const node of code) {
        let value = '';
        let last = 0;
        for (const match of node.value.matchAll(directive)) {
          // At the directive's own line: a fenced block's code starts on the line after its fence.
          const before = node.value.slice(0, match.index).split('\n');
          const at = node.position ? { line: node.position.start.line + before.length, column: before[before.length - 1].length + 1 } : undefined;
          const text = await read(match[1], from, at && { start: at, end: at });
          value += node.value.slice(last, match.index) + (text ?? match[0]);
          last = match.index + match[0].length;
        }
        node.value = value + node.value.slice(last);
      }
      // Last first, so the indexes of those before stay right.
      for (const { node, index, parent, target } of paragraphs.reverse()) {
        if (depth >= maxDepth) {
          fail(file, `\`{{#include ${target}}}\`: includes go more than ${maxDepth} deep (does a file include itself?)`, { place: node.position, ruleId: 'include-failed', hint: 'Include each file once, not from within itself' });
          continue;
        }
        const text = await read(target, from, node.position);
        if (text === undefined) continue;
        const parsed = new VFile({ path: target, value: text });
        let children: RootContent[];
        try {
          children = (processor.parse(parsed) as MdastRoot).children.filter((child) => child.type !== 'yaml');
        } catch (error) {
          // The included paragraph's own lines are another file's: the error is the directive's.
          if (error instanceof ParagraphLimitError && node.position) throw new ParagraphLimitError(error.limit, node.position.start, node.position.end.line);
          throw error;
        }
        // What the parse said of the included text (a crowded paragraph's markers kept as text) is said at the directive.
        for (const message of parsed.messages) warn(file, `\`{{#include ${target}}}\`: ${message.reason}`, { place: node.position, ruleId: message.ruleId ?? 'include', hint: message.note });
        // Messages about included text are placed at the directive: its own lines are another file's.
        visit({ type: 'root', children } as MdastRoot, (child) => {
          if (node.position) child.position = structuredClone(node.position);
          else delete child.position;
        });
        await expand(children, path.resolve(path.dirname(from), parseTarget(target).file), depth + 1);
        parent.children.splice(index, 1, ...children);
      }
    };
    await expand(tree.children, file.path, 0);
    if (included.size > 0) file.data.included = [...included].map(([real, digest]) => ({ path: real, digest }));
  };
}

/** Whether the files a chapter included still hold what they held (a chapter read again is redone when not). */
export async function includesUnchanged(included: ReadonlyArray<{ path: string; digest: string }> | undefined): Promise<boolean> {
  for (const { path: file, digest } of included ?? []) {
    try {
      if (digestOf(new TextDecoder().decode(await readRegularFile(file, { maxBytes: limits.text }))) !== digest) return false;
    } catch {
      return false;
    }
  }
  return true;
}
