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
