import type { Element, ElementContent } from 'hast';

/** Where each `mathvariant`'s capital A, small a and digit 0 stand in Mathematical Alphanumeric Symbols. */
const variants: Record<string, { latin: number; digit?: number; greek?: number }> = {
  bold: { latin: 0x1d400, digit: 0x1d7ce, greek: 0x1d6a8 },
  italic: { latin: 0x1d434, greek: 0x1d6e2 },
  'bold-italic': { latin: 0x1d468, greek: 0x1d71c },
  script: { latin: 0x1d49c },
  'bold-script': { latin: 0x1d4d0 },
  fraktur: { latin: 0x1d504 },
  'double-struck': { latin: 0x1d538, digit: 0x1d7d8 },
  'bold-fraktur': { latin: 0x1d56c },
  'sans-serif': { latin: 0x1d5a0, digit: 0x1d7e2 },
  'bold-sans-serif': { latin: 0x1d5d4, digit: 0x1d7ec, greek: 0x1d756 },
  'sans-serif-italic': { latin: 0x1d608 },
  'sans-serif-bold-italic': { latin: 0x1d63c, greek: 0x1d790 },
  monospace: { latin: 0x1d670, digit: 0x1d7f6 },
};

/** Letters Unicode had before the block, whose places in it are empty (ℝ, not U+1D549). */
const older: Record<string, Record<string, number>> = {
  italic: { h: 0x210e },
  script: { B: 0x212c, E: 0x2130, F: 0x2131, H: 0x210b, I: 0x2110, L: 0x2112, M: 0x2133, R: 0x211b, e: 0x212f, g: 0x210a, o: 0x2134 },
  fraktur: { C: 0x212d, H: 0x210c, I: 0x2111, R: 0x211c, Z: 0x2128 },
  'double-struck': { C: 0x2102, H: 0x210d, N: 0x2115, P: 0x2119, Q: 0x211a, R: 0x211d, Z: 0x2124 },
};

/** One character in a `mathvariant`, or itself when Unicode has no such letter. */
export function mathLetter(char: string, variant: string): string {
  const place = variants[variant];
  if (!place) return char;
  const own = older[variant]?.[char];
  if (own) return String.fromCodePoint(own);
  const code = char.codePointAt(0)!;
  if (code >= 0x41 && code <= 0x5a) return String.fromCodePoint(place.latin + code - 0x41);
  if (code >= 0x61 && code <= 0x7a) return String.fromCodePoint(place.latin + 26 + code - 0x61);
  if (place.digit && code >= 0x30 && code <= 0x39) return String.fromCodePoint(place.digit + code - 0x30);
  // Α…Ω (without the unassigned U+03A2), then α…ω, 26 places after the capitals' start.
  if (place.greek && code >= 0x391 && code <= 0x3a9 && code !== 0x3a2) return String.fromCodePoint(place.greek + code - 0x391);
  if (place.greek && code >= 0x3b1 && code <= 0x3c9) return String.fromCodePoint(place.greek + 26 + code - 0x3b1);
  return char;
}

const opening = new Set(['(', '[', '{', '⟨', '|', '‖', '⌊', '⌈']);

const textOf = (node: ElementContent | undefined): string => (!node ? '' : node.type === 'text' ? node.value : node.type === 'element' ? node.children.map(textOf).join('') : '');

/**
 * KaTeX's MathML made to print as TeX does in browsers that implement MathML Core (Chromium):
 * - `mathvariant` other than `normal` is not drawn by them (`\mathbb{R}` printed an italic R):
 *   each letter becomes its Unicode mathematical letter (ℝ, 𝔤, 𝓛) and the attribute goes.
 * - After an operator name (`\det`, `\max_j`, `\sin`), the function application U+2061 gets
 *   TeX's thin space before an ordinary atom (`\det A`), none before a bracket (`\det(A)`):
 *   it printed "detA".
 */
export function texLikeMathml(node: Element): void {
  const variant = node.properties.mathvariant;
  if ((node.tagName === 'mi' || node.tagName === 'mn') && typeof variant === 'string' && variant !== 'normal' && variants[variant]) {
    for (const child of node.children) if (child.type === 'text') child.value = [...child.value].map((char) => mathLetter(char, variant)).join('');
    delete node.properties.mathvariant;
  }
  node.children.forEach((child, index) => {
    if (child.type !== 'element') return;
    if (child.tagName === 'mo' && textOf(child) === '\u2061') {
      const next = node.children.slice(index + 1).find((item) => item.type === 'element');
      const first = [...textOf(next).trim()][0];
      if (first === undefined || !opening.has(first)) child.properties.rspace = '0.1667em';
    }
    texLikeMathml(child);
  });
}
