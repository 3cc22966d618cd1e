import { fail } from '../diagnostics.ts';
import { placeOf } from '../document/metadata.ts';
import type { Publication } from '../document/publication.ts';
import type { Paper } from '../templates/paper.ts';
import { loadTemplate, templateSearchPath, TemplateError, type Template } from '../templates/template.ts';
import { formats as allFormats, type Format } from '../writers/formats.ts';

/**
 * Every setting of a build, by the name the flags and the config give it. The resolve stage
 * is the one place they are settled: `resolveSettings` before the read, `resolveOutput` after
 * it (front matter may give `template` and `paper`).
 */
export interface Settings {
  formats: Format[];
  /** The output folder. */
  out: string;
  template: string;
  paper: Paper;
  /** A one-file manuscript is made into chapters at its headings of this rank or higher (0: never). */
  chapterLevel: number;
  printMarks: boolean;
  htmlSplit: boolean;
  strict: boolean;
}

/** The settings' names, as the config writes them. */
export const settingKeys = ['formats', 'out', 'template', 'paper', 'chapterLevel', 'printMarks', 'htmlSplit', 'strict'] as const satisfies ReadonlyArray<keyof Settings>;

/** What one source says: any of the settings; each left out falls through to the next source. */
export type SettingsLayer = Partial<Settings>;

/** Where a setting's value came from, in the order they win. */
export const settingSources = ['command line', 'front matter', 'config', 'template', 'default'] as const;
export type SettingSource = (typeof settingSources)[number];

export interface Setting<T> {
  value: T;
  source: SettingSource;
}

/**
 * The one precedence rule for a setting: the command line, then the manuscript's front matter,
 * then the config, then the template's, then Octavo's default. Returns the winner and its source.
 */
export function settle<T>(candidates: Partial<Record<SettingSource, T | undefined>>): Setting<T> {
  for (const source of settingSources) {
    const value = candidates[source];
    if (value !== undefined) return { value, source };
  }
  throw new Error('A setting needs a default');
}

/** What the command line (or a library caller, who speaks as it does) and the config say of one publication. */
export interface GivenSettings {
  'command line'?: SettingsLayer;
  /** The config's, the publication's own over the project's; `out` already made absolute. */
  config?: SettingsLayer;
}

/**
 * A publication's settings, settled, each with where it came from: the one shape the build,
 * the watcher and the preview read. `template` and `paper` are settled by `resolveOutput` once
 * the front matter is read; until then `given` keeps what the command line and config said.
 */
export interface PublicationSettings {
  formats: Setting<Format[]>;
  out: Setting<string>;
  printMarks: Setting<boolean>;
  htmlSplit: Setting<boolean>;
  strict: Setting<boolean>;
  given: GivenSettings;
}

/** The settings among `values` (flags, a library caller's options, a config), and nothing else. */
export function layerOf(values: Partial<Record<keyof Settings, unknown>>): SettingsLayer {
  return Object.fromEntries(settingKeys.flatMap((key) => (values[key] === undefined ? [] : [[key, values[key]]])));
}

/** Settles every setting front matter cannot give, by the one rule. */
export function resolveSettings(given: GivenSettings = {}): PublicationSettings {
  const one = <K extends keyof Settings>(key: K, fallback: Settings[K]) => settle<Settings[K]>({ 'command line': given['command line']?.[key], config: given.config?.[key], default: fallback });
  return {
    formats: one('formats', [...allFormats]),
    out: one('out', 'dist'),
    printMarks: one('printMarks', false),
    htmlSplit: one('htmlSplit', false),
    strict: one('strict', false),
    given,
  };
}

/** What to say when a template name does not resolve, wherever it was written. */
export const templateHint = 'Name a folder of templates/ beside the manuscript or in the project, or a built-in template: handout, book';

/** Templates loaded in one run, by name and search path: a template the config names is loaded to check it, and not again to build. */
export type TemplateCache = Map<string, Promise<Template>>;

/** Loads a template once per cache (once per run of the command). */
export function loadTemplateOnce(name: string, manuscriptDir: string, cache: TemplateCache = new Map()): Promise<Template> {
  const searchPath = templateSearchPath(manuscriptDir);
  const key = JSON.stringify([name, searchPath]);
  let template = cache.get(key);
  if (!template) {
    template = loadTemplate(name, { searchPath });
    cache.set(key, template);
    template.catch(() => cache.delete(key));
  }
  return template;
}

/** The output settings of one publication, settled, each with where it came from. */
export interface ResolvedOutput {
  template: Template;
  paper: Paper;
  /** The heading rank a one-file manuscript is made into chapters at (0: never; `chaptersFromHeadings`). */
  chapterLevel: number;
  sources: { template: SettingSource; paper: SettingSource; chapterLevel: SettingSource };
}

/** A template problem already reported as a message on the manuscript. */
export class TemplateReported extends Error {}

/**
 * Settles the template, the paper and the chapter level of a publication that has been read: by the one
 * precedence rule, the front matter's (split off its metadata by the reader) between the
 * command line's and the config's, the template loaded once. A front-matter template name that
 * does not resolve is an error at its line (`TemplateReported`); a config's was checked when
 * the config was read, at its own line.
 */
export async function resolveOutput(publication: Publication, settings: PublicationSettings = resolveSettings(), templates?: TemplateCache): Promise<ResolvedOutput> {
  const [file] = publication.files;
  const { 'command line': flags = {}, config = {} } = settings.given;
  const matter = file.data.outputSettings ?? {};
  const name = settle<string>({ 'command line': flags.template, 'front matter': matter.template, config: config.template, default: 'handout' });
  let template: Template;
  try {
    template = await loadTemplateOnce(name.value, publication.root, templates);
  } catch (error) {
    if (name.source === 'front matter' && error instanceof TemplateError) {
      fail(file, error.message, { place: placeOf(file.data.frontMatter, ['template']), ruleId: 'template-missing', hint: templateHint });
      throw new TemplateReported(error.message);
    }
    throw error;
  }
  const paper = settle<Paper>({ 'command line': flags.paper, 'front matter': matter.paper, config: config.paper, template: template.papers[0] });
  const chapterLevel = settle<number>({ 'command line': flags.chapterLevel, 'front matter': matter.chapterLevel, config: config.chapterLevel, template: template.chapterLevel });
  return { template, paper: paper.value, chapterLevel: chapterLevel.value, sources: { template: name.source, paper: paper.source, chapterLevel: chapterLevel.source } };
}
