import type { VFile } from 'vfile';
import { bcp47FromLocale, metadataSchema, type Metadata } from '../config/metadata.ts';
import { frontMatterKeys, frontMatterSchema } from '../config/settings.ts';
import type { SettingsLayer } from '../config/resolve.ts';
import { fail, note, warn } from '../diagnostics.ts';
import { cleanStrings } from '../text/characters.ts';
import { didYouMean } from '../suggest.ts';
import type { FrontMatter } from './plugins/front-matter.ts';

type Place = { line: number; column: number };

declare module 'vfile' {
  interface DataMap {
    /** The output settings the front matter gives (`template`, `paper`), split off its metadata: for `resolveOutput`, never in `Publication.meta`. */
    outputSettings: Pick<SettingsLayer, 'template' | 'paper' | 'chapterLevel'>;
  }
}

/** Where a key path sits in the source file: the value's start, else the front matter's start. */
export function placeOf(matter: FrontMatter | undefined, path: PropertyKey[]): Place {
  if (!matter) return { line: 1, column: 1 };
  return matter.locate(path) ?? { line: matter.line, column: 1 };
}

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[key] : undefined), value);
}

/** Where a top-level key itself is written (for keys that are wrong, not their values). */
function placeOfKey(matter: FrontMatter | undefined, key: string): Place {
  return matter?.locate([key], { key: true }) ?? placeOf(matter, [key]);
}

/**
 * Validates front matter against its schema. Every problem becomes a message on `file` at the
 * offending value; returns the metadata, or undefined when it is unusable. The output settings
 * front matter may give are split off into `file.data.outputSettings`.
 */
export function readMetadata(file: VFile, defaults: Record<string, unknown> = {}): Metadata | undefined {
  const matter = file.data.frontMatter;
  // A YAML escape can write any character (`"\a"`, `"\uFFFE"`): those no artifact can hold are taken out, and said.
  const written = cleanStrings((matter?.value ?? {}) as Record<string, unknown>, (keys, character) =>
    warn(file, `A control character or noncharacter (${character}) in \`${keys.join('.')}\` was removed: HTML, EPUB and PDF metadata cannot hold it`, {
      place: placeOf(matter, keys),
      ruleId: 'forbidden-character',
      hint: 'Remove the escape (`\\a`, `\\u…`) from the value',
    }),
  );

  for (const key of Object.keys(written)) {
    if (frontMatterKeys.has(key)) continue;
    warn(file, `Unknown front matter key \`${key}\` was ignored`, {
      place: placeOfKey(matter, key),
      ruleId: 'unknown-key',
      hint: `${didYouMean(key, frontMatterKeys).trim()} Known keys: ${[...frontMatterKeys].join(', ')}`.trim(),
    });
  }

  const locale = typeof written.lang === 'string' ? bcp47FromLocale(written.lang) : undefined;
  if (locale) {
    note(file, `\`lang: ${String(written.lang)}\` is a locale name; it was read as the language tag \`${locale}\``, {
      place: placeOf(matter, ['lang']),
      ruleId: 'lang-locale',
      hint: `Write \`lang: ${locale}\` (BCP 47, with a dash) to say it as the formats do`,
    });
  }

  // The config's metadata are defaults the front matter overrides; they were validated where they are written.
  // Its output settings are not: the config gives those to the resolve stage itself.
  const input = { ...pick(defaults, metadataKeys), ...written };
  const result = frontMatterSchema.safeParse(input);
  if (result.success) {
    const { template, paper, chapterLevel, ...meta } = result.data;
    file.data.outputSettings = { template, paper, chapterLevel };
    return meta;
  }
  for (const issue of result.error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : 'front matter';
    const missing = issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined;
    const reason = missing
      ? `Front matter needs \`${key}\``
      : `Front matter \`${key}\` ${issue.message}`;
    const hint = missing
      ? key === 'title'
        ? 'Add `title: Your title` between `---` lines at the top of the first file (or to octavo.config.yaml)'
        : `Add \`${key}: …\` to the front matter between the \`---\` lines`
      : key === 'lang'
        ? 'Write a language tag such as `en`, `en-GB`, `de` or `pt-BR`'
        : metadataHint(issue.path);
    fail(file, reason, { place: placeOf(matter, issue.path), ruleId: `meta-${String(issue.path[0] ?? 'shape')}`, hint });
  }
  return undefined;
}

const metadataKeys: ReadonlySet<string> = new Set(Object.keys(metadataSchema.shape));

function pick(values: Record<string, unknown>, keys: ReadonlySet<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => keys.has(key)));
}

function metadataHint(keys: PropertyKey[]): string {
  const description = frontMatterSchema.shape[String(keys[0]) as keyof typeof frontMatterSchema.shape]?.description;
  return description ? `\`${String(keys[0])}\`: ${description}` : 'See the front matter table in the README';
}
