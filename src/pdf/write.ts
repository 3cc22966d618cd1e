import type { PdfFile } from './file.ts';
import { serialize, type PdfDict, type PdfValue } from './objects.ts';

/** A stream to write: its dictionary (without `/Length`) and its bytes, stored as they are. */
export interface NewStream {
  dict: PdfDict;
  data: Uint8Array;
}

export type NewObject = PdfValue | NewStream;

const isStream = (value: NewObject): value is NewStream => typeof value === 'object' && value !== null && 'data' in value && 'dict' in value;
const latin1 = (text: string) => Buffer.from(text, 'latin1');
/** The one line end put after every object copied: a Buffer made anew for each of the spec's 9,000 was most of a cold rewrite's time. */
const newline = latin1('\n');

function objectBytes(num: number, value: NewObject): Buffer[] {
  if (!isStream(value)) return [latin1(`${num} 0 obj\n${serialize(value)}\nendobj\n`)];
  const dict: PdfDict = new Map([...value.dict, ['Length', value.data.length]]);
  return [latin1(`${num} 0 obj\n${serialize(dict)}\nstream\n`), Buffer.from(value.data), latin1('\nendstream\nendobj\n')];
}

/**
 * Writes the file anew in one pass: every object copied byte for byte in file order, except
 * those `objects` replaces; the new ones after them; a fresh cross-reference table and the
 * given trailer. Nothing is parsed or re-encoded, so it costs what copying the bytes costs,
 * and an earlier revision's table or dates do not survive in the output.
 */
export function rewritePdf(file: PdfFile, objects: ReadonlyMap<number, NewObject>, trailer: PdfDict): Uint8Array {
  const spans = file.spans();
  const parts: Buffer[] = [];
  const offsets = new Map<number, number>();
  let length = 0;
  const push = (buffers: Buffer[]) => {
    for (const buffer of buffers) {
      parts.push(buffer);
      length += buffer.length;
    }
  };
  const source = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  push([source.subarray(0, spans[0]?.start ?? file.xrefAt)]);
  for (const { num, start, end } of spans) {
    offsets.set(num, length);
    const replacement = objects.get(num);
    push(replacement === undefined ? [source.subarray(start, end), newline] : objectBytes(num, replacement));
  }
  for (const [num, value] of objects) {
    if (offsets.has(num)) continue;
    offsets.set(num, length);
    push(objectBytes(num, value));
  }

  let size = 1;
  for (const num of offsets.keys()) size = Math.max(size, num + 1);
  const xrefAt = length;
  // Subsections of consecutive numbers; the numbers in between are simply absent.
  let table = 'xref\n0 1\n0000000000 65535 f \n';
  const numbers = [...offsets.keys()].sort((a, b) => a - b);
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j] + 1) j++;
    table += `${numbers[i]} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) table += `${String(offsets.get(numbers[k])).padStart(10, '0')} 00000 n \n`;
    i = j + 1;
  }
  const fullTrailer: PdfDict = new Map([['Size', size], ...[...trailer].filter(([key]) => key !== 'Size' && key !== 'Prev')]);
  push([latin1(`${table}trailer\n${serialize(fullTrailer)}\nstartxref\n${xrefAt}\n%%EOF\n`)]);
  const out = Buffer.concat(parts, length);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
