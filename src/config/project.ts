import { createHash } from 'node:crypto';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Point } from 'unist';
import { VFile } from 'vfile';
import { fail } from '../diagnostics.ts';
import { isInside, realPathOf } from '../output/guard.ts';
import { limits, readRegularFile } from '../regular-file.ts';
import { TemplateError } from '../templates/template.ts';
import type { ConfigSource } from '../document/read.ts';
import { findConfigs, loadConfig, type LoadedConfig } from './load.ts';
import { layerOf, loadTemplateOnce, resolveSettings, templateHint, type PublicationSettings, type SettingsLayer, type TemplateCache } from './resolve.ts';
import type { ChapterEntry, Config, PublicationConfig } from './settings.ts';

/** What the command line says: its settings (each left out falls back to front matter, config, defaults) and how to run. */
export interface Flags extends SettingsLayer {
  /** `[i, n]`: build only the i-th of n stable slices of the project's publications (1-based). */
  shard?: [number, number];
  /** Run a JS/TS config even when it is not in the working directory (`--trust-config`). */
  trustConfig?: boolean;
  /** The config file to read instead of looking for `octavo.config.*` (`--config`). */
  config?: string;
}

/** A part of a book: its title and the chapters (indexes into the chapter list) it holds. */
export interface PartPlan {
  title: string;
  first: number;
  count: number;
}

/** One publication to build: what it is made of, and its settings (settled but for those front matter may still give). */
export interface PublicationPlan {
  input: string;
  name?: string;
  /** Chapter files in order, when the config lists them. */
  chapters?: string[];
  parts: PartPlan[];
  /** Metadata defaults from the config (publication over project), under the front matter. */
  metadata: Record<string, unknown>;
  settings: PublicationSettings;
  /** The config the metadata defaults came from, for paths it names (`cover`) and messages about them. */
  config?: ConfigSource;
  /** Where the config set the output folder or name, for a message refusing them. */
  outputSource?: { file: VFile; place?: Point };
  /** Templates loaded while planning (to check the config's), shared by the run's builds. */
  templates: TemplateCache;
}

export interface ProjectPlan {
  /** Config files read, with their messages. */
  files: VFile[];
  /** Empty when the config has errors. */
  publications: PublicationPlan[];
  /** The config file, if there is one: watch mode watches it too. */
  configPath?: string;
}

const isDirectory = (target: string) => stat(target).then((info) => info.isDirectory(), () => false);

/** The stable slice a publication falls in: by a hash of its name, so adding one moves no other. */
export function shardOf(key: string, count: number): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) % count;
}

/**
 * A path the config names must lie inside the config's folder once every link is followed;
 * one that does not is refused at its place. Returns whether it is inside.
 */
async function insideProject(loaded: LoadedConfig, relative: string, place: PropertyKey[], what: string): Promise<boolean> {
  const root = await realPathOf(loaded.dir);
  const real = await realPathOf(path.resolve(loaded.dir, relative));
  if (isInside(real, root)) return true;
  const throughLink = isInside(path.resolve(loaded.dir, relative), path.resolve(loaded.dir));
  fail(loaded.file, `${what} \`${relative}\` is outside the project folder${throughLink ? ' (through a symbolic link)' : ''}`, {
    place: loaded.placeOf(place),
    ruleId: 'config-path-outside',
    hint: `Paths in ${path.basename(loaded.file.path)} stay inside the folder that holds it; copy the file into the project`,
  });
  return false;
}

/** Chapter paths (relative to the config) made absolute and checked; problems placed at their entry. */
async function resolveChapters(entries: ChapterEntry[], loaded: LoadedConfig, keyPath: PropertyKey[]): Promise<{ chapters: string[]; parts: PartPlan[] } | undefined> {
  const chapters: string[] = [];
  const parts: PartPlan[] = [];
  let ok = true;
  const add = async (relative: string, place: PropertyKey[]) => {
    const absolute = path.resolve(loaded.dir, relative);
    if (!(await insideProject(loaded, relative, place, 'Chapter'))) {
      ok = false;
      return;
    }
    const info = await stat(absolute).catch(() => undefined);
    if (!info?.isFile()) {
      fail(loaded.file, `Chapter \`${relative}\` ${info ? 'is not a file' : 'not found'}`, { place: loaded.placeOf(place), ruleId: 'config-chapter-missing', hint: `Chapter paths are relative to ${path.basename(loaded.file.path)}` });
      ok = false;
      return;
    }
    if (chapters.includes(absolute)) {
      fail(loaded.file, `Chapter \`${relative}\` is listed twice`, { place: loaded.placeOf(place), ruleId: 'config-chapter-twice', hint: 'List each chapter file once' });
      ok = false;
      return;
    }
    chapters.push(absolute);
  };
  for (const [index, entry] of entries.entries()) {
    if (typeof entry === 'string') {
      await add(entry, [...keyPath, index]);
      continue;
    }
    const first = chapters.length;
    for (const [inner, relative] of entry.chapters.entries()) await add(relative, [...keyPath, index, 'chapters', inner]);
    parts.push({ title: entry.part, first, count: chapters.length - first });
  }
  return ok ? { chapters, parts } : undefined;
}

/** A template the config names must exist, unless the command line names another; said at the config's line, not the manuscript's. */
async function checkTemplate(loaded: LoadedConfig, settings: PublicationSettings, inputDir: string, place: PropertyKey[], templates: TemplateCache): Promise<boolean> {
  const name = settings.given.config?.template;
  if (name === undefined || settings.given['command line']?.template !== undefined) return true;
  try {
    await loadTemplateOnce(name, inputDir, templates);
    return true;
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    fail(loaded.file, error.message, { place: loaded.placeOf(place), ruleId: 'template-missing', hint: templateHint });
    return false;
  }
}

/**
 * The default name of a project's artifacts, when its config gives no `name`: the `name` of the
 * package.json beside the config (without its scope), else the config's folder's name. It stays
 * the same however the manuscript is split into chapters, listed or not (docs: "Output names").
 */
async function projectName(dir: string): Promise<string> {
  // Read as any file of the project: a regular file inside its folder, else not at all.
  const manifest = await readRegularFile(path.join(dir, 'package.json'), { within: await realpath(dir), maxBytes: limits.text }).then((bytes) => JSON.parse(bytes.toString('utf8')) as { name?: unknown }, () => undefined);
  const named = typeof manifest?.name === 'string' ? manifest.name.replace(/^@[^/]+\//, '') : '';
  return /^[\w.-]+$/.test(named) ? named : path.basename(path.resolve(dir));
}

/** Project-level metadata and settings, without the keys that describe the project's shape. */
function defaultsOf(raw: Record<string, unknown>): Record<string, unknown> {
  const { chapters: _chapters, publications: _publications, name: _name, ...rest } = raw;
  return rest;
}

/**
 * Turns the command line and the optional `octavo.config.*` into the publications to build.
 * The config is the one `--config` names, else looked for beside the manuscript (in the input
 * folder, or the folder of an input file), then in the working directory. Each publication's
 * settings are settled by the one rule of `config/resolve.ts`; front matter's `template` and
 * `paper` join after the read.
 */
export async function planProject(input: string | undefined, flags: Flags = {}, options: PlanOptions = {}): Promise<ProjectPlan> {
  const given = input ?? 'manuscript';
  const inputDir = (await isDirectory(given)) ? given : path.dirname(given);
  const besideInput = flags.config ? [] : await findConfigs(inputDir);
  const found = flags.config ? [flags.config] : besideInput.length > 0 ? besideInput : await findConfigs(process.cwd());
  if (found.length > 1) {
    // Which one would win is a rule nobody remembers: neither is read, and both are named.
    const file = new VFile({ path: found[1], cwd: process.cwd() });
    const names = found.map((candidate) => `\`${path.relative(process.cwd(), candidate) || candidate}\``);
    fail(file, `There are ${found.length} config files here: ${names.join(' and ')}; Octavo reads one, so none was read`, { place: { line: 1, column: 1 }, ruleId: 'config-ambiguous', hint: 'Keep one of them (move the other\'s settings into it), or name the one to read with --config' });
    return { files: [file], publications: [], configPath: found[0] };
  }
  const configPath = found[0];
  // A config found (not named with --config) is the project's: it must really lie in the folder it was found in.
  const within = configPath && !flags.config ? path.dirname(configPath) : undefined;
  const loaded = configPath ? await loadConfig(configPath, { scripts: await scriptPolicy(configPath, flags, options), within }) : undefined;
  if (loaded && !loaded.config) return { files: [loaded.file], publications: [], configPath };
  const config: Config = loaded?.config ?? {};
  const raw = loaded?.raw ?? {};
  const files = loaded ? [loaded.file] : [];
  if (loaded) {
    const named: Array<[string, PropertyKey[], string]> = [];
    if (config.out) named.push([config.out, ['out'], 'Output folder']);
    for (const [index, entry] of (config.publications ?? []).entries()) {
      named.push([entry.input, ['publications', index, 'input'], 'Input']);
      if (entry.out) named.push([entry.out, ['publications', index, 'out'], 'Output folder']);
    }
    let confined = true;
    for (const [relative, place, what] of named) confined = (await insideProject(loaded, relative, place, what)) && confined;
    if (!confined) return { files, publications: [], configPath };
  }
  const templates: TemplateCache = new Map();
  const plan = (source: { input: string; name?: string; index?: number }, own: Partial<PublicationConfig>, metadata: Record<string, unknown>): PublicationPlan => {
    // The config's settings, the publication's own over the project's; the one rule (`resolveSettings`) puts the flags over them.
    const fromConfig: SettingsLayer = { ...layerOf(config), ...layerOf(own) };
    if (fromConfig.out !== undefined) fromConfig.out = path.resolve(loaded!.dir, fromConfig.out);
    const settings = resolveSettings({ 'command line': layerOf(flags), config: fromConfig });
    // Where the config chose the output (a message refusing it points there); a flag's choice has no place.
    const outputKeys = source.index === undefined ? [['name'], ['out']] : [['publications', source.index, 'name'], ['publications', source.index, 'out'], ['out']];
    const written = loaded && settings.out.source !== 'command line' ? outputKeys.find((key) => loaded.placeOf(key) && hasKey(raw, key)) : undefined;
    return {
      input: source.input,
      name: source.name,
      outputSource: written && { file: loaded!.file, place: loaded!.placeOf(written) },
      config: loaded && {
        file: loaded.file,
        place: (key: string) => loaded.placeOf(source.index !== undefined && hasKey(raw, ['publications', source.index, key]) ? ['publications', source.index, key] : [key]),
      },
      parts: [],
      metadata,
      templates,
      settings,
    };
  };

  // Several publications: when the config lists them and no one manuscript was named.
  const namedOne = input !== undefined && !(loaded && path.resolve(input) === loaded.dir);
  if (config.publications && loaded && !namedOne) {
    let publications = config.publications.map((entry, index) => {
      const { input: entryInput, name, ...own } = entry;
      const writtenOwn = (raw.publications as Array<Record<string, unknown>>)[index];
      const { input: _input, name: _name, ...ownRaw } = writtenOwn;
      return plan({ input: path.resolve(loaded.dir, entryInput), name, index }, own, { ...defaultsOf(raw), ...ownRaw });
    });
    let templatesOk = true;
    for (const [index, publication] of publications.entries()) {
      const own = (raw.publications as Array<Record<string, unknown>>)[index].template !== undefined;
      const dir = (await isDirectory(publication.input)) ? publication.input : path.dirname(publication.input);
      templatesOk = (await checkTemplate(loaded, publication.settings, dir, own ? ['publications', index, 'template'] : ['template'], templates)) && templatesOk;
    }
    if (!templatesOk) return { files, publications: [], configPath };
    if (flags.shard) {
      const [slice, count] = flags.shard;
      publications = publications.filter((publication) => shardOf(publication.name ?? publication.input, count) === slice - 1);
    }
    return { files, publications, configPath };
  }

  const singleInput = config.chapters && loaded && input === undefined ? loaded.dir : given;
  // The project's own manuscript (no input named, or the config's folder) is named after the
  // project; an input named on the command line after itself (`read.ts`).
  const projectDefault = loaded && !namedOne && (await isDirectory(singleInput));
  const single = plan({ input: singleInput, name: config.name ?? (projectDefault ? await projectName(loaded.dir) : undefined) }, {}, defaultsOf(raw));
  if (loaded && !(await checkTemplate(loaded, single.settings, inputDir, ['template'], templates))) return { files, publications: [], configPath };
  if (config.chapters && loaded) {
    const resolved = await resolveChapters(config.chapters, loaded, ['chapters']);
    if (!resolved) return { files, publications: [], configPath };
    single.chapters = resolved.chapters;
    single.parts = resolved.parts;
  }
  return { files, publications: [single], configPath };
}

export interface PlanOptions {
  /** Whether a JS/TS config may be run at all (default: true; `check` says false: it never runs code). */
  runConfig?: boolean;
}

function hasKey(raw: Record<string, unknown>, keys: PropertyKey[]): boolean {
  let at: unknown = raw;
  for (const key of keys) {
    if (typeof at !== 'object' || at === null || !(key in at)) return false;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return true;
}

/**
 * Who may run code: a JS/TS config is a program, and a manuscript folder is data. It runs
 * when it sits in the working directory (the project you run Octavo from), or with
 * `--trust-config`; one beside a manuscript elsewhere is refused, and `check` never runs one.
 */
async function scriptPolicy(configPath: string, flags: Flags, options: PlanOptions): Promise<'run' | 'skip' | 'refuse'> {
  if (options.runConfig === false) return 'skip';
  if (flags.trustConfig) return 'run';
  const real = (target: string) => realpath(target).catch(() => path.resolve(target));
  return (await real(path.dirname(path.resolve(configPath)))) === (await real(process.cwd())) ? 'run' : 'refuse';
}
