import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metadataSchema } from '../src/config/metadata.ts';
import { PdfFile } from '../src/pdf/file.ts';
import { PdfRef, PdfString } from '../src/pdf/objects.ts';
import { pageTexts } from '../src/pdf/read.ts';
import { setPdfMetadata } from '../src/writers/pdf/metadata.ts';
import { checkPdf } from './helpers/validators.ts';

/**
 * Issue 12, "any size": a PDF of hundreds of thousands of objects is read, its bookmarks
 * renamed, and written again. A book of 100 READMEs (about 1,700 pages) once failed with
 * "Maximum call stack size exceeded": object numbers were spread into `Math.max(...)`.
 */
const objects = 300_000;
const bookmarks = 50_000;

/** A valid PDF: one page, a flat outline of `bookmarks` items each titled twice over ("Heading 7Heading 7"), filler objects up to `objects`. */
function hugePdf(): Uint8Array {
  const parts: string[] = ['%PDF-1.7\n'];
  const offsets: number[] = [0];
  let length = parts[0].length;
  const add = (num: number, body: string) => {
    offsets[num] = length;
    const text = `${num} 0 obj\n${body}\nendobj\n`;
    parts.push(text);
    length += text.length;
  };
  const firstItem = 5;
  const lastItem = firstItem + bookmarks - 1;
  add(1, '<< /Type /Catalog /Pages 2 0 R /Outlines 4 0 R >>');
  add(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  add(3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>');
  add(4, `<< /Type /Outlines /First ${firstItem} 0 R /Last ${lastItem} 0 R /Count ${bookmarks} >>`);
  for (let num = firstItem; num <= lastItem; num++) {
    const n = num - firstItem + 1;
    const links = `${num > firstItem ? ` /Prev ${num - 1} 0 R` : ''}${num < lastItem ? ` /Next ${num + 1} 0 R` : ''}`;
    add(num, `<< /Title (Heading ${n}Heading ${n}) /Parent 4 0 R${links} /Dest [3 0 R /XYZ 0 200 0] >>`);
  }
  for (let num = lastItem + 1; num <= objects; num++) add(num, `(filler ${num})`);
  const xrefAt = length;
  const rows = offsets.map((offset, num) => (num === 0 ? '0000000000 65535 f \n' : `${String(offset).padStart(10, '0')} 00000 n \n`));
  parts.push(`xref\n0 ${objects + 1}\n${rows.join('')}trailer\n<< /Size ${objects + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`);
  return new TextEncoder().encode(parts.join(''));
}

describe('a PDF of hundreds of thousands of objects', () => {
  let dir: string;
  let written: Uint8Array;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-pdf-size-'));
    const meta = metadataSchema.parse({ title: 'A very large file', lang: 'en' });
    const headings = Array.from({ length: bookmarks }, (_, i) => `Heading ${i + 1}`);
    written = await setPdfMetadata(hugePdf(), meta, { date: new Date(0), creator: 'test', producer: 'test', headings });
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is read and written whole: every object kept, metadata added, qpdf finds no fault', async () => {
    const file = new PdfFile(written);
    expect(file.offsets.size).toBeGreaterThan(objects);
    expect(file.trailer.get('Size')).toBe(objects + 3);
    expect(file.object(objects)).toEqual(new PdfString(`filler ${objects}`));
    expect(pageTexts(file)).toEqual([[]]);
    const target = path.join(dir, 'huge.pdf');
    await writeFile(target, written);
    await checkPdf(target);
  }, 120_000);

  it('gives all 50,000 bookmarks their heading’s text, once', () => {
    const file = new PdfFile(written);
    const outlines = file.dict(file.dict(file.trailer.get('Root'))!.get('Outlines'))!;
    const titles: string[] = [];
    for (let ref = outlines.get('First'); ref instanceof PdfRef; ref = file.dict(ref)!.get('Next')) titles.push((file.dict(ref)!.get('Title') as PdfString).bytes);
    expect(titles).toHaveLength(bookmarks);
    expect(titles[0]).toBe('Heading 1');
    expect(titles[bookmarks - 1]).toBe(`Heading ${bookmarks}`);
    expect(titles.every((title, i) => title === `Heading ${i + 1}`)).toBe(true);
  });
});
