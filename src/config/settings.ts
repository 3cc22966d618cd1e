import * as z from 'zod';
import { paperNames, type Paper } from '../templates/paper.ts';
import { formats, type Format } from '../writers/formats.ts';
import { metadataSchema } from './metadata.ts';

const relativePath = z
  .string()
  .trim()
  .min(1)
  .refine((value) => !/^([a-z][a-z0-9+.-]*:|\/|\\)/i.test(value), 'must be a path relative to the config file');

/** A part groups chapters: a title page of its own in print, a level of the contents. */
const part = z.object({
  part: z.string().trim().min(1).describe('The part’s title.'),
  chapters: z.array(relativePath).min(1).describe('Its chapter files, in order.'),
});

/**
 * Settings of the output that front matter may give as well as the config and the flags. The
 * reader splits them off the metadata (they never reach `Publication.meta`); `resolveOutput`
 * settles them once the front matter is read.
 */
export const outputSettingsShape = {
  template: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/i, 'must be a template name: letters, digits and dashes')
    .optional()
    .describe('Setting: the template to typeset with (`handout`, `book`, or one in the project’s `templates/`); `--template` overrides it.'),
  paper: z
    .enum(paperNames as [Paper, ...Paper[]])
    .optional()
    .describe(`Setting: the PDF's paper or trim size (${paperNames.join(', ')}; default: the template's first); \`--paper\` overrides it.`),
  chapterLevel: z
    .number()
    .int()
    .min(0)
    .max(6)
    .optional()
    .describe('Setting: a one-file manuscript becomes chapters at its headings of this rank or higher (1: each `#` heading opens a chapter; 0: never; default: the template\'s, 1 in `book`, 0 in `handout`); `--chapter-level` overrides it.'),
};

/** What a manuscript's front matter may hold: the metadata, and the output settings it may give. */
export const frontMatterSchema = metadataSchema.extend(outputSettingsShape);

/** Keys front matter knows: anything else is reported as a likely typo. */
export const frontMatterKeys: ReadonlySet<string> = new Set(Object.keys(frontMatterSchema.shape));

/** Settings of the build itself, which only the config and the flags give. */
export const buildSettingsShape = {
  formats: z
    .array(z.enum(formats as unknown as [Format, ...Format[]]))
    .min(1)
    .optional()
    .describe(`Artifacts to make (${formats.join(', ')}; default: all); \`--format\` overrides it.`),
  out: relativePath.optional().describe('Folder for the artifacts, relative to the config file (default: `dist`); `--out` overrides it.'),
  printMarks: z.boolean().optional().describe('Crop marks and a 3 mm bleed on every PDF page; `--print-marks` turns it on.'),
  htmlSplit: z.boolean().optional().describe('The HTML as a folder of pages, one per chapter, with `index.html` for the contents; `--html-split` turns it on.'),
  strict: z.boolean().optional().describe('Treat every warning as an error; `--strict` turns it on.'),
};

/** The artifacts' base name: a file name, never a path. */
const outputName = z
  .string()
  .regex(/^[\w.-]+$/, 'must be a file name: letters, digits, dots, dashes and underscores')
  .refine((value) => value !== '.' && value !== '..', 'must be a file name, not `.` or `..`');

/** A publication of a project: its manuscript and what it sets differently from the project. */
const publication = z
  .object({
    input: relativePath.describe('The manuscript: a Markdown file or a folder of chapter files, relative to the config file.'),
    name: outputName.optional().describe('Output base name (default: the input’s name: a file’s, or a folder’s however many chapters it holds).'),
  })
  .extend(frontMatterSchema.partial().shape)
  .extend(buildSettingsShape)
  .strict();

/**
 * `octavo.config.{json,yaml,js,ts}`: defaults for the publication's metadata (front matter
 * wins over them), build settings, and what the manuscript is made of.
 */
export const configSchema = frontMatterSchema
  .partial()
  .extend(buildSettingsShape)
  .extend({
    // VS Code and other editors complete and check a JSON file that names its schema.
    $schema: z.string().optional().describe('The JSON Schema editors check this file against (`./node_modules/octavo/schema/octavo.config.schema.json`); the build ignores it.'),
    chapters: z
      .array(z.union([relativePath, part]))
      .min(1)
      .optional()
      .describe('Chapter files in reading order, relative to the config file; `{ part, chapters }` groups some under a part. Default: the folder’s Markdown files in name order.'),
    // A config whose chapters sit in its own folder would otherwise name the artifacts after that folder (a checkout's name).
    name: outputName.optional().describe('Output base name (default: the project’s: package.json’s `name`, else the config’s folder; an input named on the command line, its own); each of `publications:` has its own.'),
    publications: z
      .array(publication)
      .min(1)
      .optional()
      .describe('Several publications built by one command (sharing one browser), each `{ input, name?, …settings }`.'),
  })
  .strict();

export type Config = z.output<typeof configSchema>;
/** What an `octavo.config.*` may hold, before defaults: the type `defineConfig` checks. */
export type ConfigInput = z.input<typeof configSchema>;
export type PublicationConfig = z.output<typeof publication>;
export type ChapterEntry = NonNullable<Config['chapters']>[number];

/** Keys only a config file has (they describe the project, not one text). */
export const projectOnlyKeys: ReadonlySet<string> = new Set(['chapters', 'name', 'publications']);
