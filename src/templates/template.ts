import { realpath } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { isInside } from '../output/guard.ts';
import { octavoRoot } from '../paths.ts';
import { limits, NotReadable, readRegularFile } from '../regular-file.ts';
import { confineCss, type CssProblem } from './confine-css.ts';
import { paperNames, type Paper } from './paper.ts';

const fontSpec = z.object({
  family: z.string().min(1).describe('CSS font-family name the stylesheets use.'),
  // One package name, nothing after it: `@fontsource/../../x` would reach outside node_modules.
  package: z.string().regex(/^@fontsource(-variable)?\/[a-z0-9][a-z0-9._-]*$/, 'must be an @fontsource package name, e.g. @fontsource/literata').describe('npm package that ships the face.'),
  weights: z.array(z.number().int().min(100).max(900)).min(1),
  styles: z.array(z.enum(['normal', 'italic'])).min(1),
  use: z.enum(['always', 'code']).default('always').describe('`code`: embedded only when the text has code.'),
});

const manifestSchema = z.object({
  name: z.string().min(1),
  description: z.string().default(''),
  fonts: z.array(fontSpec).default([]),
  papers: z
    .array(z.enum(paperNames as [Paper, ...Paper[]]))
    .min(1)
    .default(['a4', 'letter'])
    .describe('Paper sizes the design is made for; the first is the default.'),
  paginate: z
    .enum(['browser', 'pagedjs'])
    .default('browser')
    .describe('`browser`: Chromium lays out the pages (fast). `pagedjs`: Paged.js does, for running chapter titles, page-numbered contents and page footnotes.'),
  footnotes: z
    .enum(['end', 'page'])
    .default('end')
    .describe('`end`: notes after each chapter. `page`: at the foot of the page that calls them (needs `paginate: pagedjs`).'),
  hyphenate: z.boolean().default(true).describe('Hyphenate the printed text with the language’s patterns (soft hyphens; the e-book and web page are left to the reader).'),
  fitLastPage: z
    .boolean()
    .default(false)
    .describe('When the last page of a text of up to 12 pages would hold only a few lines, print again with `--octavo-fit` below 1 (up to 6% smaller) so the text ends a page earlier.'),
  chapterLevel: z
    .number()
    .int()
    .min(0)
    .max(6)
    .default(0)
    .describe('A one-file manuscript becomes chapters at its headings of this rank or higher (1: each `#` heading); 0: it stays one text.'),
  tocDepth: z.number().int().min(1).max(6).default(3).describe('Deepest heading rank the contents list.'),
});

export type FontSpec = z.output<typeof fontSpec>;
export type TemplateManifest = z.output<typeof manifestSchema>;

/** A template: its settings (template.json), font choices and one stylesheet per medium. */
export interface Template extends TemplateManifest {
  dir: string;
  /** Typography shared by every medium. */
  baseCss: string;
  /** The HTML page on screens. */
  screenCss: string;
  /** Paper: the PDF, and the HTML page when printed. */
  printCss: string;
  /** E-readers: kept simple, so reading systems and readers' settings can override it. */
  epubCss: string;
  /**
   * The HTML page printed from a browser, for a template Paged.js paginates (its print.css is
   * written for Paged.js): optional `page-print.css`, plain CSS a browser prints by itself.
   */
  pagePrintCss: string;
  /** The generated e-book cover (1600 × 2560 px). */
  coverCss: string;
  /** References the stylesheets made that were removed (remote, outside the folder, missing). */
  problems: CssProblem[];
}

/** Octavo's own templates, beside `src/`. */
export const builtInTemplates = path.join(octavoRoot, 'templates');

export interface LoadTemplateOptions {
  /** Folders searched in order for `<name>/`, before Octavo's own templates. */
  searchPath?: string[];
}

/**
 * Where templates are looked for: the manuscript folder's `templates/`, the project's
 * (the working directory's) `templates/`, then Octavo's own.
 */
export function templateSearchPath(manuscriptDir: string, projectDir = process.cwd()): string[] {
  return [...new Set([path.join(manuscriptDir, 'templates'), path.join(projectDir, 'templates'), builtInTemplates].map((dir) => path.resolve(dir)))];
}

/** A template that cannot be used: its own file and what is wrong. */
export class TemplateError extends Error {}

/** Loads `<name>/` from the first folder of the search path that has it: template.json and its stylesheets. */
export async function loadTemplate(name: string, options: LoadTemplateOptions = {}): Promise<Template> {
  const searchPath = [...new Set([...(options.searchPath ?? []), builtInTemplates])];
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(name)) throw new TemplateError(`Template name \`${name}\` must be letters, digits and dashes`);
  for (const folder of searchPath) {
    const dir = path.join(folder, name);
    const manifestFile = path.join(dir, 'template.json');
    const realDir = await realpath(dir).catch(() => undefined);
    if (realDir === undefined) continue;
    // A project's template, and each file of it, stays inside the project (the folder holding templates/), links followed.
    const home = folder === builtInTemplates ? realDir : await realpath(path.dirname(folder));
    if (!isInside(realDir, home)) throw new TemplateError(`Template \`${name}\` is a link to \`${realDir}\`, outside the project; it was not used`);
    let manifestText: string;
    try {
      manifestText = (await readRegularFile(manifestFile, { within: realDir, maxBytes: limits.text })).toString('utf8');
    } catch (error) {
      if (!(error instanceof NotReadable)) throw error;
      if (error.kind === 'missing') continue;
      if (error.kind === 'outside') throw new TemplateError(`${manifestFile} is a link to a file outside the template folder; it was not read`);
      throw new TemplateError(`${manifestFile} cannot be read: ${error.why}`);
    }
    const manifest = parseManifest(manifestText, manifestFile);
    const problems: CssProblem[] = [];
    const css = async (file: string) => {
      let text = '';
      try {
        text = (await readRegularFile(path.join(dir, file), { within: realDir, maxBytes: limits.text })).toString('utf8');
      } catch (error) {
        if (!(error instanceof NotReadable)) throw error;
        // A template need not have every stylesheet.
        if (error.kind === 'outside') problems.push({ file: path.join(dir, file), line: 1, column: 1, reason: `\`${file}\` is a link to a file outside the template folder; it was not read`, ruleId: 'resource-outside', hint: 'Copy the stylesheet into the template folder' });
        else if (error.kind !== 'missing') problems.push({ file: path.join(dir, file), line: 1, column: 1, reason: `\`${file}\` cannot be read: ${error.why}; it was left out`, ruleId: 'missing-resource', hint: 'Make the stylesheet a regular file in the template folder' });
      }
      const confined = confineCss(text, { file: path.join(dir, file), dir });
      problems.push(...confined.problems);
      return confined.css;
    };
    const [baseCss, screenCss, printCss, epubCss, coverCss, pagePrintCss] = await Promise.all(
      ['base.css', 'screen.css', 'print.css', 'epub.css', 'cover.css', 'page-print.css'].map(css),
    );
    return { ...manifest, dir, baseCss, screenCss, printCss, epubCss, coverCss, pagePrintCss, problems };
  }
  throw new TemplateError(`No template \`${name}\` in ${searchPath.map((folder) => path.relative(process.cwd(), folder) || '.').join(', ')}`);
}

function parseManifest(text: string, file: string): TemplateManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TemplateError(`${file}: not JSON: ${(error as Error).message}`);
  }
  const result = manifestSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `\`${issue.path.join('.') || '(root)'}\` ${issue.message}`);
    throw new TemplateError(`${file}: ${problems.join('; ')}`);
  }
  if (result.data.footnotes === 'page' && result.data.paginate !== 'pagedjs') {
    throw new TemplateError(`${file}: \`footnotes: page\` needs \`paginate: pagedjs\`; Chromium alone cannot put notes at the foot of a page`);
  }
  return result.data;
}
