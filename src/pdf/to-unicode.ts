import type { PdfFile } from './file.ts';
import { PdfStream } from './file.ts';
import { PdfName, PdfRef, type PdfDict, type PdfValue } from './objects.ts';
import { ligatureTexts } from './read.ts';
import { parseToUnicode, repairsMapping } from './text.ts';
import type { NewObject } from './write.ts';

const hex = (value: number, digits: number) => value.toString(16).toUpperCase().padStart(digits, '0');
const utf16 = (text: string) => Array.from({ length: text.length }, (_, i) => hex(text.charCodeAt(i), 4)).join('');

/** A ToUnicode CMap for two-byte codes (§9.10.3): every entry as bfchar, a hundred a block. */
function toUnicodeCMap(map: ReadonlyMap<number, string>): string {
  const entries = [...map].filter(([, text]) => text.length > 0).sort(([a], [b]) => a - b);
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const block = entries.slice(i, i + 100);
    blocks.push(`${block.length} beginbfchar\n${block.map(([code, text]) => `<${hex(code, 4)}> <${utf16(text)}>`).join('\n')}\nendbfchar`);
  }
  return `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
${blocks.join('\n')}
endcmap
CMapName currentdict /CMap defineresource pop
end
end
`;
}

/**
 * New ToUnicode maps for the fonts whose ligature glyphs Chromium mapped to fewer characters
 * than they stand for (see `ligatureTexts`), so that every reader (search, copy, screen readers,
 * Octavo's own text check) reads "This" and not "Tis". Replaces the map objects in place.
 * `known`: the ligatures already read from this same file (`readPdf`), so it is not scanned again.
 */
export function repairedToUnicodeMaps(file: PdfFile, known: ReadonlyMap<PdfDict, ReadonlyMap<number, string>> = ligatureTexts(file)): Array<[number, NewObject]> {
  const repaired: Array<[number, NewObject]> = [];
  for (const [font, ligatures] of known) {
    const ref = font.get('ToUnicode');
    const stream = file.resolve(ref);
    if (!(ref instanceof PdfRef) || !(stream instanceof PdfStream)) continue;
    const map = parseToUnicode(file.streamData(stream).toString('latin1'));
    let changed = false;
    for (const [code, text] of ligatures) {
      if (!repairsMapping(map.get(code), text)) continue;
      map.set(code, text);
      changed = true;
    }
    if (!changed) continue;
    const dict = new Map<string, PdfValue>([['Type', new PdfName('CMap')]]);
    repaired.push([ref.num, { dict, data: new TextEncoder().encode(toUnicodeCMap(map)) }]);
  }
  return repaired;
}
