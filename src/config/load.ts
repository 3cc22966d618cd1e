import { access, realpath } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { VFile } from 'vfile';
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document, visit as visitYaml } from 'yaml';
import { fail, note, warn } from '../diagnostics.ts';
import { limits, NotReadable, readRegularFile } from '../regular-file.ts';
import { bcp47FromLocale } from './metadata.ts';
import { cleanStrings } from '../text/characters.ts';
import { didYouMean } from '../suggest.ts';
import { configSchema, type Config } from './settings.ts';

/** Config file names, in the order they are looked for. */
export const configNames = ['octavo.config.ts', 'octavo.config.js', 'octavo.config.mjs', 'octavo.config.json', 'octavo.config.yaml', 'octavo.config.yml'];

export interface LoadedConfig {
  /** The config file, holding its messages. */
  file: VFile;
  /** The folder paths in the config are relative to. */
  dir: string;
  /** The values as written (before defaults): merged under front matter, validated again there. */
  raw: Record<string, unknown>;
  /** The values validated; undefined when the file has errors. */
  config?: Config;
  /** Where a key path is written in the file, for messages about its values. */
  placeOf: (keys: PropertyKey[], options?: { key?: boolean }) => { line: number; column: number } | undefined;
}

export interface LoadConfigOptions {
  /**
   * What to do with a JS/TS config (default: `run`): `run` imports it; `skip` reads nothing
   * from it, with a warning; `refuse` is an error. JSON and YAML are always read.
   */
  scripts?: 'run' | 'skip' | 'refuse';
  /** A folder the config must really lie in, links followed: the folder it was found in (default: anywhere, for `--config`). */
  within?: string;
}

/** The config files in `dir`: none, one, or (a mistake the caller reports) more. */
export async function findConfigs(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of configNames) {
    const candidate = path.join(dir, name);
    if (await access(candidate).then(() => true, () => false)) found.push(candidate);
  }
  return found;
}

/** Places in JSON or YAML come from the parser's ranges. */
function yamlPlaces(document: Document, lines: LineCounter) {
  return (keys: PropertyKey[], options: { key?: boolean } = {}) => {
    // A key that is there but wrong (unknown, say) is shown at the key itself.
    const parent = options.key && keys.length > 0 ? (keys.length === 1 ? document.contents : document.getIn(keys.slice(0, -1) as (string | number)[], true)) : undefined;
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === keys[keys.length - 1]);
      if (pair && isNode(pair.key) && pair.key.range) {
        const pos = lines.linePos(pair.key.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    for (let depth = keys.length; depth >= 0; depth--) {
      const node = depth === 0 ? document.contents : document.getIn(keys.slice(0, depth) as (string | number)[], true);
      if (isNode(node) && node.range) {
        const pos = lines.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return undefined;
  };
}

/** Places in a JS or TS module: the first `key:` (or `key =`) written for the last named key. */
function scriptPlaces(source: string) {
  return (keys: PropertyKey[]) => {
    const names = keys.filter((key): key is string => typeof key === 'string');
    for (let index = names.length - 1; index >= 0; index--) {
      const match = new RegExp(`(^|[\\s{,])['"]?${names[index].replace(/[^\w]/g, '\\$&')}['"]?\\s*:`, 'm').exec(source);
      if (match) {
        const before = source.slice(0, match.index + match[1].length).split('\n');
        return { line: before.length, column: before[before.length - 1].length + 1 };
      }
    }
    return undefined;
  };
}

/**
 * A JS or TS config's module, loaded afresh each time so watch mode sees an edit. TypeScript
 * goes through jiti (Node 20 cannot import `.ts`; jiti strips the types in memory and writes no
 * cache); JavaScript is imported by Node itself.
 */
async function importConfigModule(file: string): Promise<{ default?: unknown }> {
  if (/\.[cm]?ts$/.test(file)) {
    const { createJiti } = await import('jiti');
    const jiti = createJiti(import.meta.url, { fsCache: false, moduleCache: false, interopDefault: false });
    return jiti.import(file);
  }
  return import(`${pathToFileURL(file).href}?t=${Date.now()}`);
}

/**
 * Reads and validates a config file. JSON and YAML are parsed with places, so each problem
 * is reported at its line and column; a JS or TS module is imported when `scripts` allows
 * (its default export, or a function returning the config), and problems are placed at the
 * key's first mention.
 */
export async function loadConfig(configPath: string, options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const { scripts = 'run' } = options;
  const file = new VFile({ path: configPath, cwd: process.cwd() });
  const dir = path.dirname(path.resolve(configPath));
  let raw: unknown;
  let placeOf: LoadedConfig['placeOf'] = () => undefined;
  const broken = (): LoadedConfig => ({ file, dir, raw: {}, placeOf });
  try {
    file.value = (await readRegularFile(configPath, { within: options.within, maxBytes: limits.text })).toString('utf8');
  } catch (error) {
    if (!(error instanceof NotReadable)) throw error;
    if (error.kind === 'outside') {
      fail(file, `The config is a link to \`${await realpath(configPath)}\`, outside the folder it was found in; it was not read`, {
        ruleId: 'config-outside',
        hint: 'Copy the config into the project folder, or name it with --config: builds read nothing outside the project',
      });
    } else {
      fail(file, `Cannot read the config file: ${error.why}`, { ruleId: 'config-read', hint: 'Make it a regular file that you may read' });
    }
    return broken();
  }

  if (/\.(json|ya?ml)$/.test(configPath)) {
    const lines = new LineCounter();
    const document = parseDocument(String(file.value), { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    for (const error of document.errors) {
      const pos = lines.linePos(error.pos[0]);
      fail(file, `The config is not valid ${configPath.endsWith('.json') ? 'JSON' : 'YAML'}: ${error.message.split('\n')[0]}`, {
        place: { line: pos.line, column: pos.col },
        ruleId: 'config-syntax',
        hint: configPath.endsWith('.json') ? 'Check for a missing comma or quote on this line or the one before' : 'Each line is `key: value`; quote a value that holds a colon',
      });
    }
    if (document.errors.length > 0) return broken();
    try {
      raw = document.toJS() ?? {};
    } catch (error) {
      // Aliases that expand past yaml's limit (a “billion laughs”): said at the first alias.
      let offset = 0;
      visitYaml(document, { Alias: (_key, alias) => ((offset = alias.range?.[0] ?? 0), visitYaml.BREAK) });
      const pos = lines.linePos(offset);
      fail(file, `The config cannot be read: ${(error as Error).message.split('\n')[0]}`, { place: { line: pos.line, column: pos.col }, ruleId: 'yaml-alias', hint: 'Write the values out instead of repeating them through `&anchor` and `*alias`' });
      return broken();
    }
    placeOf = yamlPlaces(document, lines);
  } else {
    placeOf = scriptPlaces(String(file.value));
    if (scripts !== 'run') {
      const how = 'Run octavo from the folder that holds it (it then counts as your project), pass --trust-config if you trust whoever wrote it, or write the settings as octavo.config.json or .yaml';
      if (scripts === 'skip') {
        warn(file, 'The config is a program, and `check` runs no code: its settings were not read', { place: { line: 1, column: 1 }, ruleId: 'config-not-run', hint: 'Write the settings as octavo.config.json or .yaml for `check` to read them' });
        return { file, dir, raw: {}, config: {}, placeOf };
      }
      fail(file, 'The config is a program beside a manuscript outside the working directory; it was not run', { place: { line: 1, column: 1 }, ruleId: 'config-not-trusted', hint: how });
      return broken();
    }
    try {
      const module = await importConfigModule(path.resolve(configPath));
      raw = typeof module.default === 'function' ? await module.default() : module.default;
    } catch (error) {
      fail(file, `The config module failed to load: ${(error as Error).message.split('\n')[0]}`, { ruleId: 'config-module', hint: 'Export the settings as the default export: `export default { title: "…" }`' });
      return broken();
    }
  }

  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    fail(file, 'The config must be a mapping of settings', { place: placeOf([]), ruleId: 'config-shape', hint: 'Write `key: value` pairs, e.g. `template: book`' });
    return broken();
  }
  const values = cleanStrings(raw as Record<string, unknown>, (keys, character) =>
    warn(file, `A control character or noncharacter (${character}) in \`${keys.join('.')}\` was removed: HTML, EPUB and PDF metadata cannot hold it`, {
      place: placeOf(keys),
      ruleId: 'forbidden-character',
      hint: 'Remove the escape (`\\a`, `\\u…`) from the value',
    }),
  );
  const locale = typeof values.lang === 'string' ? bcp47FromLocale(values.lang) : undefined;
  if (locale) {
    note(file, `\`lang: ${String(values.lang)}\` is a locale name; it was read as the language tag \`${locale}\``, {
      place: placeOf(['lang']),
      ruleId: 'lang-locale',
      hint: `Write \`lang: ${locale}\` (BCP 47, with a dash) to say it as the formats do`,
    });
  }
  const result = configSchema.safeParse(values);
  if (result.success) return { file, dir, raw: values, config: result.data, placeOf };
  for (const issue of result.error.issues) {
    // An unknown key at the top is most often a typo, and harmless; inside a publication, an error.
    if (issue.code === 'unrecognized_keys' && issue.path.length === 0) {
      for (const key of issue.keys) {
        warn(file, `Unknown setting \`${[...issue.path, key].join('.')}\` was ignored`, {
          place: placeOf([...issue.path, key], { key: true }),
          ruleId: 'config-unknown-key',
          hint: `${didYouMean(key, Object.keys(configSchema.shape)).trim()} Known settings: ${Object.keys(configSchema.shape).join(', ')}`.trim(),
        });
      }
      continue;
    }
    const key = issue.path.join('.') || 'config';
    const reason = issue.code === 'unrecognized_keys' ? `Unknown setting${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((name) => `\`${name}\``).join(', ')} in \`${key}\`` : `Setting \`${key}\` ${issue.message}`;
    fail(file, reason, { place: placeOf(issue.path), ruleId: `config-${String(issue.path[0] ?? 'shape')}`, hint: settingHint(issue.path) });
  }
  // Unknown keys alone do not make a config unusable: validate again without them.
  if (!file.messages.some((message) => message.fatal)) {
    const known = Object.fromEntries(Object.entries(values).filter(([key]) => key in configSchema.shape));
    const again = configSchema.safeParse(known);
    if (again.success) return { file, dir, raw: known, config: again.data, placeOf };
  }
  return { file, dir, raw: values, placeOf };
}

function settingHint(keys: PropertyKey[]): string {
  const top = configSchema.shape[String(keys[0]) as keyof typeof configSchema.shape] as { description?: string; unwrap?: () => { description?: string } } | undefined;
  const description = top?.description ?? top?.unwrap?.().description;
  return description ? `\`${String(keys[0])}\`: ${description}` : 'See the settings table in the README';
}
