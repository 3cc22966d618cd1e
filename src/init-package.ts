import { isMap, LineCounter, parseDocument, type Scalar } from 'yaml';

/** The parts of a package.json `octavo init` reads and adds to. */
export type Manifest = Record<string, unknown> & { name?: string; scripts?: Record<string, string>; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };

/** How a package.json is laid out, so that it is written back the same way. */
export interface PackageStyle {
  indent: string;
  newline: '\n' | '\r\n';
  finalNewline: boolean;
}

export interface PackageProblem {
  reason: string;
  place: { line: number; column: number };
  hint: string;
}

const byHand = 'Add the scripts `build: octavo build` and a devDependency on octavo by hand (or with `npm pkg set`), then run init again';

/** The text a manifest is written as, in the given style (npm's own, two spaces, by default). */
export function writePackage(manifest: Manifest, style: PackageStyle = { indent: '  ', newline: '\n', finalNewline: true }): string {
  return JSON.stringify(manifest, null, style.indent).replace(/\n/g, style.newline) + (style.finalNewline ? style.newline : '');
}

function placeAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/**
 * A package.json's manifest and layout, or why init cannot add to it without changing what is
 * there: not JSON, a key given twice (JSON.parse keeps the last, silently), `scripts` or a
 * dependency list that is not an object, or a layout `JSON.stringify` does not give back (its
 * own spacing, escapes or key order within one line) — each placed in the file.
 */
export function readPackage(text: string): { manifest: Manifest; style: PackageStyle } | { problem: PackageProblem } {
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    const offset = /at position (\d+)/.exec((error as Error).message)?.[1];
    return { problem: { reason: `package.json is not valid JSON (${(error as Error).message.replace(/ in JSON at position \d+.*$/s, '')})`, place: placeAt(text, Number(offset ?? 0)), hint: 'Fix the JSON at this place' } };
  }
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    return { problem: { reason: 'package.json is not a JSON object', place: { line: 1, column: 1 }, hint: 'A package.json is an object: `{ "name": … }`' } };
  }
  // JSON is YAML: its parser gives every key's place, and says where a key is repeated.
  const lines = new LineCounter();
  const document = parseDocument(text, { uniqueKeys: true, lineCounter: lines });
  const repeated = document.errors.find((error) => error.code === 'DUPLICATE_KEY');
  if (repeated) {
    const { line, col } = lines.linePos(repeated.pos[0]);
    return { problem: { reason: 'package.json gives a key twice: JSON readers keep only the last, so init would lose the first', place: { line, column: col }, hint: 'Remove one of the two, then run init again' } };
  }
  const keyPlace = (key: string) => {
    const item = isMap(document.contents) ? document.contents.items.find((pair) => (pair.key as Scalar | undefined)?.value === key) : undefined;
    const { line, col } = lines.linePos((item?.key as Scalar | undefined)?.range?.[0] ?? 0);
    return { line, column: col };
  };
  for (const key of ['scripts', 'dependencies', 'devDependencies']) {
    const value = (manifest as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { problem: { reason: `\`${key}\` in package.json is ${Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'null' : `a ${typeof value}`}, not an object of names and ${key === 'scripts' ? 'commands' : 'versions'}`, place: keyPlace(key), hint: `Make it an object, e.g. \`"${key}": { ${key === 'scripts' ? '"build": "octavo build"' : '"octavo": "^0.1.0"'} }\`` } };
    }
  }
  const indent = /^([ \t]+)"/m.exec(text)?.[1] ?? '  ';
  const style: PackageStyle = { indent, newline: text.includes('\r\n') ? '\r\n' : '\n', finalNewline: /\n$/.test(text) };
  const again = writePackage(manifest as Manifest, style);
  if (again !== text) {
    let offset = 0;
    while (offset < text.length && text[offset] === again[offset]) offset++;
    return { problem: { reason: 'package.json is laid out in a way init cannot write back unchanged (its spacing, escapes or line breaks differ from JSON.stringify with its indentation from this place on)', place: placeAt(text, offset), hint: byHand } };
  }
  return { manifest: manifest as Manifest, style };
}
