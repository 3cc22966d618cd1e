import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Words of the team's own work that a reader of the docs cannot look up. */
const inHouse = [/\bthe card\b/i, /\bissue \d+, items? \d/i, /\(case \d+\)/i, /\bon the card\b/i];

describe('the docs speak to users and contributors', () => {
  it('README, templates/README.md and docs/ use none of the team’s in-house references', async () => {
    const files = ['README.md', 'templates/README.md', ...(await readdir('docs')).filter((name) => name.endsWith('.md')).map((name) => path.join('docs', name))];
    const found: string[] = [];
    for (const file of files) {
      const lines = (await readFile(file, 'utf8')).split('\n');
      lines.forEach((line, index) => inHouse.forEach((pattern) => pattern.test(line) && found.push(`${file}:${index + 1}: ${line.trim()}`)));
    }
    expect(found).toEqual([]);
  });
});
