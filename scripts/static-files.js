// `npm run compile`, after tsc: copies the files under src/ that are not TypeScript (the
// preview's page and script) to the same place under lib/, which the package ships.
import { cpSync, readdirSync } from 'node:fs';
import path from 'node:path';

for (const entry of readdirSync('src', { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || entry.name.endsWith('.ts')) continue;
  const source = path.join(entry.parentPath ?? entry.path, entry.name);
  cpSync(source, path.join('lib', path.relative('src', source)));
}
