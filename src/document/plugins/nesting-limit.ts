import type { Element, Root as HastRoot, RootContent as HastContent } from 'hast';
import type { Root as MdastRoot, RootContent as MdastContent } from 'mdast';
import { blockQuote, list, thematicBreak } from 'micromark-core-commonmark';
import type { Code, Construct, Effects, Extension, State, TokenizeContext } from 'micromark-util-types';
import type { Parser } from 'parse5';
import type { Point } from 'unist';
import type { Processor } from 'unified';
import type { VFile } from 'vfile';
import { braceLimit, containerLimit, treeDepthLimit } from '../limits.ts';

declare module 'vfile' {
  interface DataMap {
    /** The most deeply nested place of the Markdown tree: where a stack overflow that still happens is reported. */
    deepest: Point;
  }
}

/**
 * Thrown where the parser or a tree walk finds nesting past a limit: it stops the work at once
 * (anything after it would recurse that deep), and `runPipeline` turns it into a placed error.
 */
export class NestingLimitError extends Error {
  constructor(
    /** What is nested, as the message's subject: "Block quotes and lists are". */
    readonly what: string,
    readonly limit: number,
    /** Where, when the stage that found it knows (parse5 may not say where an element began). */
    readonly place: Point | undefined,
  ) {
    super(`${what} nested more than ${limit} levels deep`);
  }
}

/** Per parse, per line: the containers (block quotes, list items) open so far on the line, and where the last one opened. */
interface LineState {
  line: number;
  depth: number;
  lastOpen: number;
}

/**
 * Block quotes and list items (micromark's containers) counted as micromark opens them: each
 * line first continues the containers it is in, then may open new ones, so the depth of a new
 * container is the number continued or opened before it on its line. A container past
 * `limit` throws while the parser is on it: micromark's time grows faster than the square of
 * the depth (a list 400 deep took 4 s to parse, 1,000 deep minutes), so the count must stop
 * the parse, not wait for the tree. Code, HTML and text are never containers, whatever they
 * look like; an autolink or a thematic break is no nesting.
 */
/** The Markdown being parsed (micromark's points give offsets into it), while `markdownNesting`'s parser runs. */
let source: string | undefined;

/**
 * Whether the rest of the line from `offset` is a thematic break of the character there (three
 * or more of it, spaces and tabs between, nothing else): micromark's `thematicBreak`, read off
 * the text. micromark asks it at each `-` or `*` that may start a list item and tokenizes the
 * rest of the line to answer, so a line of 50,000 `- ` cost 100 scans of the line (13 s)
 * before the hundredth list item was refused.
 */
function restIsThematicBreak(text: string, offset: number): boolean {
  const marker = text[offset];
  let count = 0;
  for (let index = offset; index < text.length; index++) {
    const character = text[index];
    if (character === '\n' || character === '\r') break;
    if (character === marker) count++;
    else if (character !== ' ' && character !== '\t') return false;
  }
  return count >= 3;
}

function containerCount(limit: number): Extension {
  const states = new WeakMap<object, LineState>();
  const lineState = (context: TokenizeContext): LineState => {
    const { line } = context.now();
    let state = states.get(context.parser);
    if (!state) states.set(context.parser, (state = { line, depth: 0, lastOpen: -1 }));
    if (state.line !== line) Object.assign(state, { line, depth: 0, lastOpen: -1 });
    return state;
  };
  const counted = (construct: Construct): Construct => ({
    ...construct,
    continuation: {
      ...construct.continuation,
      tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State) {
        return construct.continuation!.tokenize.call(this, effects, (code: Code) => {
          lineState(this).depth++;
          return ok(code);
        }, nok);
      },
    },
    tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State) {
      const start = this.now();
      const text = source;
      // The thematic break check answered from the text (the same answer; see `restIsThematicBreak`).
      const quick: Effects = text === undefined ? effects : {
        ...effects,
        check: (construct, yes, no) => (construct === thematicBreak ? (code: Code) => (restIsThematicBreak(text, start.offset) ? yes : no!)(code) : effects.check(construct, yes, no)),
      };
      return construct.tokenize.call(this, quick, (code: Code) => {
        const state = lineState(this);
        // micromark looks ahead (a check) then parses (an attempt) from the same place: one container.
        if (start.offset > state.lastOpen) {
          state.lastOpen = start.offset;
          if (++state.depth > limit) throw new NestingLimitError('Block quotes and lists are', limit, { line: start.line, column: start.column });
        }
        return ok(code);
      }, nok);
    },
  });
  // Tried before the built-in ones, which stay: a list's next item is opened by the list's continuation with the built-in `list`
  // (counted as that continuation), and where a counted one fails the built-in one fails too.
  const countedList = counted(list);
  const document: Record<number, Construct> = { 62: counted(blockQuote) };
  for (const code of [42, 43, 45, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57]) document[code] = countedList;
  return { document };
}

/** Nodes of a tree with their depth (root's children are at depth 1), in document order, without recursion. */
function* withDepth<Node extends object>(root: Node): Generator<[Node, number]> {
  const stack: Array<[Node, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    yield [node, depth];
    const children = (node as { children?: Node[] }).children;
    if (children) for (let index = children.length - 1; index >= 0; index--) stack.push([children[index], depth + 1]);
  }
}

const startOf = (node: { position?: { start: Point } }): Point | undefined => node.position && { line: node.position.start.line, column: node.position.start.column };

/** The deepest brace nesting of a TeX formula, and the offset of the first brace past `limit`. */
function braceCrossing(tex: string, limit: number): number | undefined {
  let depth = 0;
  for (let index = 0; index < tex.length; index++) {
    const character = tex[index];
    if (character === '\\') index++;
    else if (character === '{' && ++depth > limit) return index;
    else if (character === '}' && depth > 0) depth--;
  }
  return undefined;
}

/** The place of `offset` in a math node's TeX: after its opening line (`$$`) or its opening dollars (`$`). */
function placeInMath(node: MdastContent & { value: string }, offset: number, file: VFile): Point | undefined {
  const start = node.position?.start.offset;
  if (start === undefined) return startOf(node);
  const source = String(file.value);
  // The TeX is the node's value; find it in the source after the node's start (display math begins on the next line).
  const at = source.indexOf(node.value, start);
  if (at === -1) return startOf(node);
  const before = source.slice(0, at + offset);
  const line = before.split('\n').length;
  return { line, column: before.length - before.lastIndexOf('\n') };
}

/**
 * Nesting limits where the parser and the tree know the structure: block quotes and list
 * items counted by micromark as it opens them (`containerLimit`), then, on the Markdown tree,
 * any node's depth (`treeDepthLimit`: emphasis inside links inside lists…) and the braces of
 * each formula (`braceLimit`, KaTeX's parser recurses on them). The first transform of the
 * pipeline, so no recursive walk ever sees a deeper tree.
 */
export function markdownNesting(this: Processor) {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(containerCount(containerLimit));
  // remark-parse's parser, given the text it parses to the container count.
  const parse = this.parser!;
  this.parser = (text, file) => {
    // micromark skips a byte order mark without counting it in its offsets.
    source = text.startsWith('\uFEFF') ? text.slice(1) : text;
    try {
      return parse(text, file);
    } finally {
      source = undefined;
    }
  };
  return (tree: MdastRoot, file: VFile) => {
    let deepest: { depth: number; node?: MdastContent } = { depth: 0 };
    for (const [node, depth] of withDepth<MdastRoot | MdastContent>(tree)) {
      if (node.type === 'root') continue;
      if (depth > treeDepthLimit) throw new NestingLimitError('Markdown elements are', treeDepthLimit, startOf(node) ?? { line: 1, column: 1 });
      if (depth > deepest.depth) deepest = { depth, node };
      if (node.type === 'math' || node.type === 'inlineMath') {
        const crossing = braceCrossing(node.value, braceLimit);
        if (crossing !== undefined) throw new NestingLimitError('Braces are', braceLimit, placeInMath(node, crossing, file) ?? { line: 1, column: 1 });
      }
    }
    file.data.deepest = (deepest.node && startOf(deepest.node)) ?? { line: 1, column: 1 };
  };
}

/** The most elements parse5 may hold open, while `withElementLimit` runs. */
let openLimit: number | undefined;
let limited = false;

/**
 * Limits parse5's stack of open elements (every element of a tree with raw HTML passes through
 * its `push`) to `openLimit` while `withElementLimit` runs. Called once, as parse5 is loaded
 * (`loadHtmlParser`, document/html-parser.ts).
 */
export function limitOpenElements(parser: typeof Parser): void {
  if (limited) return;
  limited = true;
  const openElements = Object.getPrototypeOf(new parser().openElements) as { push(this: { stackTop: number }, element: unknown, tagID: unknown): void };
  const push = openElements.push;
  openElements.push = function (element, tagID) {
    // `stackTop` is the index of the top element; parse5 holds an `html` element of its own under the fragment's.
    if (openLimit !== undefined && this.stackTop >= openLimit) {
      const location = (element as { sourceCodeLocation?: { startLine: number; startCol: number } }).sourceCodeLocation;
      throw new NestingLimitError('HTML elements are', treeDepthLimit, location && { line: location.startLine, column: location.startCol });
    }
    push.call(this, element, tagID);
  };
}

/**
 * Runs `parse` (rehype-raw) with parse5 refusing to open an element deeper than
 * `treeDepthLimit`: parse5 decides which tags close which, and its time grows with the square
 * of the depth (50,000 nested `<div>` took seconds before the stack overflowed), so the limit
 * stops it as it opens the element past the limit.
 */
export function withElementLimit<T>(parse: () => T): T {
  openLimit = treeDepthLimit;
  try {
    return parse();
  } finally {
    openLimit = undefined;
  }
}

/**
 * Elements nested past `treeDepthLimit` once raw HTML is parsed (parse5 is the authority on
 * which tags close which): placed at the first element past the limit.
 */
export function elementNesting() {
  return (tree: HastRoot) => {
    for (const [node, depth] of withDepth<HastRoot | HastContent>(tree)) {
      if (depth > treeDepthLimit && node.type === 'element') throw new NestingLimitError('HTML elements are', treeDepthLimit, startOf(node as Element) ?? { line: 1, column: 1 });
    }
  };
}

/** A start or end tag in raw HTML, for placing a stack overflow only. */
const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*?(\/?)>/g;
/** Elements that have no end tag, or whose end tag may be left out. */
const unclosed = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'colgroup', 'caption', 'rp', 'rt', 'html', 'head', 'body']);

/**
 * Where the raw HTML of a Markdown tree (the `html` nodes micromark found: never code or
 * autolinks) first opens more than `limit` elements, by counting its tags. Only to place a
 * stack overflow that already happened, never to refuse: parse5 decides what really nests.
 */
export function rawHtmlCrossing(tree: MdastRoot, limit: number): Point | undefined {
  let open = 0;
  for (const [node] of withDepth<MdastRoot | MdastContent>(tree)) {
    if (node.type !== 'html' || !node.position) continue;
    for (const match of node.value.matchAll(tag)) {
      const [, closing, name, selfClosing] = match;
      if (unclosed.has(name.toLowerCase()) || selfClosing) continue;
      if (closing) open = Math.max(0, open - 1);
      else if (++open > limit) {
        const before = node.value.slice(0, match.index).split('\n');
        const line = node.position.start.line + before.length - 1;
        return { line, column: before.length === 1 ? node.position.start.column + match.index : before[before.length - 1].length + 1 };
      }
    }
  }
  return undefined;
}
