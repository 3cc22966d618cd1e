// The JSON Schema of `octavo.config.{json,yaml}`, generated from the zod schema that checks it
// (src/config/settings.ts), so that editors complete and check a config: `npm run schema`
// writes schema/octavo.config.schema.json; tests/package.test.ts keeps it in step.
import { writeFile } from 'node:fs/promises';
import * as z from 'zod';
import { configSchema } from '../src/config/settings.ts';

export const schemaFile = 'schema/octavo.config.schema.json';

export function configJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any', target: 'draft-7' }) as Record<string, unknown>;
  const described = {
    $schema: schema.$schema,
    $id: 'https://unpkg.com/octavo/schema/octavo.config.schema.json',
    title: 'Octavo config',
    description: 'octavo.config.json or octavo.config.yaml: defaults for the front matter, build settings, and what the manuscript is made of.',
    ...schema,
  };
  return `${JSON.stringify(described, null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === '--write') await writeFile(schemaFile, configJsonSchema());
