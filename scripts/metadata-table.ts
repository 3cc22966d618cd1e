import { z } from 'zod';
import { metadataSchema } from '../src/config/metadata.ts';

type JsonSchema = { type?: string | string[]; anyOf?: JsonSchema[]; items?: JsonSchema; description?: string; default?: unknown; properties?: Record<string, JsonSchema> };

function typeName(schema: JsonSchema): string {
  if (schema.anyOf) return [...new Set(schema.anyOf.map(typeName))].join(' or ');
  if (schema.type === 'array') return `list of ${typeName(schema.items ?? {})}s`;
  if (schema.type === 'object') return 'mapping';
  // The only type JSON Schema cannot represent here is a YAML date (`2026-11-25` unquoted).
  return String(schema.type ?? 'date');
}

/** The front matter reference table, generated from the schema's own descriptions. */
export function metadataTable(): string {
  const json = z.toJSONSchema(metadataSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema & { required?: string[] };
  const rows: string[] = [];
  const describe = (properties: Record<string, JsonSchema>, required: string[], prefix: string) => {
    for (const [key, schema] of Object.entries(properties)) {
      const needed = required.includes(key) && schema.default === undefined ? 'yes' : '';
      rows.push(`| \`${prefix}${key}\` | ${typeName(schema)} | ${needed} | ${(schema.description ?? '').replace(/\|/g, '\\|')} |`);
      const nested = schema as JsonSchema & { required?: string[] };
      if (nested.properties) describe(nested.properties, nested.required ?? [], `${prefix}${key}.`);
    }
  };
  describe(json.properties ?? {}, json.required ?? [], '');
  return ['| key | type | required | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** Replaces the table between the README's markers: `npm run docs`. */
async function writeReadme(file: string): Promise<void> {
  const { readFile, writeFile } = await import('node:fs/promises');
  const readme = await readFile(file, 'utf8');
  const start = '<!-- metadata-table:start -->\n';
  const end = '\n<!-- metadata-table:end -->';
  const [before, rest] = readme.split(start);
  if (rest === undefined || !rest.includes(end)) throw new Error(`${file} lacks the metadata-table markers`);
  await writeFile(file, before + start + metadataTable() + rest.slice(rest.indexOf(end)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === '--write') await writeReadme(process.argv[3] ?? 'README.md');
  else process.stdout.write(metadataTable() + '\n');
}
