import path from 'node:path';
import type { VFile } from 'vfile';
import { reporter } from 'vfile-reporter';
import { ruleAliases } from './document/html-facts.ts';

/** Messages sorted by place, so output is stable whatever order plugins ran in. */
function sortedMessages(file: VFile) {
  return [...file.messages].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

const severityOf = (fatal: boolean | null | undefined) => (fatal ? 'error' : fatal === false ? 'warning' : 'info');

/**
 * Messages as `file:line:col: severity: reason [source:rule]`, one a line, in file order: a
 * compact, stable form for golden fixtures and logs.
 */
export function formatMessages(files: readonly VFile[], cwd = process.cwd(), options: { hints?: boolean } = {}): string[] {
  const lines: string[] = [];
  for (const file of files) {
    const name = path.relative(cwd, path.resolve(cwd, file.path)) || file.path;
    for (const message of sortedMessages(file)) {
      const rule = message.ruleId ? ` [${message.source ? `${message.source}:` : ''}${message.ruleId}]` : '';
      const hint = options.hints && message.note ? ` — hint: ${message.note}` : '';
      lines.push(`${name}:${message.line ?? 1}:${message.column ?? 1}: ${severityOf(message.fatal)}: ${message.reason}${rule}${hint}`);
    }
  }
  return lines;
}

export interface ReportOptions {
  /** ANSI colours (default: when stderr is a terminal and neither NO_COLOR nor CI is set). */
  color?: boolean;
}

/** Whether the terminal wants colour: `FORCE_COLOR` says so, else a TTY with neither `NO_COLOR` nor `CI` set. */
export function wantsColor(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): boolean {
  // FORCE_COLOR (as Node and chalk read it) wins: set and not 0 or false, colour even in a pipe or CI; 0 or false, none.
  if (env.FORCE_COLOR !== undefined) return !['0', 'false'].includes(env.FORCE_COLOR.toLowerCase());
  return Boolean(stream.isTTY) && !env.NO_COLOR && !env.CI;
}

/**
 * The messages for a person, by vfile-reporter: grouped by file, each with its place, rule and
 * fix hint. Empty when there are none.
 */
export function reportMessages(files: readonly VFile[], options: ReportOptions = {}): string {
  if (!files.some((file) => file.messages.length > 0)) return '';
  return reporter([...files], { color: options.color ?? wantsColor(), verbose: true, quiet: true });
}

/** One message as data, for `--json`. */
export interface MessageRecord {
  file: string;
  line: number | null;
  column: number | null;
  endLine: number | null;
  endColumn: number | null;
  severity: 'error' | 'warning' | 'info';
  ruleId: string | null;
  /** Former ids of the same rule, for tools that filter on them (only when there are any). */
  aliases?: string[];
  source: string | null;
  reason: string;
  hint: string | null;
}

export function messageRecords(files: readonly VFile[], cwd = process.cwd()): MessageRecord[] {
  return files.flatMap((file) =>
    sortedMessages(file).map((message) => ({
      file: path.relative(cwd, path.resolve(cwd, file.path)) || file.path,
      line: message.line ?? null,
      column: message.column ?? null,
      endLine: message.place && 'start' in message.place ? message.place.end.line : null,
      endColumn: message.place && 'start' in message.place ? message.place.end.column : null,
      severity: severityOf(message.fatal),
      ruleId: message.ruleId ?? null,
      ...(message.ruleId && ruleAliases[message.ruleId] ? { aliases: ruleAliases[message.ruleId] } : {}),
      source: message.source ?? null,
      reason: message.reason,
      hint: message.note ?? null,
    })),
  );
}

/** `48.2 kB`, `1.3 MB`: sizes as a person reads them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
