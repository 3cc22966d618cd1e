import { describe, expect, it, vi } from 'vitest';
import { PdfFile } from '../../src/pdf/file.ts';
import { PdfString } from '../../src/pdf/objects.ts';
import { rewritePdf } from '../../src/pdf/write.ts';

/** A PDF of `count` small objects with a classic cross-reference table, as Chromium writes them. */
function pdfOf(count: number): Uint8Array {
  let text = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let num = 1; num <= count; num++) {
    offsets.push(text.length);
    text += `${num} 0 obj\n<< /N ${num} >>\nendobj\n`;
  }
  const xref = text.length;
  text += `xref\n0 ${count + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  text += `trailer\n<< /Size ${count + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(text);
}

describe('rewritePdf', () => {
  it('copies the objects it keeps without making a Buffer from a string for each (the spec\'s PDF has 9,000: that was most of a cold rewrite)', () => {
    const file = new PdfFile(pdfOf(2_000));
    const from = vi.spyOn(Buffer, 'from');
    try {
      const out = rewritePdf(file, new Map([[1, new Map([['N', new PdfString('one')]])]]), file.trailer);
      const fromStrings = from.mock.calls.filter(([value]) => typeof value === 'string').length;
      expect(fromStrings).toBeLessThan(10);
      // Every object is still there, the one replaced included, and the file reads back.
      const again = new PdfFile(out);
      expect(again.spans()).toHaveLength(2_000);
      expect(new TextDecoder('latin1').decode(out)).toContain('1 0 obj\n<</N (one)>>');
    } finally {
      from.mockRestore();
    }
  });
});
