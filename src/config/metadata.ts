import { z } from 'zod';

/** A BCP 47 language tag, checked by the platform's own parser (`Intl`). */
const languageTag = z
  .string()
  .refine((tag) => {
    try {
      return Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      return false;
    }
  }, 'is not a BCP 47 language tag (for example `en`, `en-GB`, `pt-BR`)');

/** One string or a list of them; always a list afterwards. */
const stringList = z
  .union([z.string().min(1), z.array(z.string().min(1))])
  .transform((value) => (Array.isArray(value) ? value : [value]));

const isoDate = z
  .union([z.string(), z.date()])
  .transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value))
  .refine(
    (value) => /^\d{4}(-\d{2}(-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?)?)?$/.test(value) && !Number.isNaN(Date.parse(value)),
    'is not a date in ISO 8601 form (YYYY, YYYY-MM or YYYY-MM-DD)',
  );

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
    author: stringList.optional().describe('Author name, or a list of names. Omit it and no author is printed.'),
    lang: languageTag.default('en').describe('The text’s language as a BCP 47 tag (default: `en`).'),
    date: isoDate.optional().describe('Publication date, YYYY-MM-DD.'),
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
