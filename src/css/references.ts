import { tokenize, tokenTypes } from 'css-tree/tokenizer';
import { ident, string as cssString, url as cssUrl } from 'css-tree/utils';

/** One place in CSS text where a browser would fetch something. */
export interface CssReference {
  /** The URL as the browser reads it: escapes decoded, quotes and whitespace gone. */
  url: string;
  /** `url` for `url()` (however spelled), `image-set` for a bare string inside `image-set()` and its kin, `import` for an `@import`. */
  kind: 'url' | 'image-set' | 'import';
  /** Offsets in the CSS text of the whole construct (`url(…)`, the string, the `@import …;`). */
  start: number;
  end: number;
}

/** Functions whose bare string arguments are URLs, as in `image-set("a.png" 1x)`; with or without a vendor prefix. */
const imageFunctions = /^(-[a-z]+-)?(image-set|image|cross-fade)$/;

/** Each opening token's closing one. */
const closerOf = new Map<number, number>([
  [tokenTypes.Function, tokenTypes.RightParenthesis],
  [tokenTypes.LeftParenthesis, tokenTypes.RightParenthesis],
  [tokenTypes.LeftSquareBracket, tokenTypes.RightSquareBracket],
  [tokenTypes.LeftCurlyBracket, tokenTypes.RightCurlyBracket],
]);

interface Token {
  type: number;
  start: number;
  end: number;
}

/**
 * Every reference in `css`, found on the tokens of CSS Syntax (css-tree's tokenizer), the way
 * a browser reads them: `url()` also when written with escapes (`\75 rl(…)`, `URL(…)`) or as a
 * function with a string, `src()`, the strings of `image-set()` / `-webkit-image-set()` /
 * `image()` / `cross-fade()`, and every `@import` (also `@import"…"` and `@\69mport`). A
 * malformed `url(` (a bad-url token) counts as a reference too. Comments and strings elsewhere
 * are not references.
 */
export function cssReferences(css: string): CssReference[] {
  const tokens: Token[] = [];
  tokenize(css, (type, start, end) => {
    if (type !== tokenTypes.Comment) tokens.push({ type, start, end });
  });
  // The token that closes each opener (one pass with a stack: linear, whatever the nesting); unclosed ones run to the end.
  const closes = new Array<number>(tokens.length).fill(tokens.length - 1);
  // As in CSS Syntax, a block ends only at its own kind of bracket: `image-set(} "…")` is still inside the function.
  const open: Array<{ index: number; closer: number }> = [];
  for (const [index, { type }] of tokens.entries()) {
    const closer = closerOf.get(type);
    if (closer !== undefined) open.push({ index, closer });
    else if (open.length > 0 && open[open.length - 1].closer === type) closes[open.pop()!.index] = index;
  }
  const text = (token: Token) => css.slice(token.start, token.end);
  const found: CssReference[] = [];
  // Openers around the current token; for a function, whether it is an image function.
  const around: Array<{ close: number; image: boolean }> = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    while (around.length > 0 && index > around[around.length - 1].close) around.pop();
    const { type } = token;
    if (type === tokenTypes.Url || type === tokenTypes.BadUrl) {
      found.push({ url: type === tokenTypes.Url ? cssUrl.decode(text(token)).trim() : text(token), kind: 'url', start: token.start, end: token.end });
    } else if (type === tokenTypes.AtKeyword && ident.decode(text(token).slice(1)).toLowerCase() === 'import') {
      // To the `;` that ends it, or through the block that ends it.
      let end = index + 1;
      let target: string | undefined;
      while (end < tokens.length && tokens[end].type !== tokenTypes.Semicolon) {
        const next = tokens[end];
        if (target === undefined && next.type === tokenTypes.String) target = cssString.decode(text(next));
        if (target === undefined && next.type === tokenTypes.Url) target = cssUrl.decode(text(next)).trim();
        if (target === undefined && next.type === tokenTypes.Function) target = functionUrl(tokens, end, closes[end], text);
        if (next.type === tokenTypes.LeftCurlyBracket) {
          end = closes[end];
          break;
        }
        if (next.type === tokenTypes.Function || next.type === tokenTypes.LeftParenthesis || next.type === tokenTypes.LeftSquareBracket) end = closes[end];
        end++;
      }
      end = Math.min(end, tokens.length - 1);
      found.push({ url: target ?? '', kind: 'import', start: token.start, end: tokens[end].end });
      index = end;
    } else if (type === tokenTypes.Function) {
      const name = ident.decode(text(token).slice(0, -1)).toLowerCase();
      if (name === 'url' || name === 'src') {
        found.push({ url: functionUrl(tokens, index, closes[index], text), kind: 'url', start: token.start, end: tokens[closes[index]].end });
        index = closes[index];
      } else {
        around.push({ close: closes[index], image: imageFunctions.test(name) });
      }
    } else if (closerOf.has(type)) {
      around.push({ close: closes[index], image: false });
    } else if (type === tokenTypes.String && around.length > 0 && around[around.length - 1].image) {
      // A string directly inside an image function is a URL.
      found.push({ url: cssString.decode(text(token)), kind: 'image-set', start: token.start, end: token.end });
    }
  }
  return found;
}

/** The URL of a `url(`/`src(` function token at `index`, closed at `close`: its string, or its raw text decoded. */
function functionUrl(tokens: Token[], index: number, close: number, text: (token: Token) => string): string {
  const inner = tokens.slice(index + 1, close).filter((token) => token.type !== tokenTypes.WhiteSpace);
  if (inner.length === 1 && inner[0].type === tokenTypes.String) return cssString.decode(text(inner[0]));
  return cssUrl.decode(`url(${inner.map(text).join('')})`).trim();
}

/**
 * `css` with each reference replaced: `replace` returns the URL to put there (written as
 * `url("…")` or, inside an image function, a string), or undefined to remove it (a URL becomes
 * `none`, an `@import` goes with its line breaks kept, so later lines keep their numbers).
 */
export function rewriteCssReferences(css: string, replace: (reference: CssReference) => string | undefined): string {
  let out = '';
  let at = 0;
  for (const reference of cssReferences(css)) {
    const kept = replace(reference);
    out += css.slice(at, reference.start);
    if (kept === reference.url && reference.kind !== 'import') out += css.slice(reference.start, reference.end);
    else if (reference.kind === 'import') out += css.slice(reference.start, reference.end).replace(/[^\n]/g, '');
    else if (kept === undefined) out += reference.kind === 'image-set' ? '"data:,"' : 'none';
    else out += reference.kind === 'image-set' ? cssQuote(kept) : `url(${cssQuote(kept)})`;
    at = reference.end;
  }
  return out + css.slice(at);
}

/** A CSS string holding `value`. */
const cssQuote = (value: string) => cssString.encode(value);

/** 1-based line and column of `offset` in `text`. */
export function placeAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}
