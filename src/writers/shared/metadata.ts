import type { Metadata } from '../../config/metadata.ts';

/** `Title: Subtitle`, for the browser tab, the PDF's Title and reading systems' lists. */
export function documentTitle(meta: Metadata): string {
  return meta.subtitle ? `${meta.title}: ${meta.subtitle}` : meta.title;
}

/** schema.org description of the page for search engines: a Review when it is about a work. */
export function jsonLd(meta: Metadata): Record<string, unknown> {
  const data: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': meta.about ? 'Review' : 'Article',
    headline: meta.title,
    inLanguage: meta.lang,
  };
  if (meta.subtitle) data.alternativeHeadline = meta.subtitle;
  if (meta.description) data.description = meta.description;
  if (meta.date) data.datePublished = meta.date;
  if (meta.author?.length) data.author = meta.author.map((name) => ({ '@type': 'Person', name }));
  if (meta.keywords.length) data.keywords = meta.keywords.join(', ');
  if (meta.about) {
    data.itemReviewed = {
      '@type': meta.about.type,
      name: meta.about.name,
      ...(meta.about.cast.length ? { actor: meta.about.cast.map((person) => ({ '@type': 'Person', name: person.name })) } : {}),
    };
  }
  return data;
}
