import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A copy of a built-in template under another name, in the manuscript's folder, with `css` after its print sheet. */
export async function templateCopy(folder: string, from: string, name: string, css: string): Promise<void> {
  const target = path.join(folder, 'templates', name);
  await cp(path.resolve('templates', from), target, { recursive: true });
  const json = path.join(target, 'template.json');
  await writeFile(json, (await readFile(json, 'utf8')).replace(`"name": "${from}"`, `"name": "${name}"`));
  await writeFile(path.join(target, 'print.css'), `${await readFile(path.join(target, 'print.css'), 'utf8')}\n${css}\n`);
}
