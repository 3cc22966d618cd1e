import type { Root as MdastRoot } from 'mdast';
import type { Chunk, Code, Construct, Effects, Extension, ParseContext, Point as MicromarkPoint, State, TokenizeContext } from 'micromark-util-types';
import type { Processor } from 'unified';
import type { Point } from 'unist';
import type { VFile } from 'vfile';
import { warn } from '../../diagnostics.ts';
import { inlineMarkerLimit, paragraphLimit } from '../limits.ts';

/**
 * Thrown when one inline context (a paragraph, heading or table cell: what micromark hands one
 * `text` tokenizer) holds more than `paragraphLimit` characters, before any of its text is
 * tokenized; `runPipeline` turns it into the placed error `paragraph-too-long`.
 */
export class ParagraphLimitError extends Error {
  constructor(
    readonly limit: number,
    /** Where the paragraph begins. */
    readonly place: Point,
    /** The line it ends on. */
    readonly lastLine: number,
  ) {
    super(`A paragraph is longer than ${limit} characters`);
  }
}

export interface InlineLimits {
  /** Emphasis, strikethrough and link markers one inline context may hold before all of them are kept as text. */
  markers?: number;
  /** Characters one inline context may hold. */
  paragraph?: number;
  /** Called with each inline context's counts once micromark has read it (scripts/measure-nesting.ts). */
  observe?: (context: { start: Point; length: number; markers: number }) => void;
}

/** One of micromark's `text` tokenizers: one inline context. */
interface InlineContext {
  start: Point & { offset: number };
  /** Characters written to it so far (a tab once, line ends once). */
  length: number;
  lineEnds: number;
  /** Marker runs micromark tried to read as emphasis, strikethrough or a link label. */
  markers: number;
  /** The offset of the last marker counted: micromark may try constructs at one place more than once. */
  lastCounted: number;
  /** Every marker of this context is kept as text (it was crowded in the first pass). */
  literal: boolean;
  /** Crowded in this pass: its markers past the limit are text, and it is read again with all of them text. */
  crowded: boolean;
}

/** One parse of a chapter, while it runs (micromark parses synchronously). */
interface Pass {
  limits: Limits;
  /** Offsets where the inline contexts begin whose markers are all text. */
  literal: ReadonlySet<number>;
  /** Inline contexts found crowded in this pass, by the offset where they begin. */
  crowded: Map<number, Point>;
  /** Markers kept as text in the `literal` contexts. */
  literalMarkers: number;
  contexts: WeakMap<TokenizeContext, InlineContext>;
  instrumented: WeakSet<ParseContext>;
}
let pass: Pass | undefined;
type Limits = Required<Omit<InlineLimits, 'observe'>> & Pick<InlineLimits, 'observe'>;

/** The characters micromark's quadratic resolvers work on: attention `*` `_`, strikethrough `~`, labels `[` `]`. */
const markerCodes = [42, 95, 126, 91, 93];
const lineEndings = new Set<Chunk>([-5, -4, -3]);

/**
 * Gives every `text` tokenizer of the parse (one per paragraph, heading or table cell) a
 * counter: what is written to it is measured before it is tokenized, so a paragraph past the
 * limit is refused before its inline constructs (code spans, labels…) ever scan it.
 */
function instrument(parser: ParseContext, current: Pass): void {
  current.instrumented.add(parser);
  const create = parser.text;
  parser.text = (from?: Omit<MicromarkPoint, '_bufferIndex' | '_index'>) => {
    const tokenizer = create(from);
    const start = { line: from?.line ?? 1, column: from?.column ?? 1, offset: from?.offset ?? 0 };
    const inline: InlineContext = { start, length: 0, lineEnds: 0, markers: 0, lastCounted: -1, literal: current.literal.has(start.offset), crowded: false };
    current.contexts.set(tokenizer, inline);
    const write = tokenizer.write;
    let refused = false;
    tokenizer.write = (slice: Chunk[]) => {
      for (const chunk of slice) {
        if (typeof chunk === 'string') inline.length += chunk.length;
        // A tab is one code and a virtual space per column it fills (-1): one character.
        else if (chunk !== null && chunk !== -1) inline.length++;
        if (lineEndings.has(chunk)) inline.lineEnds++;
      }
      if (inline.length > current.limits.paragraph) refused = true;
      if (!refused) {
        const events = write(slice);
        if (slice[slice.length - 1] === null) current.limits.observe?.(inline);
        return events;
      }
      // The rest is only measured, to say where the paragraph ends.
      if (slice[slice.length - 1] === null) throw new ParagraphLimitError(current.limits.paragraph, { line: start.line, column: start.column }, start.line + inline.lineEnds);
      return [];
    };
    return tokenizer;
  };
}

/** Tried at each line start of the document before micromark's containers: only to reach the parse's parser. */
const instrumentParser: Construct = {
  name: 'inlineLimitsParser',
  partial: true,
  tokenize(this: TokenizeContext, _effects: Effects, _ok: State, nok: State) {
    if (pass && !pass.instrumented.has(this.parser)) instrument(this.parser, pass);
    return nok;
  },
};

/**
 * Tried first at each `*` `_` `~` `[` `]` of inline text (code, autolinks, HTML and escapes
 * consume theirs before): counts it, and in a crowded context reads it as plain text.
 */
const countMarker: Construct = {
  name: 'inlineMarkerLimit',
  partial: true,
  tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State) {
    const current = pass;
    const inline = current?.contexts.get(this);
    if (!current || !inline) return nok;
    const asText = (code: Code) => {
      effects.enter('data');
      effects.consume(code);
      effects.exit('data');
      return ok;
    };
    if (inline.literal) {
      current.literalMarkers++;
      return asText;
    }
    const { offset } = this.now();
    if (offset > inline.lastCounted) {
      inline.lastCounted = offset;
      if (++inline.markers > current.limits.markers && !inline.crowded) {
        inline.crowded = true;
        current.crowded.set(inline.start.offset, { line: inline.start.line, column: inline.start.column });
      }
    }
    return inline.crowded ? asText : nok;
  },
};

const extension: Extension = {
  document: { null: [instrumentParser] },
  text: Object.fromEntries(markerCodes.map((code) => [code, [countMarker]])),
};

/** Runs one pass of `parse` with the given contexts' markers all text. */
function parsePass(parse: () => MdastRoot, limits: Limits, literal: ReadonlySet<number>): { tree: MdastRoot; pass: Pass } {
  const current: Pass = { limits, literal, crowded: new Map(), literalMarkers: 0, contexts: new WeakMap(), instrumented: new WeakSet() };
  pass = current;
  try {
    return { tree: parse(), pass: current };
  } finally {
    pass = undefined;
  }
}

/**
 * Limits on one inline context (a paragraph, heading or table cell), enforced inside micromark,
 * which decides what is one: its length (`paragraph-too-long`, thrown before its inline text is
 * read) and its emphasis, strikethrough and link markers. micromark resolves those in time
 * that grows with the square of their number in one context, so a context with more than
 * `markers` is read again with all of them as the characters they are (nothing is lost), and a
 * warning says where. Markers inside code, autolinks, raw HTML or after a backslash are not
 * markers to micromark and are not counted.
 *
 * Use it after every plugin that adds Markdown syntax: its marker count must be tried first.
 */
export function inlineLimits(this: Processor, options: InlineLimits = {}) {
  const limits: Limits = { markers: options.markers ?? inlineMarkerLimit, paragraph: options.paragraph ?? paragraphLimit, observe: options.observe };
  const data = this.data();
  (data.micromarkExtensions ??= []).push(extension);
  const parse = this.parser!;
  this.parser = (text, file) => {
    const first = parsePass(() => parse(text, file) as MdastRoot, limits, new Set());
    if (first.pass.crowded.size === 0) return first.tree;
    // The crowded contexts had their first markers resolved: read again with all of theirs as text.
    const second = parsePass(() => parse(text, file) as MdastRoot, limits, new Set(first.pass.crowded.keys()));
    const crowded = [...first.pass.crowded.values()];
    reportCrowded(file as VFile, crowded, second.pass.literalMarkers, limits.markers);
    return second.tree;
  };
}

function reportCrowded(file: VFile, crowded: Point[], markers: number, limit: number): void {
  warn(file, `${crowded.length === 1 ? 'A paragraph holds' : `${crowded.length} paragraphs hold`} more than ${limit.toLocaleString('en')} emphasis, strikethrough or link markers (\`*\`, \`_\`, \`~\`, \`[\`, \`]\`); parsing them would take minutes, so all ${markers.toLocaleString('en')} are kept as literal characters`, {
    place: crowded[0],
    ruleId: 'inline-markup-limit',
    hint: 'Split the paragraph, or put long runs of these characters in a code span or code block',
  });
}
