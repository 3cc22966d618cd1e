import * as z from 'zod';
import { configSchema, frontMatterSchema, projectOnlyKeys, buildSettingsShape } from '../src/config/settings.ts';

type JsonSchema = { type?: string | string[]; anyOf?: JsonSchema[]; items?: JsonSchema; description?: string; default?: unknown; properties?: Record<string, JsonSchema> };

function typeName(schema: JsonSchema): string {
  if (schema.anyOf) return [...new Set(schema.anyOf.map(typeName))].join(' or ');
  if (schema.type === 'array') return `list of ${typeName(schema.items ?? {})}s`;
  if (schema.type === 'object') return 'mapping';
  // The only type JSON Schema cannot represent here is a YAML date (`2026-11-25` unquoted).
  return String(schema.type ?? 'date');
}

/** The front matter reference table (the metadata, and the settings front matter may give), generated from the schema's own descriptions. */
export function metadataTable(): string {
  return table(frontMatterSchema);
}

/** The settings only a config file (or a flag) gives: generated from the config schema. */
export function settingsTable(): string {
  const keys = [...Object.keys(buildSettingsShape), ...projectOnlyKeys];
  return table(configSchema.pick(Object.fromEntries(keys.map((key) => [key, true])) as never), { requiredColumn: false });
}

function table(schema: z.ZodType, options: { requiredColumn?: boolean } = {}): string {
  const { requiredColumn = true } = options;
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema & { required?: string[] };
  const rows: string[] = [];
  const describe = (properties: Record<string, JsonSchema>, required: string[], prefix: string) => {
    for (const [key, schema] of Object.entries(properties)) {
      const needed = required.includes(key) && schema.default === undefined ? 'yes' : '';
      const description = (schema.description ?? '').replace(/\|/g, '\\|');
      rows.push(requiredColumn ? `| \`${prefix}${key}\` | ${typeName(schema)} | ${needed} | ${description} |` : `| \`${prefix}${key}\` | ${typeName(schema)} | ${description} |`);
      const nested = schema as JsonSchema & { required?: string[] };
      if (nested.properties && prefix === '') describe(nested.properties, nested.required ?? [], `${prefix}${key}.`);
    }
  };
  describe(json.properties ?? {}, json.required ?? [], '');
  return requiredColumn ? ['| key | type | required | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n') : ['| key | type | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** Replaces the table between the README's markers: `npm run docs`. */
async function writeReadme(file: string): Promise<void> {
  const { readFile, writeFile } = await import('node:fs/promises');
  let readme = await readFile(file, 'utf8');
  for (const [marker, make] of [['metadata-table', metadataTable], ['settings-table', settingsTable]] as const) {
    const start = `<!-- ${marker}:start -->\n`;
    const end = `\n<!-- ${marker}:end -->`;
    const [before, rest] = readme.split(start);
    if (rest === undefined || !rest.includes(end)) throw new Error(`${file} lacks the ${marker} markers`);
    readme = before + start + make() + rest.slice(rest.indexOf(end));
  }
  await writeFile(file, readme);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === '--write') await writeReadme(process.argv[3] ?? 'README.md');
  else process.stdout.write(metadataTable() + '\n');
}
