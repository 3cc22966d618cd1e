import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The user's review, as given: the words every artifact must carry unchanged. */
export const seedPath = path.resolve('../shared/seed/000_d448e446273d8ab6.txt');

/** The review's paragraphs (every non-empty line of the seed), headings included. */
export function seedParagraphs(): string[] {
  return readFileSync(seedPath, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}
