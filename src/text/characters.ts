/**
 * Characters no artifact may hold: C0 controls but tab, line feed and carriage return (XML 1.0
 * forbids them; form feed too), C1 controls and DEL, Unicode noncharacters (U+FDD0–FDEF, and
 * U+xFFFE/U+xFFFF of every plane) and lone surrogates. Text pasted from word processors and PDFs
 * carries them, and a YAML string can write any of them as an escape (`"\a"`, `"\uFFFE"`).
 */
export const forbiddenCharacters = new RegExp(
  `[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uFDD0-\\uFDEF\\uD800-\\uDFFF${Array.from({ length: 17 }, (_, plane) => `\\u{${plane.toString(16)}FFFE}\\u{${plane.toString(16)}FFFF}`).join('')}]`,
  'gu',
);

/** Markdown source may keep form feeds (a page break some editors write; whitespace to the parser). */
export const forbiddenInSource = new RegExp(forbiddenCharacters.source.replace('\\u000C', ''), 'gu');

/** `text` without the forbidden characters. */
export function withoutForbidden(text: string): string {
  return text.replace(forbiddenCharacters, '');
}

/** `U+0007`: the first forbidden character of `text`, for a message, or undefined when there is none. */
export function firstForbidden(text: string): string | undefined {
  const found = text.match(new RegExp(forbiddenCharacters.source, 'u'));
  return found ? `U+${found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

/**
 * A copy of a parsed value (front matter, a config) with every string cleaned; `onFound` is
 * told the key path and first character of each string that held forbidden characters.
 */
export function cleanStrings<T>(value: T, onFound: (keys: PropertyKey[], character: string) => void, keys: PropertyKey[] = []): T {
  if (typeof value === 'string') {
    const first = firstForbidden(value);
    if (!first) return value;
    onFound(keys, first);
    return withoutForbidden(value) as T;
  }
  if (Array.isArray(value)) return value.map((item, index) => cleanStrings(item, onFound, [...keys, index])) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cleanStrings(item, onFound, [...keys, key])])) as T;
  }
  return value;
}
