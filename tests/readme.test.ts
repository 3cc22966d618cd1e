import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { metadataTable, settingsTable } from '../scripts/metadata-table.ts';

describe('README', () => {
  it('shows the front matter table generated from the schema', async () => {
    const readme = await readFile('README.md', 'utf8');
    const table = readme.split('<!-- metadata-table:start -->\n')[1]?.split('\n<!-- metadata-table:end -->')[0];
    expect(table).toBe(metadataTable());
  });

  it('shows the config settings table generated from the schema', async () => {
    const readme = await readFile('README.md', 'utf8');
    const table = readme.split('<!-- settings-table:start -->\n')[1]?.split('\n<!-- settings-table:end -->')[0];
    expect(table).toBe(settingsTable());
  });

  it('gives the two commands a newcomer needs', async () => {
    const readme = await readFile('README.md', 'utf8');
    expect(readme).toContain('npm ci && npm run build');
    expect(readme).toContain('npm test');
  });
});
