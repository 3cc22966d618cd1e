import { constants as zlibConstants, inflateSync } from 'node:zlib';
import { PdfLexer, PdfName, PdfRef, UnreadablePdf, type PdfDict, type PdfValue } from './objects.ts';

/** A stream object: its dictionary and where its raw bytes lie in the file. */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly start: number,
    readonly length: number,
  ) {}
}

/** Where one object lies in the file: `N G obj` to the end of `endobj`. */
export interface ObjectSpan {
  num: number;
  start: number;
  end: number;
}

type Resolved = PdfValue | PdfStream;

/**
 * A PDF file as Chromium writes it: a classic cross-reference table (possibly in several
 * sections), objects read on demand. Files with cross-reference streams or object streams
 * are refused (`UnreadablePdf`), and callers fall back to a general library.
 */
export class PdfFile {
  readonly text: string;
  readonly trailer: PdfDict;
  /** Byte offset of each object in use. */
  readonly offsets = new Map<number, number>();
  private readonly cache = new Map<number, Resolved>();
  private spanList?: ObjectSpan[];
  /** Where the newest cross-reference table starts. */
  readonly xrefAt: number;

  constructor(readonly bytes: Uint8Array) {
    this.text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    const tail = this.text.lastIndexOf('startxref');
    if (tail === -1) throw new UnreadablePdf('no startxref');
    let at: number | undefined = Number(/startxref\s+(\d+)/.exec(this.text.slice(tail))?.[1]);
    this.xrefAt = at;
    let trailer: PdfDict | undefined;
    const seen = new Set<number>();
    // Newest section first; an object already found in a newer section keeps that offset.
    while (at !== undefined && !seen.has(at)) {
      seen.add(at);
      const section = this.readXref(at);
      trailer ??= section;
      const previous = section.get('Prev');
      at = typeof previous === 'number' ? previous : undefined;
    }
    if (!trailer) throw new UnreadablePdf('no trailer');
    this.trailer = trailer;
  }

  private readXref(at: number): PdfDict {
    if (!this.text.startsWith('xref', at)) throw new UnreadablePdf('not a classic cross-reference table');
    const header = /\s*(\d+)\s+(\d+)[ \t]*[\r\n]+/y;
    const entry = /(\d{10}) (\d{5}) ([nf])[ \r\n]{1,2}/y;
    let pos = at + 4;
    for (;;) {
      header.lastIndex = pos;
      const section = header.exec(this.text);
      if (!section) break;
      const [first, count] = [Number(section[1]), Number(section[2])];
      entry.lastIndex = header.lastIndex;
      for (let i = 0; i < count; i++) {
        const found = entry.exec(this.text);
        if (!found) throw new UnreadablePdf(`broken cross-reference entry ${first + i}`);
        if (found[3] === 'n' && !this.offsets.has(first + i)) this.offsets.set(first + i, Number(found[1]));
        else if (found[3] === 'f' && !this.offsets.has(first + i)) this.offsets.set(first + i, -1);
      }
      pos = entry.lastIndex;
    }
    const lexer = new PdfLexer(this.text, pos);
    lexer.skipWhite();
    if (!this.text.startsWith('trailer', lexer.pos)) throw new UnreadablePdf('no trailer after the cross-reference table');
    lexer.pos += 'trailer'.length;
    const trailer = lexer.value();
    if (!(trailer instanceof Map)) throw new UnreadablePdf('the trailer is not a dictionary');
    return trailer;
  }

  /** The object numbered `num` (a stream's dictionary and place for a stream). */
  object(num: number): Resolved {
    const cached = this.cache.get(num);
    if (cached !== undefined) return cached;
    const offset = this.offsets.get(num);
    if (offset === undefined || offset < 0) return null;
    const head = /(\d+)\s+(\d+)\s+obj\b/y;
    head.lastIndex = offset;
    const found = head.exec(this.text);
    if (!found || Number(found[1]) !== num) throw new UnreadablePdf(`object ${num} is not where the table says`);
    const lexer = new PdfLexer(this.text, head.lastIndex);
    let value: Resolved = lexer.value();
    lexer.skipWhite();
    if (value instanceof Map && this.text.startsWith('stream', lexer.pos)) {
      let start = lexer.pos + 'stream'.length;
      start += this.text[start] === '\r' ? 2 : 1;
      const length = this.resolve(value.get('Length'));
      if (typeof length !== 'number') throw new UnreadablePdf(`stream ${num} has no length`);
      value = new PdfStream(value, start, length);
      lexer.pos = start + length;
      lexer.skipWhite();
      if (this.text.startsWith('endstream', lexer.pos)) lexer.pos += 'endstream'.length;
      lexer.skipWhite();
    }
    if (!this.text.startsWith('endobj', lexer.pos)) throw new UnreadablePdf(`object ${num} does not end with endobj`);
    this.cache.set(num, value);
    return value;
  }

  /** Follows a reference (of any depth) to its object. */
  resolve(value: PdfValue | PdfStream | undefined): Resolved | undefined {
    let current = value;
    for (let hops = 0; current instanceof PdfRef; hops++) {
      if (hops > 32) throw new UnreadablePdf('a loop of references');
      current = this.object(current.num);
    }
    return current;
  }

  /** A dictionary entry as a dictionary (a stream's dictionary counts), or undefined. */
  dict(value: PdfValue | PdfStream | undefined): PdfDict | undefined {
    const resolved = this.resolve(value);
    if (resolved instanceof PdfStream) return resolved.dict;
    return resolved instanceof Map ? resolved : undefined;
  }

  /**
   * A stream's data, decoded (Chromium compresses with Flate only). With `prefix`, only what the
   * first `prefix` bytes of its encoded data decode to (all of it when it is no longer): for a
   * reader that needs the start of a page's content, not the whole of it.
   */
  streamData(stream: PdfStream, prefix?: number): Buffer {
    const whole = prefix === undefined || stream.length <= prefix;
    const raw = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + stream.start, whole ? stream.length : prefix);
    const filter = this.resolve(stream.dict.get('Filter'));
    const filters = Array.isArray(filter) ? filter : filter === undefined || filter === null ? [] : [filter];
    let data = raw;
    for (const one of filters) {
      if (!(one instanceof PdfName) || one.name !== 'FlateDecode') throw new UnreadablePdf(`stream filter ${one instanceof PdfName ? one.name : '?'}`);
      if (this.dict(stream.dict.get('DecodeParms'))?.has('Predictor')) throw new UnreadablePdf('stream predictor');
      // A cut stream ends mid-block: inflate what there is, without asking for its end.
      data = whole ? inflateSync(data) : inflateSync(data, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    }
    return data;
  }

  /** Every object in use, in file order, with the bytes it spans (found without parsing them). */
  spans(): ObjectSpan[] {
    this.spanList ??= this.findSpans();
    return this.spanList;
  }

  private findSpans(): ObjectSpan[] {
    const starts = [...this.offsets].filter(([, start]) => start >= 0).sort((a, b) => a[1] - b[1]);
    return starts.map(([num, start], index) => {
      const limit = index + 1 < starts.length ? starts[index + 1][1] : this.xrefAt;
      const end = this.text.lastIndexOf('endobj', limit);
      if (end < start) throw new UnreadablePdf(`object ${num} does not end with endobj`);
      return { num, start, end: end + 'endobj'.length };
    });
  }
}
