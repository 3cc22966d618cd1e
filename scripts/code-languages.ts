// The index of every grammar starry-night ships (GitHub's, about 700): which scope a fence's
// language name or file extension means. `npm run languages` writes
// src/document/code-languages.json from the installed starry-night, so a build loads only the
// grammars its code blocks use (importing them all costs 1.5 s); tests/unit/code-languages.test.ts
// keeps the file in step with the installed version.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const indexFile = 'src/document/code-languages.json';

export interface CodeLanguageIndex {
  /** starry-night's version: a new one may add grammars or names. */
  version: string;
  /** Name → scope (`tsx` → `source.tsx`). */
  names: Record<string, string>;
  /** Extension with its dot → scope (`.rs` → `source.rust`). */
  extensions: Record<string, string>;
  /** Extensions that hold a dot themselves (`.blade.php`) → scope. */
  extensionsWithDot: Record<string, string>;
}

export async function codeLanguageIndex(): Promise<CodeLanguageIndex> {
  const { all } = await import('@wooorm/starry-night');
  const require = createRequire(import.meta.url);
  const manifest = path.join(path.dirname(require.resolve('@wooorm/starry-night')), 'package.json');
  const index: CodeLanguageIndex = { version: (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version, names: {}, extensions: {}, extensionsWithDot: {} };
  // In starry-night's own order, the first grammar to claim a name keeps it (as its flagToScope does: a Map filled in order, later ones overwrite).
  for (const grammar of all) {
    for (const name of grammar.names) index.names[name] = grammar.scopeName;
    for (const extension of grammar.extensions) index.extensions[extension] = grammar.scopeName;
    for (const extension of grammar.extensionsWithDot ?? []) index.extensionsWithDot[extension] = grammar.scopeName;
  }
  const sorted = (record: Record<string, string>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { version: index.version, names: sorted(index.names), extensions: sorted(index.extensions), extensionsWithDot: sorted(index.extensionsWithDot) };
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === '--write') writeFileSync(indexFile, `${JSON.stringify(await codeLanguageIndex())}\n`);
