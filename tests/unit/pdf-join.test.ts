import { describe, expect, it } from 'vitest';
import { PdfFile } from '../../src/pdf/file.ts';
import { CannotJoin, joinPdfs } from '../../src/pdf/join.ts';
import { PdfName, PdfRef, PdfString, type PdfValue } from '../../src/pdf/objects.ts';

/** A PDF of the given object bodies (numbered from 1, the last the catalog), with a classic cross-reference table, as Chromium writes one. */
function pdf(objects: string[]): Uint8Array {
  let text = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(text.length);
    text += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  text += `trailer\n<</Size ${objects.length + 1} /Root ${objects.length} 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

/**
 * One part as Chromium prints it: one page with a link (StructParent 100000) to `link`, a
 * heading of level `level` titled `title` and the paragraph holding the link, a destination
 * named `target` on its page, and an outline of the one heading.
 */
function part(title: string, level: number, target: string, link: string, catalogExtra = ''): Uint8Array {
  return pdf([
    /* 1 page */ '<</Type /Page /MediaBox [0 0 420 595] /Annots [2 0 R] /Contents 3 0 R /StructParents 0 /Tabs /S /Parent 4 0 R>>',
    /* 2 link */ `<</Type /Annot /Subtype /Link /Rect [10 10 50 20] /Dest /${link} /StructParent 100000>>`,
    /* 3 content */ '<</Length 0>>\nstream\n\nendstream',
    /* 4 pages */ '<</Type /Pages /Count 1 /Kids [1 0 R]>>',
    /* 5 dests */ `<</${target} [1 0 R /XYZ 6 500 0]>>`,
    /* 6 heading */ `<</Type /StructElem /S /H${level} /P 8 0 R /Pg 1 0 R /K 0 /ID (h-${target})>>`,
    /* 7 paragraph */ '<</Type /StructElem /S /P /P 8 0 R /K [<</Type /OBJR /Obj 2 0 R /Pg 1 0 R>>]>>',
    /* 8 document */ '<</Type /StructElem /S /Document /Lang (en) /P 9 0 R /K [6 0 R 7 0 R]>>',
    /* 9 root */ '<</Type /StructTreeRoot /K 8 0 R /ParentTreeNextKey 1 /ParentTree 10 0 R /IDTree 13 0 R>>',
    /* 10 parent tree */ '<</Type /ParentTree /Nums [0 11 0 R 100000 7 0 R]>>',
    /* 11 page's marked content */ '[6 0 R]',
    /* 12 outline */ '<</Type /Outlines /First 14 0 R /Last 14 0 R /Count 1>>',
    /* 13 id tree */ `<</Names [(h-${target}) 6 0 R]>>`,
    /* 14 item */ `<</Title (${title}) /Dest [1 0 R /XYZ 50 500 0] /Parent 12 0 R /SE 6 0 R>>`,
    /* 15 catalog */ `<</Type /Catalog /Pages 4 0 R /Dests 5 0 R /MarkInfo <</Type /MarkInfo /Marked true>> /StructTreeRoot 9 0 R /Outlines 12 0 R /Lang (en)${catalogExtra}>>`,
  ]);
}

const ref = (value: PdfValue | undefined) => value as PdfRef;

describe('joining the parts of one print (joinPdfs)', () => {
  const joined = new PdfFile(joinPdfs([part('Chapter', 1, 'one', 'two'), part('Section', 2, 'two', 'one')]));
  const catalog = joined.dict(joined.trailer.get('Root'))!;

  it('keeps every page in order under one page tree', () => {
    const pages = joined.dict(catalog.get('Pages'))!;
    const kids = pages.get('Kids') as PdfRef[];
    expect(pages.get('Count')).toBe(2);
    expect(kids.map((kid) => joined.dict(kid)!.get('Parent'))).toEqual([catalog.get('Pages'), catalog.get('Pages')]);
  });

  it('makes one structure tree: the Document element holds both parts, keys renumbered', () => {
    const root = joined.dict(catalog.get('StructTreeRoot'))!;
    const document = joined.dict(root.get('K'))!;
    const kids = document.get('K') as PdfRef[];
    expect(kids.map((kid) => (joined.dict(kid)!.get('S') as PdfName).name)).toEqual(['H1', 'P', 'H2', 'P']);
    expect(kids.every((kid) => ref(joined.dict(kid)!.get('P')).num === ref(root.get('K')).num)).toBe(true);
    expect(root.get('ParentTreeNextKey')).toBe(2);
    const pages = joined.dict(catalog.get('Pages'))!.get('Kids') as PdfRef[];
    expect(pages.map((page) => joined.dict(page)!.get('StructParents'))).toEqual([0, 1]);
    const links = pages.map((page) => joined.dict((joined.resolve(joined.dict(page)!.get('Annots')) as PdfRef[])[0])!);
    expect(links.map((link) => link.get('StructParent'))).toEqual([100000, 100001]);
    const nums = joined.resolve(joined.dict(root.get('ParentTree'))!.get('Nums')) as PdfValue[];
    expect(nums.filter((_, index) => index % 2 === 0)).toEqual([0, 1, 100000, 100001]);
    // Each key leads to the elements of its own part: page 2's marked content is part 2's heading.
    const second = (joined.resolve(nums[3]) as PdfRef[])[0];
    expect((joined.dict(second)!.get('S') as PdfName).name).toBe('H2');
    expect(ref(nums[7]).num).toBe(kids[3].num);
    const ids = joined.resolve(joined.dict(root.get('IDTree'))!.get('Names')) as PdfValue[];
    expect(ids.filter((_, index) => index % 2 === 0).map((id) => (id as PdfString).bytes)).toEqual(['h-one', 'h-two']);
  });

  it("nests a later part's section under the chapter of the part before", () => {
    const outlines = joined.dict(catalog.get('Outlines'))!;
    const chapter = joined.dict(outlines.get('First'))!;
    expect((chapter.get('Title') as PdfString).bytes).toBe('Chapter');
    expect(outlines.get('Count')).toBe(2);
    expect(chapter.get('Next')).toBeUndefined();
    const section = joined.dict(chapter.get('First'))!;
    expect((section.get('Title') as PdfString).bytes).toBe('Section');
    const pages = joined.dict(catalog.get('Pages'))!.get('Kids') as PdfRef[];
    expect(ref((section.get('Dest') as PdfValue[])[0]).num).toBe(pages[1].num);
  });

  it('resolves a link into the other part by its named destination', () => {
    const dests = joined.dict(catalog.get('Dests'))!;
    const pages = joined.dict(catalog.get('Pages'))!.get('Kids') as PdfRef[];
    expect([...dests.keys()]).toEqual(['one', 'two']);
    expect(ref((dests.get('two') as PdfValue[])[0]).num).toBe(pages[1].num);
    expect(ref((dests.get('one') as PdfValue[])[0]).num).toBe(pages[0].num);
  });

  it('refuses what it does not know how to join, so the caller prints at once', () => {
    const untagged = pdf(['<</Type /Page /MediaBox [0 0 420 595] /Parent 2 0 R>>', '<</Type /Pages /Count 1 /Kids [1 0 R]>>', '<</Type /Catalog /Pages 2 0 R>>']);
    expect(() => joinPdfs([untagged, untagged])).toThrow(CannotJoin);
    // Page labels are not joined (Chromium writes none): refused, not dropped.
    expect(() => joinPdfs([part('Chapter', 1, 'one', 'two', ' /PageLabels <</Nums [0 <</S /r>>]>>'), part('Section', 2, 'two', 'one')])).toThrow(CannotJoin);
  });
});
