import { forbiddenCharacters } from '../document/html-facts.ts';

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

/**
 * The characters of `texts` (code points; a lone surrogate as itself), each once, in the order
 * they first appear: what `new Set(texts.join(''))` holds, made with a table of the code units
 * seen rather than a string iterator and a hash lookup for each of them (the font subsetter and
 * the fallback planner read the whole text, and its other case, this way).
 */
export function distinctCharacters(...texts: string[]): Set<string> {
  const text = texts.join('');
  const seen = new Uint8Array(0x10000);
  const found = new Set<string>();
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        found.add(text.slice(i, i + 2));
        i++;
        continue;
      }
    }
    if (seen[unit]) continue;
    seen[unit] = 1;
    found.add(text[i]);
  }
  return found;
}
