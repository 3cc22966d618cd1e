import type { PdfFile } from './file.ts';
import { contentStreams, pagesOf } from './text.ts';

/**
 * The scale each page of a Chromium PDF is printed at, read from the page itself: the
 * transformation (`cm`) in effect where the page first shows text. Chromium draws a page in
 * CSS pixels, 0.75 pt each at 100 %; when it shrinks a document to fit the paper (content
 * wider than the page area, or a print scale) every page's transformation is scaled by as
 * much. `undefined` for a page that shows no text (nothing to read the scale from).
 */
export function pageScales(file: PdfFile): Array<number | undefined> {
  return pagesOf(file).map(({ page }) => {
    for (const stream of contentStreams(file, page)) {
      // The first text is at a page's start (Chromium sets the page's transformation, then draws):
      // its stream's first kilobytes are read, and the whole only where they hold no text.
      const scale = scaleAtFirstText(file.streamData(stream, startBytes)) ?? (stream.length > startBytes ? scaleAtFirstText(file.streamData(stream)) : undefined);
      if (scale !== undefined) return scale / pointsPerPixel;
    }
    return undefined;
  });
}

/** Encoded bytes of a content stream read for its first text before the whole is. */
const startBytes = 2048;

/** One CSS pixel in PDF points. */
const pointsPerPixel = 72 / 96;

type Matrix = [number, number, number, number, number, number];

const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5],
];

const isDelimiter = (byte: number) => byte <= 32 || '()<>[]{}/%'.includes(String.fromCharCode(byte));

/**
 * The linear scale (the square root of the determinant) of the transformation in effect at a
 * content stream's first `BT`, or undefined when it has none. Reads operands only as far as
 * that: numbers, names, strings, arrays and dictionaries skipped, `q`/`Q` kept.
 */
export function scaleAtFirstText(data: Buffer): number | undefined {
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const numbers: number[] = [];
  let i = 0;
  const n = data.length;
  while (i < n) {
    const c = data[i];
    if (c <= 32) {
      i++;
    } else if (c === 37) {
      while (i < n && data[i] !== 10 && data[i] !== 13) i++;
    } else if (c === 40) {
      // A literal string, nested parentheses and escapes included.
      let depth = 0;
      for (i++; i < n; i++) {
        if (data[i] === 92) i++;
        else if (data[i] === 40) depth++;
        else if (data[i] === 41 && depth-- === 0) break;
      }
      i++;
      numbers.length = 0;
    } else if (c === 60 && data[i + 1] !== 60) {
      const end = data.indexOf(62, i);
      i = end === -1 ? n : end + 1;
      numbers.length = 0;
    } else if (c === 47 || isDelimiter(c)) {
      i++;
      while (c === 47 && i < n && !isDelimiter(data[i])) i++;
      if (c !== 47) numbers.length = 0;
    } else {
      const start = i;
      while (i < n && !isDelimiter(data[i])) i++;
      const token = data.toString('latin1', start, i);
      if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(token)) {
        numbers.push(Number(token));
        continue;
      }
      if (token === 'BT') return Math.sqrt(Math.abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]));
      if (token === 'q') stack.push(ctm);
      else if (token === 'Q') ctm = stack.pop() ?? ctm;
      else if (token === 'cm' && numbers.length >= 6) ctm = multiply(numbers.slice(-6) as Matrix, ctm);
      else if (token === 'BI') {
        const end = data.indexOf('EI', i);
        i = end === -1 ? n : end + 2;
      }
      numbers.length = 0;
    }
  }
  return undefined;
}
