import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PdfFile, PdfStream } from '../../src/pdf/file.ts';
import { PdfRef } from '../../src/pdf/objects.ts';
import { pageScales } from '../../src/pdf/page-scale.ts';

/** A one-page PDF whose content stream (Flate, as Chromium writes) is `content`. */
function pdfWithContent(content: string): Uint8Array {
  const data = deflateSync(Buffer.from(content, 'latin1'));
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const add = (chunk: Buffer | string) => {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    parts.push(buffer);
    length += buffer.length;
  };
  add('%PDF-1.4\n');
  const object = (num: number, body: string | Buffer[]) => {
    offsets[num - 1] = length;
    add(`${num} 0 obj\n`);
    if (typeof body === 'string') add(body);
    else for (const piece of body) add(piece);
    add('\nendobj\n');
  };
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  object(3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] /Contents 4 0 R >>');
  object(4, [Buffer.from(`<< /Length ${data.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
  const xref = length;
  add(`xref\n0 5\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`);
  add(`trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return new Uint8Array(Buffer.concat(parts));
}

// Text that deflates poorly, so its stream is many kilobytes long.
const noise = (bytes: number) => {
  let seed = 1;
  return Array.from({ length: bytes }, () => String.fromCharCode(97 + ((seed = (seed * 48271) % 2147483647) % 26))).join('');
};
const text = (words: string) => `BT /F1 10 Tf (${words}) Tj ET\n`;

describe('the start of a content stream', () => {
  it('decodes to the start of the whole stream', () => {
    const content = `q 0.75 0 0 0.75 0 0 cm\n${text(noise(40_000))}Q\n`;
    const file = new PdfFile(pdfWithContent(content));
    const contents = file.resolve(new PdfRef(4, 0));
    if (!(contents instanceof PdfStream)) throw new Error('object 4 is the page\'s content stream');
    const whole = file.streamData(contents);
    const start = file.streamData(contents, 1024);
    expect(whole.toString('latin1')).toBe(content);
    expect(contents.length).toBeGreaterThan(4096);
    expect(start.length).toBeGreaterThan(0);
    expect(start.length).toBeLessThan(whole.length);
    expect(whole.subarray(0, start.length).equals(start)).toBe(true);
  });

  it('gives a page its scale from its first text, whether that is in the first kilobytes or after them', () => {
    const early = `q 0.75 0 0 0.75 0 0 cm\n${text('first')}${text(noise(40_000))}Q\n`;
    // Drawing before the first text (a long path) puts it past the kilobytes read first: the whole stream is read.
    const late = `q 0.75 0 0 0.75 0 0 cm\n${Array.from({ length: 4000 }, (_, i) => `${i % 400} ${(i * 37) % 500} m ${(i * 13) % 400} ${(i * 91) % 500} l S`).join('\n')}\nq 0.5 0 0 0.5 0 0 cm ${text('late')}Q Q\n`;
    expect(deflateSync(Buffer.from(late, 'latin1')).length).toBeGreaterThan(4096);
    expect(pageScales(new PdfFile(pdfWithContent(early)))[0]).toBeCloseTo(1, 5);
    expect(pageScales(new PdfFile(pdfWithContent(late)))[0]).toBeCloseTo(0.5, 5);
  });
});
