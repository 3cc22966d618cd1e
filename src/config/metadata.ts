import * as z from 'zod';
import { labelKeys } from '../text/labels.ts';

/**
 * A POSIX locale name as Jekyll, Hugo and the shell write it (`en_US`, `de_DE.UTF-8`) in BCP 47
 * form (`en-US`), or undefined when `tag` is not one.
 */
export function bcp47FromLocale(tag: string): string | undefined {
  const match = /^([a-z]{2,3})_([a-z]{2}|\d{3})(?:\.[\w-]+)?(?:@\w+)?$/i.exec(tag.trim());
  return match ? `${match[1].toLowerCase()}-${match[2].toUpperCase()}` : undefined;
}

/** A BCP 47 language tag, checked by the platform's own parser (`Intl`); a POSIX locale name is read as its tag. */
const languageTag = z.preprocess(
  (value) => (typeof value === 'string' ? (bcp47FromLocale(value) ?? value) : value),
  z.string().refine((tag) => {
    try {
      return Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      return false;
    }
  }, 'is not a BCP 47 language tag (for example `en`, `en-GB`, `pt-BR`)'),
);

/** One string or a list of them; always a list afterwards. */
const stringList = z
  .union([z.string().min(1), z.array(z.string().min(1))])
  .transform((value) => (Array.isArray(value) ? value : [value]));

/**
 * A date, or a date and time as YAML, TOML, Jekyll and Hugo write it (`2021-03-04 10:15:00 +0100`),
 * kept as ISO 8601 / W3CDTF (`2021-03-04T10:15:00+01:00`), the form EPUB, HTML and XMP take.
 */
const dateTime = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)? ?(Z|[+-]\d{2}:?\d{2})?$/i;
const isoDate = z
  .union([z.string(), z.date()])
  .transform((value) => {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    const match = dateTime.exec(value.trim());
    if (!match) return value;
    const [, day, minutes, seconds = ':00', zone] = match;
    const offset = zone === undefined ? '' : /^z$/i.test(zone) ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
    return `${day}T${minutes}${seconds}${offset}`;
  })
  .refine(
    (value) => /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/.test(value) && !Number.isNaN(Date.parse(value)),
    'is not a date in ISO 8601 form (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DD HH:MM:SS +ZZZZ)',
  );

/** A person as Jekyll writes one: a name, or a mapping with a `name` (its `email`, `url`… are not printed). */
const named = z.union([z.string().trim().min(1), z.looseObject({ name: z.string().trim().min(1) }).transform((person) => person.name)]);

/** An author, a list of authors, as names or `{ name, … }` mappings; always a list of names afterwards. */
const authors = z.union([named, z.array(named)]).transform((value) => (Array.isArray(value) ? value : [value]));

const person = z.union([
  z.string().min(1).transform((name) => ({ name, role: undefined as string | undefined })),
  z.object({
    name: z.string().min(1).describe('The person’s name as it should be printed.'),
    role: z.string().min(1).optional().describe('The part they play, as the text names it.'),
  }),
]);

/** The work a review or essay is about: a film, a book, a record. */
const about = z.object({
  type: z.string().min(1).default('CreativeWork').describe('A schema.org type such as `Movie`, `Book`, `MusicAlbum`.'),
  name: z.string().min(1).describe('The work’s title.'),
  cast: z.array(person).default([]).describe('People in the work, with the part each plays.'),
});

/**
 * Publication metadata, read from the manuscript's YAML front matter (or the config): facts
 * about the text, none about its formats. Everything that is not `title` is optional; nothing
 * is invented for what is absent. The settings front matter may also give (`template`, `paper`)
 * are `outputSettingsShape` in settings.ts.
 */
export const metadataSchema = z
  .object({
    title: z.string().trim().min(1, 'must not be empty').describe('The publication’s title.'),
    subtitle: z.string().trim().min(1).optional().describe('A subtitle, printed under the title.'),
    author: authors.optional().describe('Author name, or a list of names; each may be a mapping with a `name` (as Jekyll writes it). Omit it and no author is printed.'),
    lang: languageTag.default('en').describe('The text’s language as a BCP 47 tag (default: `en`); a locale name such as `en_US` is read as `en-US`.'),
    date: isoDate.optional().describe('Publication date, YYYY-MM-DD, or a date and time such as `2021-03-04 10:15:00 +0100`.'),
    description: z.string().trim().min(1).optional().describe('A one-paragraph summary for catalogues, search and the PDF’s Subject.'),
    subjects: stringList.default([]).describe('Subject headings (BISAC, Thema or free text).'),
    keywords: stringList.default([]).describe('Search keywords.'),
    publisher: z.string().trim().min(1).optional().describe('Publisher name.'),
    rights: z.string().trim().min(1).optional().describe('Rights statement. Omit it and none is printed.'),
    identifier: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe('ISBN, UUID or URN. Omit it and a stable UUID is derived from the metadata.'),
    labels: z
      .partialRecord(z.enum(labelKeys), z.string().trim().min(1))
      .optional()
      .describe(`Words Octavo writes itself, in place of those for the text's language (\`contents: Inhalt\`): ${labelKeys.map((key) => `\`${key}\``).join(', ')}.`),
    bibliography: stringList.optional().describe('Bibliography files for `[@key]` citations, relative to the manuscript folder: CSL-JSON (`.json`), BibTeX or BibLaTeX (`.bib`), CSL YAML (`.yaml`).'),
    csl: z.string().trim().min(1).optional().describe('A CSL style file (`.csl`) for citations and the bibliography, relative to the manuscript folder (default: APA).'),
    about: about.optional().describe('The work this text reviews or discusses.'),
    cover: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe('A cover image (JPEG or PNG, ideally 1600 × 2560) inside the manuscript folder. Omit it and one is made from the title.'),
  });

/** Metadata as written by an author (before defaults). */
export type MetadataInput = z.input<typeof metadataSchema>;
/** Metadata after validation and defaults: what every writer sees. */
export type Metadata = z.output<typeof metadataSchema>;
