import { describe, expect, it } from 'vitest';
import { textCharacters } from '../../src/fonts/load.ts';
import { distinctCharacters } from '../../src/text/characters.ts';

describe('distinctCharacters', () => {
  it('holds what a Set of the texts joined holds, in the same order: astral characters whole, lone surrogates as themselves', () => {
    const texts = ['Ballerina ✨ 𝔸𝔹 é', 'e\u0301 ə̃ \ud800x \udc00 ', '🪦👍🏽 Ωmega σς ΣΑΣ', 'end\ud83d', '\ude00 start'];
    expect([...distinctCharacters(...texts)]).toEqual([...new Set(texts.join(''))]);
    let random = '';
    for (let i = 0; i < 5000; i++) random += String.fromCharCode([0x41 + (i % 26), 0xe9, 0xd835, 0xdd38, 0x301, 0xdc00, 0x3a3][(i * 7919) % 7]);
    expect([...distinctCharacters(random, 'tail')]).toEqual([...new Set(`${random}tail`)]);
  });
});

describe('textCharacters', () => {
  it('gives the letters typed with marks after them, as the subsetter reads them, and looks for them only in a text with a mark', () => {
    expect(textCharacters('plain text, no marks').clusters).toEqual([]);
    expect(textCharacters('nasal ə̃ and e\u0301 and ə̃').clusters).toEqual(['ə̃', 'e\u0301', 'ə̃']);
    expect([...textCharacters('abca').characters]).toEqual(['a', 'b', 'c']);
  });
});
