import { v5 as uuidv5 } from 'uuid';
import type { Metadata } from '../../config/metadata.ts';

/** A namespace of Octavo's own, so derived ids never collide with other tools' v5 ids. */
const octavoNamespace = 'b4b0d8c2-6a3e-5d0f-9a51-2f1c3f0e7a11';

/**
 * The publication's identifier: the front matter's `identifier` when given (an ISBN becomes
 * `urn:isbn:…`), else a UUID v5 derived from title, subtitle, authors and language, so the
 * same book always gets the same id and a different book a different one.
 */
export function publicationIdentifier(meta: Metadata): string {
  if (meta.identifier) {
    const isbn = meta.identifier.replace(/^(urn:)?isbn:?/i, '').replace(/[\s-]/g, '');
    if (/^(97[89])?\d{9}[\dX]$/i.test(isbn) && !/^urn:(uuid|doi)/i.test(meta.identifier)) return `urn:isbn:${isbn}`;
    return meta.identifier;
  }
  const seed = JSON.stringify([meta.title, meta.subtitle ?? '', meta.author ?? [], meta.lang]);
  return `urn:uuid:${uuidv5(seed, octavoNamespace)}`;
}
