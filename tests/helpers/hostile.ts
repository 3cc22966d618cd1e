import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A real HTTP listener on 127.0.0.1 that counts every request made to it. */
export interface Listener {
  origin: string;
  requests: string[];
  close: () => Promise<void>;
}

export async function listen(): Promise<Listener> {
  const requests: string[] = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    requests.push(`${request.method} ${request.url}`);
    response.end('');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Copies a folder of tests/fixtures-hostile/ to a temporary folder, filling `{{NAME}}` in its text files. */
export async function materialize(fixture: string, fill: Record<string, string> | ((dir: string) => Record<string, string>)): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `octavo-${fixture}-`));
  const values = typeof fill === 'function' ? fill(dir) : fill;
  await cp(path.resolve('tests/fixtures-hostile', fixture), dir, { recursive: true });
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(md|svg|css|json)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole));
  }
  return dir;
}

/** The 1-based line of the first line of `text` that holds `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index === -1) throw new Error(`\`${needle}\` is not in the text`);
  return index + 1;
}

export interface JsonMessage {
  file: string;
  line: number | null;
  column: number | null;
  ruleId: string | null;
  aliases?: string[];
  severity: string;
  reason: string;
}
