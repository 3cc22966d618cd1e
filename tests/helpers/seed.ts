import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The user's review, as given: the words every artifact must carry unchanged. A copy kept in the
 * repository (tests read nothing outside it); manuscript/ballerina.md is the same text in Markdown.
 */
export const seedPath = path.resolve('tests/fixtures/seed/review.txt');

/** The review's paragraphs (every non-empty line of the seed), headings included. */
export function seedParagraphs(): string[] {
  return readFileSync(seedPath, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}
