import { afterEach, describe, expect, it, vi } from 'vitest';
import { scanContent } from '../../src/pdf/text.ts';

/** A tagged page's content as Chromium writes it: each run of text in a marked-content sequence with its MCID. */
function taggedPage(runs: number): Buffer {
  const parts = ['BT /F1 10 Tf'];
  for (let i = 0; i < runs; i++) parts.push(`/P <</MCID ${i}>> BDC 72 ${700 - i} Td [(Run) -250 (${i})] TJ EMC`);
  parts.push('/Span <</ActualText <FEFF0054 0068>>> BDC <0001> Tj EMC ET /Im1 Do');
  return Buffer.from(parts.join('\n'), 'latin1');
}

describe('reading a content stream', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives each text operator its last name and strings', () => {
    const seen: Array<[string, string | undefined, string[]]> = [];
    scanContent(taggedPage(2), (op, name, strings) => seen.push([op, name, strings.map((bytes) => Buffer.from(bytes).toString('latin1'))]));
    expect(seen).toEqual([
      ['BT', undefined, []],
      ['Tf', 'F1', []],
      ['BDC', 'MCID', []],
      ['TJ', undefined, ['Run', '0']],
      ['EMC', undefined, []],
      ['BDC', 'MCID', []],
      ['TJ', undefined, ['Run', '1']],
      ['EMC', undefined, []],
      ['BDC', 'ActualText', ['\u00fe\u00ff\u0000T\u0000h']],
      ['Tj', undefined, ['\u0000\u0001']],
      ['EMC', undefined, []],
      ['ET', undefined, []],
      ['Do', 'Im1', []],
    ]);
  });

  it('makes no string of a name or an operator it does not hand on', () => {
    // Each of a tagged page's names (/P, /MCID) became a string through Buffer#toString, a call into
    // C++ each: 35,549 of them for the CommonMark spec's 137 pages, 121 ms of a cold build.
    const toString = vi.spyOn(Buffer.prototype, 'toString');
    let visits = 0;
    scanContent(taggedPage(1000), () => visits++);
    expect(visits).toBe(1000 * 3 + 7);
    expect(toString).not.toHaveBeenCalled();
  });
});
