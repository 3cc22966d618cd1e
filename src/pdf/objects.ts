/**
 * PDF's object syntax (ISO 32000-1 §7.3): the values, a lexer that reads them from a file's
 * bytes (as a latin1 string, one character a byte) and a writer that prints them back.
 * Shared by the file reader, the content-stream reader and the file writer.
 */

export class PdfName {
  constructor(readonly name: string) {}
}

export class PdfRef {
  constructor(readonly num: number, readonly gen: number) {}
}

/** A string's bytes, one character a byte; `hex` when it was written `<…>`. */
export class PdfString {
  constructor(readonly bytes: string, readonly hex = false) {}
}

/** A content-stream operator (`Tj`, `BT`) or a keyword the reader does not know. */
export class PdfOperator {
  constructor(readonly op: string) {}
}

export type PdfDict = Map<string, PdfValue>;
export type PdfValue = number | boolean | null | PdfName | PdfString | PdfRef | PdfDict | PdfValue[];

/** The file is not one this reader understands (an xref stream, a broken table…). */
export class UnreadablePdf extends Error {}

const SPACE = 32;
const isWhite = (c: number) => c === SPACE || c === 10 || c === 13 || c === 9 || c === 12 || c === 0;
// ( ) < > [ ] { } / %
const isDelimiter = (c: number) => c === 40 || c === 41 || c === 60 || c === 62 || c === 91 || c === 93 || c === 123 || c === 125 || c === 47 || c === 37;
const isRegular = (c: number) => !isWhite(c) && !isDelimiter(c) && !Number.isNaN(c);
const numberPattern = /^[+-]?(\d+\.?\d*|\.\d+)$/;

const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' };

/** Reads PDF values one after another from `text`, starting at `pos`. */
export class PdfLexer {
  constructor(
    readonly text: string,
    public pos = 0,
    /** Read `12 0 R` as a reference (objects); content streams have none. */
    readonly references = true,
  ) {}

  skipWhite(): void {
    const { text } = this;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (isWhite(c)) this.pos++;
      else if (c === 37) {
        // A comment runs to the end of its line.
        while (this.pos < text.length && text.charCodeAt(this.pos) !== 10 && text.charCodeAt(this.pos) !== 13) this.pos++;
      } else return;
    }
  }

  /** The next value or operator; `undefined` at the end, or at `]` / `>>` (which it consumes). */
  next(): PdfValue | PdfOperator | undefined {
    this.skipWhite();
    const { text } = this;
    if (this.pos >= text.length) return undefined;
    const c = text.charCodeAt(this.pos);
    if (c === 47) return this.name();
    if (c === 40) return this.literal();
    if (c === 60) {
      if (text.charCodeAt(this.pos + 1) === 60) {
        this.pos += 2;
        return this.dict();
      }
      return this.hex();
    }
    if (c === 91) {
      this.pos++;
      const items: PdfValue[] = [];
      for (let item = this.next(); item !== undefined; item = this.next()) {
        if (item instanceof PdfOperator) throw new UnreadablePdf(`unexpected \`${item.op}\` in an array at ${this.pos}`);
        items.push(item);
      }
      return items;
    }
    if (c === 93 || (c === 62 && text.charCodeAt(this.pos + 1) === 62)) {
      this.pos += c === 93 ? 1 : 2;
      return undefined;
    }
    if (c === 123 || c === 125 || c === 41 || c === 62) {
      // Braces (PostScript functions) and stray closers carry no text: pass them as operators.
      this.pos++;
      return new PdfOperator(String.fromCharCode(c));
    }
    const start = this.pos;
    while (isRegular(text.charCodeAt(this.pos))) this.pos++;
    const word = text.slice(start, this.pos);
    if (numberPattern.test(word)) {
      const value = Number(word);
      return this.references && Number.isInteger(value) ? this.maybeReference(value) : value;
    }
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    return new PdfOperator(word);
  }

  /** `num gen R` read ahead; otherwise the number alone, with the position left after it. */
  private maybeReference(num: number): number | PdfRef {
    const after = this.pos;
    const match = /\s+(\d+)\s+R(?=[\s()<>[\]{}/%]|$)/y;
    match.lastIndex = after;
    const found = match.exec(this.text);
    if (!found) return num;
    this.pos = match.lastIndex;
    return new PdfRef(num, Number(found[1]));
  }

  private name(): PdfName {
    const { text } = this;
    const start = ++this.pos;
    while (isRegular(text.charCodeAt(this.pos))) this.pos++;
    const raw = text.slice(start, this.pos);
    return new PdfName(raw.includes('#') ? raw.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : raw);
  }

  private literal(): PdfString {
    const { text } = this;
    let depth = 0;
    let out = '';
    let run = ++this.pos;
    for (;;) {
      if (this.pos >= text.length) throw new UnreadablePdf('unterminated string');
      const ch = text[this.pos];
      if (ch === '\\') {
        out += text.slice(run, this.pos);
        const next = text[this.pos + 1];
        if (next in escapes) {
          out += escapes[next];
          this.pos += 2;
        } else if (next >= '0' && next <= '7') {
          const octal = /[0-7]{1,3}/y;
          octal.lastIndex = this.pos + 1;
          const digits = octal.exec(text)![0];
          out += String.fromCharCode(parseInt(digits, 8) & 0xff);
          this.pos += 1 + digits.length;
        } else if (next === '\r' || next === '\n') {
          // A backslash before an end of line continues the string on the next line.
          this.pos += next === '\r' && text[this.pos + 2] === '\n' ? 3 : 2;
        } else {
          this.pos += 1;
        }
        run = this.pos;
        continue;
      }
      if (ch === '(') depth++;
      if (ch === ')' && depth-- === 0) {
        out += text.slice(run, this.pos++);
        return new PdfString(out);
      }
      this.pos++;
    }
  }

  private hex(): PdfString {
    const end = this.text.indexOf('>', this.pos);
    if (end === -1) throw new UnreadablePdf('unterminated hex string');
    let digits = this.text.slice(this.pos + 1, end).replace(/\s+/g, '');
    this.pos = end + 1;
    if (digits.length % 2) digits += '0';
    return new PdfString(Buffer.from(digits, 'hex').toString('latin1'), true);
  }

  private dict(): PdfDict {
    const entries: PdfDict = new Map();
    for (let key = this.next(); key !== undefined; key = this.next()) {
      if (!(key instanceof PdfName)) throw new UnreadablePdf(`a dictionary key that is not a name at ${this.pos}`);
      const value = this.next();
      if (value === undefined || value instanceof PdfOperator) throw new UnreadablePdf(`dictionary entry /${key.name} has no value`);
      entries.set(key.name, value);
    }
    return entries;
  }

  /** The next value, which must be one (not an operator, not the end). */
  value(): PdfValue {
    const value = this.next();
    if (value === undefined || value instanceof PdfOperator) throw new UnreadablePdf(`expected a value at ${this.pos}`);
    return value;
  }
}

// ---------------------------------------------------------------------------------------------
// Writing

const nameSafe = /^[!-~]$/;
const serializeName = (name: string) =>
  '/' + [...name].map((ch) => (nameSafe.test(ch) && !isDelimiter(ch.charCodeAt(0)) && ch !== '#' ? ch : `#${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)).join('');

function serializeString(value: PdfString): string {
  if (value.hex) return `<${[...value.bytes].map((ch) => ch.charCodeAt(0).toString(16).padStart(2, '0')).join('')}>`;
  return `(${value.bytes.replace(/[\\()]/g, '\\$&').replace(/[\x00-\x1f\x7f-\xff]/g, (ch) => `\\${ch.charCodeAt(0).toString(8).padStart(3, '0')}`)})`;
}

function serializeNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  // PDF has no exponent notation.
  return value.toFixed(6).replace(/\.?0+$/, '');
}

/** A value as PDF syntax. */
export function serialize(value: PdfValue): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return serializeNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof PdfName) return serializeName(value.name);
  if (value instanceof PdfString) return serializeString(value);
  if (value instanceof PdfRef) return `${value.num} ${value.gen} R`;
  if (Array.isArray(value)) return `[${value.map(serialize).join(' ')}]`;
  return `<<${[...value].map(([key, item]) => `${serializeName(key)} ${serialize(item)}`).join(' ')}>>`;
}

/** A text string (§7.9.2.2): plain bytes when it is printable ASCII, else UTF-16BE with its byte order mark. */
export function textString(text: string): PdfString {
  if (/^[\x20-\x7e]*$/.test(text)) return new PdfString(text);
  let bytes = '\xfe\xff';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes += String.fromCharCode(unit >> 8, unit & 0xff);
  }
  return new PdfString(bytes, true);
}

/** A date (§7.9.4), in UTC. */
export function dateString(date: Date): PdfString {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return new PdfString(
    `D:${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`,
  );
}
