import type { Root as MdastRoot } from 'mdast';
import type { VFile } from 'vfile';
import { fail } from '../../diagnostics.ts';
import type { Processor } from 'unified';
import { visit } from 'unist-util-visit';
import { LineCounter, isMap, isNode, isScalar, parseDocument, visit as visitYaml, type Document } from 'yaml';
import { parse as parseToml, TomlDate, TomlError } from 'smol-toml';

type Place = { line: number; column: number };

/** What the front matter plugin leaves on `file.data` for the reader. */
export interface FrontMatter {
  /** The parsed value (a plain object when valid). */
  value: unknown;
  /** Line of the opening `---` (or `+++`) in the source file. */
  line: number;
  /**
   * Where a key path is written in the source file: its value (or, with `key`, the key itself),
   * else the nearest enclosing one found; undefined when none is.
   */
  locate: (path: readonly PropertyKey[], options?: { key?: boolean }) => Place | undefined;
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
  // pandoc closes YAML front matter with `...` as often as with `---`; remark-frontmatter knows
  // only the latter. Such a block is found before the parse and the parser given the text with
  // it blanked, so the file is parsed once (parsing it again afterwards doubled the read of the
  // CommonMark spec, whose front matter is pandoc's).
  const parse = processor.parser!;
  const pandocBlocks = new WeakMap<VFile, { yaml: string }>();
  processor.parser = (text, file) => {
    const pandoc = pandocBlock(text);
    if (!pandoc) return parse(text, file);
    pandocBlocks.set(file, pandoc);
    return parse(blankLines(text, pandoc.lastLine), file);
  };
  return (tree: MdastRoot, file: VFile) => {
    const pandoc = pandocBlocks.get(file);
    if (pandoc) {
      readYaml(file, pandoc.yaml, 1);
      return;
    }
    const index = tree.children.findIndex((node) => node.type === 'yaml' || (node.type as string) === 'toml');
    if (index === -1) return;
    const node = tree.children[index] as { type: string; value: string; position?: { start: { line: number } } };
    const line = node.position?.start.line ?? 1;
    if (node.type === 'toml') {
      tree.children.splice(index, 1);
      readToml(file, node.value, line);
      return;
    }
    if (!meantAsFrontMatter(node.value, parseDocument(node.value, { uniqueKeys: true }))) {
      tree.children = readAsMarkdown(processor, String(file.value));
      return;
    }
    tree.children.splice(index, 1);
    readYaml(file, node.value, line);
  };
}

/** YAML front matter whose opening `---` is on `line`: its value and places on `file.data.frontMatter`, or errors at their place. */
function readYaml(file: VFile, yaml: string, line: number): void {
  const lines = new LineCounter();
  const document = parseDocument(yaml, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
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
  file.data.frontMatter = { value: value ?? {}, line, locate: yamlPlaces(document, lines, line) };
}

function yamlPlaces(document: Document, lines: LineCounter, line: number): FrontMatter['locate'] {
  const at = (offset: number): Place => {
    const pos = lines.linePos(offset);
    return { line: line + pos.line, column: pos.col };
  };
  return (path, options = {}) => {
    if (options.key && path.length > 0) {
      const parent = path.length === 1 ? document.contents : document.getIn(path.slice(0, -1) as (string | number)[], true);
      const pair = isMap(parent) ? parent.items.find((item) => isScalar(item.key) && item.key.value === path[path.length - 1]) : undefined;
      if (pair && isScalar(pair.key) && pair.key.range) return at(pair.key.range[0]);
    }
    for (let depth = path.length; depth > 0; depth--) {
      const node = document.getIn(path.slice(0, depth) as (string | number)[], true);
      if (isNode(node) && node.range) return at(node.range[0]);
    }
    return undefined;
  };
}

/**
 * Hugo's TOML front matter between `+++` lines, read by smol-toml (TOML 1.0). Its dates become
 * the ISO text they were written as, so they are checked like YAML's.
 */
function readToml(file: VFile, toml: string, line: number): void {
  let value: unknown;
  try {
    value = plain(parseToml(toml));
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    fail(file, `Front matter is not valid TOML: ${error.message.split('\n')[0].replace(/^Invalid TOML document: /, '')}`, {
      place: { line: line + error.line, column: error.column },
      ruleId: 'toml-syntax',
      hint: 'Each line is `key = value`, a string in quotes (`title = "A: B"`)',
    });
    return;
  }
  const source = toml.split(/\r?\n/);
  // smol-toml keeps no places: a key is found where a line assigns it (`key =`) or opens its table (`[key]`, `[[key]]`).
  const locate: FrontMatter['locate'] = (path) => {
    for (let depth = path.length; depth > 0; depth--) {
      const name = String(path[depth - 1]);
      if (typeof path[depth - 1] === 'number') continue;
      const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const pattern = new RegExp(`^\\s*(?:(["']?)${escaped}\\1\\s*=|\\[{1,2}\\s*${escaped}\\s*\\]{1,2})`);
      const index = source.findIndex((text) => pattern.test(text));
      if (index !== -1) return { line: line + 1 + index, column: source[index].search(/\S/) + 1 };
    }
    return undefined;
  };
  file.data.frontMatter = { value, line, locate };
}

/** A TOML value as YAML would give it: plain objects, dates as the ISO text written. */
function plain(value: unknown): unknown {
  if (value instanceof TomlDate) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  return value;
}

/**
 * pandoc's form: `---` on the first line, closed by a `...` line before any `---` line. The
 * YAML between, and the closing line's index (0-based).
 */
function pandocBlock(text: string): { yaml: string; lastLine: number } | undefined {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (!/^---[ \t]*$/.test(lines[0])) return undefined;
  const end = lines.findIndex((text, index) => index > 0 && /^(---|\.\.\.)[ \t]*$/.test(text));
  if (end === -1 || !lines[end].startsWith('...')) return undefined;
  const yaml = lines.slice(1, end).join('\n');
  // A `...` closing something that is not a mapping (a rule, then prose) is Markdown.
  return meantAsFrontMatter(yaml, parseDocument(yaml, { uniqueKeys: true })) ? { yaml, lastLine: end } : undefined;
}

/**
 * The text with its lines up to `lastLine` made blank (each character a space, so every later
 * line, column and offset stays where it was).
 */
function blankLines(text: string, lastLine: number): string {
  let line = 0;
  let blanked = '';
  for (const character of text) {
    if (line > lastLine) return blanked + text.slice(blanked.length);
    if (character === '\n') line++;
    blanked += character === '\n' || character === '\r' ? character : ' '.repeat(character.length);
  }
  return blanked;
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
