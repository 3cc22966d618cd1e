import { PdfFile, PdfStream } from './file.ts';
import { PdfLexer, PdfName, PdfOperator, PdfString, UnreadablePdf, type PdfDict, type PdfValue } from './objects.ts';

/** Turns a font's character codes (a string's bytes) into text. */
export interface FontDecoder {
  decode(bytes: ArrayLike<number>): string;
}

/** A `/ToUnicode` CMap's bfchar and bfrange entries (§9.10.3). */
export function parseToUnicode(data: string): Map<number, string> {
  const map = new Map<number, string>();
  const codeOf = (value: PdfString) => [...value.bytes].reduce((code, ch) => code * 256 + ch.charCodeAt(0), 0);
  const unicode = (value: PdfString) => {
    let text = '';
    for (let i = 0; i + 1 < value.bytes.length; i += 2) text += String.fromCharCode((value.bytes.charCodeAt(i) << 8) | value.bytes.charCodeAt(i + 1));
    return text;
  };
  const lexer = new PdfLexer(data, 0, false);
  const operands: PdfValue[] = [];
  for (let token = lexer.next(); ; token = lexer.next()) {
    if (token === undefined) {
      if (lexer.pos >= data.length) break;
      continue;
    }
    if (!(token instanceof PdfOperator)) {
      operands.push(token);
      continue;
    }
    if (token.op === 'endbfchar') {
      for (let i = 0; i + 1 < operands.length; i += 2) {
        const [source, target] = [operands[i], operands[i + 1]];
        if (source instanceof PdfString && target instanceof PdfString) map.set(codeOf(source), unicode(target));
      }
    } else if (token.op === 'endbfrange') {
      for (let i = 0; i + 2 < operands.length; i += 3) {
        const [low, high, target] = [operands[i], operands[i + 1], operands[i + 2]];
        if (!(low instanceof PdfString) || !(high instanceof PdfString)) continue;
        const [from, to] = [codeOf(low), codeOf(high)];
        for (let code = from; code <= to && code - from < 65536; code++) {
          if (Array.isArray(target)) {
            const item = target[code - from];
            if (item instanceof PdfString) map.set(code, unicode(item));
          } else if (target instanceof PdfString) {
            // The last UTF-16 unit counts up through the range.
            const base = unicode(target);
            map.set(code, base.slice(0, -1) + String.fromCharCode(base.charCodeAt(base.length - 1) + code - from));
          }
        }
      }
    }
    operands.length = 0;
  }
  return map;
}

/** A font's decoder: its ToUnicode map, with the ligatures `overrides` repairs (`repairsMapping`). */
export function fontDecoder(file: PdfFile, font: PdfDict, overrides?: ReadonlyMap<number, string>): FontDecoder {
  const subtype = file.resolve(font.get('Subtype'));
  const twoBytes = subtype instanceof PdfName && subtype.name === 'Type0';
  if (twoBytes) {
    const encoding = file.resolve(font.get('Encoding'));
    // Chromium embeds every font as Identity-H; another CMap would need its own tables.
    if (!(encoding instanceof PdfName) || !/^Identity-[HV]$/.test(encoding.name)) throw new UnreadablePdf('a composite font with a CMap other than Identity');
  }
  const toUnicode = file.resolve(font.get('ToUnicode'));
  const parsed = toUnicode instanceof PdfStream ? parseToUnicode(file.streamData(toUnicode).toString('latin1')) : undefined;
  const map = parsed && overrides ? new Map([...parsed, ...[...overrides].filter(([code, text]) => repairsMapping(parsed.get(code), text))]) : parsed;
  return {
    decode(bytes) {
      let text = '';
      const width = twoBytes ? 2 : 1;
      for (let i = 0; i + width - 1 < bytes.length; i += width) {
        const code = twoBytes ? (bytes[i] << 8) | bytes[i + 1] : bytes[i];
        // Without a map a simple font's codes are near enough Latin-1; a composite font's are glyph ids.
        text += map ? (map.get(code) ?? '') : twoBytes ? '' : String.fromCharCode(code);
      }
      return text;
    },
  };
}

/** A page's content streams, in order (`/Contents` is one stream or an array of them). */
export function contentStreams(file: PdfFile, page: PdfDict): PdfStream[] {
  const contents = file.resolve(page.get('Contents'));
  return (Array.isArray(contents) ? contents.map((item) => file.resolve(item)) : [contents]).filter((item): item is PdfStream => item instanceof PdfStream);
}

/** The form XObject a `Do` names in `resources`, if it is one (an image is not). */
export function formXObject(file: PdfFile, resources: PdfDict | undefined, name: string | undefined): PdfStream | undefined {
  const object = name === undefined ? undefined : file.resolve(file.dict(resources?.get('XObject'))?.get(name));
  const subtype = object instanceof PdfStream ? file.resolve(object.dict.get('Subtype')) : undefined;
  return object instanceof PdfStream && subtype instanceof PdfName && subtype.name === 'Form' ? object : undefined;
}

/** The pages in order, each with its (possibly inherited) resources. */
export function pagesOf(file: PdfFile): Array<{ page: PdfDict; resources?: PdfDict }> {
  const catalog = file.dict(file.trailer.get('Root'));
  const root = file.dict(catalog?.get('Pages'));
  if (!root) throw new UnreadablePdf('no page tree');
  const pages: Array<{ page: PdfDict; resources?: PdfDict }> = [];
  const walk = (node: PdfDict, inherited: PdfDict | undefined, depth: number) => {
    if (depth > 64) throw new UnreadablePdf('the page tree is too deep');
    const resources = file.dict(node.get('Resources')) ?? inherited;
    const kids = file.resolve(node.get('Kids'));
    if (Array.isArray(kids)) {
      for (const kid of kids) {
        const child = file.dict(kid);
        if (child) walk(child, resources, depth + 1);
      }
    } else {
      pages.push({ page: node, resources });
    }
  };
  walk(root, undefined, 0);
  return pages;
}

const hexValue = new Int8Array(256).fill(-1);
for (let i = 0; i < 16; i++) hexValue['0123456789abcdef'.charCodeAt(i)] = hexValue['0123456789ABCDEF'.charCodeAt(i)] = i;
const white = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) white[c] = 1;
// White space and the delimiters ( ) < > [ ] { } / % end a token.
const ends = new Uint8Array(white);
for (const c of '()<>[]{}/%') ends[c.charCodeAt(0)] = 1;
/** The operators text extraction acts on, keyed by their one or two bytes. */
const textOperators = new Map(['BT', 'ET', 'q', 'Q', 'Tf', 'Tj', "'", '"', 'TJ', 'Do', 'BI'].map((op) => [op.length === 1 ? op.charCodeAt(0) : op.charCodeAt(0) * 256 + op.charCodeAt(1), op]));
const literalEscapes: Record<number, number> = { 110: 10, 114: 13, 116: 9, 98: 8, 102: 12 };
/** `BDC` and `EMC`, the marked-content operators around a span with `/ActualText`. */
const markedContent = (data: Buffer, start: number) => {
  if (data[start + 2] !== 0x43) return undefined;
  if (data[start] === 0x42 && data[start + 1] === 0x44) return 'BDC';
  return data[start] === 0x45 && data[start + 1] === 0x4d ? 'EMC' : undefined;
};

/** A short run of bytes as Latin-1 text, made here: a name is a few letters, and Buffer#toString costs a call into C++ each time. */
function latin1(data: Buffer, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(data[i]);
  return text;
}

/**
 * Reads a content stream for its text operators only, byte by byte (numbers are skipped,
 * not parsed: text extraction needs none of them). `visit` gets each operator with the last
 * name and the strings since the previous operator (a `TJ` array's strings, in order).
 */
export function scanContent(data: Buffer, visit: (op: string, name: string | undefined, strings: number[][]) => void): void {
  const n = data.length;
  // Where the last name operand stands: read into a string only for an operator that is visited (most
  // names in a tagged page are marked-content tags and their dictionaries' keys, which no text operator reads).
  let nameStart = -1;
  let nameEnd = -1;
  let strings: number[][] = [];
  let i = 0;
  while (i < n) {
    const c = data[i];
    if (white[c]) {
      i++;
    } else if (c === 37) {
      while (i < n && data[i] !== 10 && data[i] !== 13) i++;
    } else if (c === 47) {
      nameStart = ++i;
      while (i < n && !ends[data[i]]) i++;
      nameEnd = i;
    } else if (c === 40) {
      const bytes: number[] = [];
      let depth = 0;
      for (i++; i < n; i++) {
        let b = data[i];
        if (b === 92) {
          b = data[++i];
          if (b >= 48 && b <= 55) {
            let code = 0;
            for (let k = 0; k < 3 && data[i] >= 48 && data[i] <= 55; k++) code = code * 8 + data[i++] - 48;
            i--;
            bytes.push(code & 0xff);
          } else if (b === 13 || b === 10) {
            if (b === 13 && data[i + 1] === 10) i++;
          } else bytes.push(literalEscapes[b] ?? b);
          continue;
        }
        if (b === 40) depth++;
        if (b === 41 && depth-- === 0) break;
        bytes.push(b);
      }
      i++;
      strings.push(bytes);
    } else if (c === 60 && data[i + 1] !== 60) {
      const bytes: number[] = [];
      let high = -1;
      for (i++; i < n && data[i] !== 62; i++) {
        const v = hexValue[data[i]];
        if (v < 0) continue;
        if (high < 0) high = v;
        else {
          bytes.push(high * 16 + v);
          high = -1;
        }
      }
      if (high >= 0) bytes.push(high * 16);
      i++;
      strings.push(bytes);
    } else if (ends[c]) {
      // << >> [ ] { }: structure around operands (a TJ array, a marked-content dictionary);
      // both brackets of << at once, or the second would start a hex string.
      i += c === 60 ? 2 : 1;
    } else {
      const start = i;
      while (i < n && !ends[data[i]]) i++;
      // Numbers, true, false and null are operands no text operator needs.
      if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) continue;
      const length = i - start;
      const op = length === 1 ? textOperators.get(c) : length === 2 ? textOperators.get(c * 256 + data[start + 1]) : length === 3 ? markedContent(data, start) : undefined;
      if ((length === 4 || length === 5) && /^(true|false|null)$/.test(data.toString('latin1', start, i))) continue;
      if (op === 'BI') {
        // An inline image's data is binary: go past its `EI`.
        const end = data.indexOf('EI', i);
        i = end === -1 ? n : end + 2;
      } else if (op) {
        visit(op, nameStart >= 0 ? latin1(data, nameStart, nameEnd) : undefined, strings);
      }
      nameStart = -1;
      strings = [];
    }
  }
}

/**
 * Whether a ligature's text repairs a ToUnicode entry: the entry holds only its first letters
 * ("T" for "Th"). Letters and marks only: an emoji sequence a font draws as one glyph (👍🏽 as
 * Noto Emoji's 👍) is no ligature, and the glyph drawn alone is still the emoji alone.
 */
export function repairsMapping(entry: string | undefined, ligature: string): boolean {
  return entry !== undefined && entry.length < ligature.length && ligature.startsWith(entry) && /^[\p{L}\p{M}]+$/u.test(ligature);
}
