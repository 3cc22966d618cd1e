import type { Element } from 'hast';
import { h } from 'hastscript';
import type { Metadata } from '../../config/metadata.ts';
import { labelsFor, type LabelKey } from '../../text/labels.ts';

/** What to call the reviewed work in the credits, by its schema.org type. */
/** The label a schema.org type of work is named by in the credits. */
const workLabels: Record<string, LabelKey> = { Movie: 'film', TVSeries: 'series', Book: 'book', MusicAlbum: 'album', VideoGame: 'game', TheaterEvent: 'play' };

/** `2026-11-25` → `25 November 2026` (in the text's language); partial dates stay as written. */
export function formatDate(date: string, lang: string): string {
  if (!/^\d{4}-\d{2}-\d{2}/.test(date)) return date;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(date.slice(0, 10) + 'T00:00:00Z'));
}

/** Authors as one line: `A`, `A and B`, `A, B and C` (in the text's language). */
export function joinNames(names: readonly string[], lang: string): string {
  return new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }).format(names);
}

/**
 * The title block every format opens with: title, subtitle, author (only when given),
 * date and the credits of the work it is about. Built from metadata alone.
 */
export function titleBlock(meta: Metadata, options: { headingId?: string } = {}): Element {
  const { headingId = 'title' } = options;
  const byline: Array<Element | string> = [];
  if (meta.author?.length) byline.push(h('span.author', joinNames(meta.author, meta.lang)));
  if (meta.date) {
    if (byline.length > 0) byline.push(h('span.separator', { ariaHidden: 'true' }, ' · '));
    byline.push(h('time', { dateTime: meta.date }, formatDate(meta.date, meta.lang)));
  }

  const credits: Element[] = [];
  if (meta.about) {
    const labels = labelsFor(meta);
    credits.push(h('dt', labels[workLabels[meta.about.type] ?? 'about']), h('dd.work', meta.about.name));
    if (meta.about.cast.length > 0) {
      const cast = meta.about.cast.map((person) => (person.role ? `${person.name} (${person.role})` : person.name));
      credits.push(h('dt', labels.cast), h('dd', cast.join(', ')));
    }
  }

  return h('header.title-block', [
    h('h1.title', { id: headingId }, meta.title),
    meta.subtitle ? h('p.subtitle', meta.subtitle) : undefined,
    byline.length > 0 ? h('p.byline', byline) : undefined,
    credits.length > 0 ? h('dl.credits', credits) : undefined,
  ]);
}

/** Publisher and rights, when the front matter gives them: a book prints them on the title page's verso. */
export function colophon(meta: Metadata): Element | undefined {
  if (!meta.publisher && !meta.rights) return undefined;
  return h('footer.colophon', [meta.publisher ? h('p.publisher', meta.publisher) : undefined, meta.rights ? h('p.rights', meta.rights) : undefined]);
}
