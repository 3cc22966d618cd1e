import { fail } from '../diagnostics.ts';
import { placeOf } from '../document/metadata.ts';
import type { Publication } from '../document/publication.ts';
import type { Paper } from '../templates/paper.ts';
import { loadTemplate, templateSearchPath, TemplateError, type Template } from '../templates/template.ts';

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

/** The output settings a build asks for; each left out falls back by `settle`. */
export interface OutputRequest {
  /** `--template`. */
  template?: string;
  /** `--paper`. */
  paper?: Paper;
  templates?: TemplateCache;
}

/** The output settings of one publication, settled, each with where it came from. */
export interface ResolvedOutput {
  template: Template;
  paper: Paper;
  sources: { template: SettingSource; paper: SettingSource };
}

/** A template problem already reported as a message on the manuscript. */
export class TemplateReported extends Error {}

/**
 * Settles the template and the paper of a publication that has been read: by the one
 * precedence rule, the template loaded once. A front-matter template name that does not
 * resolve is an error at its line (`TemplateReported`); a config's was checked when the config
 * was read, at its own line.
 */
export async function resolveOutput(publication: Publication, request: OutputRequest = {}): Promise<ResolvedOutput> {
  const [file] = publication.files;
  const matter = file.data.frontMatter?.value;
  const written = (typeof matter === 'object' && matter !== null ? matter : {}) as Record<string, unknown>;
  // The reader merged the config's defaults under the front matter: `meta` holds the winner of the two.
  const fromManuscript = <K extends 'template' | 'paper'>(key: K) => ({
    'front matter': key in written ? publication.meta[key] : undefined,
    config: key in written ? undefined : publication.meta[key],
  });
  const name = settle<string>({ 'command line': request.template, ...fromManuscript('template'), default: 'handout' });
  let template: Template;
  try {
    template = await loadTemplateOnce(name.value, publication.root, request.templates);
  } catch (error) {
    if (name.source === 'front matter' && error instanceof TemplateError) {
      fail(file, error.message, { place: placeOf(file.data.frontMatter, ['template']), ruleId: 'template-missing', hint: templateHint });
      throw new TemplateReported(error.message);
    }
    throw error;
  }
  const paper = settle<Paper>({ 'command line': request.paper, ...fromManuscript('paper'), template: template.papers[0] });
  return { template, paper: paper.value, sources: { template: name.source, paper: paper.source } };
}
