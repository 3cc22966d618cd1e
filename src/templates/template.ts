import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const fontSpec = z.object({
  family: z.string().min(1).describe('CSS font-family name the stylesheets use.'),
  package: z.string().regex(/^@fontsource(-variable)?\//, 'must be an @fontsource package').describe('npm package that ships the face.'),
  weights: z.array(z.number().int().min(100).max(900)).min(1),
  styles: z.array(z.enum(['normal', 'italic'])).min(1),
  use: z.enum(['always', 'code']).default('always').describe('`code`: embedded only when the text has code.'),
});

const manifestSchema = z.object({
  name: z.string().min(1),
  description: z.string().default(''),
  fonts: z.array(fontSpec).default([]),
});

export type FontSpec = z.output<typeof fontSpec>;

/** A template: its font choices and one stylesheet per medium. */
export interface Template {
  name: string;
  description: string;
  dir: string;
  fonts: FontSpec[];
  /** Typography shared by every medium. */
  baseCss: string;
  /** The HTML page on screens. */
  screenCss: string;
  /** Paper: the PDF, and the HTML page when printed. */
  printCss: string;
  /** E-readers: kept simple, so reading systems and readers' settings can override it. */
  epubCss: string;
  /** The generated e-book cover (1600 × 2560 px). */
  coverCss: string;
}

/** Octavo's own templates, beside `src/`. */
export const builtInTemplates = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates');

export interface LoadTemplateOptions {
  /** Folders searched in order for `<name>/` (default: Octavo's own templates). */
  searchPath?: string[];
}

/** Loads `templates/<name>/`: template.json (name, fonts) and its four stylesheets. */
export async function loadTemplate(name: string, options: LoadTemplateOptions = {}): Promise<Template> {
  const searchPath = options.searchPath ?? [builtInTemplates];
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(name)) throw new Error(`Template name \`${name}\` must be letters, digits and dashes`);
  for (const folder of searchPath) {
    const dir = path.join(folder, name);
    const manifestText = await readFile(path.join(dir, 'template.json'), 'utf8').catch(() => undefined);
    if (manifestText === undefined) continue;
    const manifest = manifestSchema.parse(JSON.parse(manifestText));
    const css = (file: string) => readFile(path.join(dir, file), 'utf8').catch(() => '');
    const [baseCss, screenCss, printCss, epubCss, coverCss] = await Promise.all(
      ['base.css', 'screen.css', 'print.css', 'epub.css', 'cover.css'].map(css),
    );
    return { ...manifest, dir, baseCss, screenCss, printCss, epubCss, coverCss };
  }
  throw new Error(`No template \`${name}\` in ${searchPath.join(', ')}`);
}
