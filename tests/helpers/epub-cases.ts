import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const fixtures = path.resolve('tests/fixtures');

/** The review and every fixture that reads (`expected.json` says `ok`): `[name, input]`, the EPUB tests' cases. */
export function epubCases(): Array<[string, string]> {
  return [
    ['review', 'manuscript/ballerina.md'],
    ...readdirSync(fixtures)
      .sort()
      .filter((name) => existsSync(path.join(fixtures, name, 'expected.json')))
      .filter((name) => JSON.parse(readFileSync(path.join(fixtures, name, 'expected.json'), 'utf8')).ok)
      .map((name): [string, string] => [name, existsSync(path.join(fixtures, name, 'input')) ? path.join(fixtures, name, 'input') : path.join(fixtures, name, 'input.md')]),
  ];
}
