import path from 'node:path';
import { VFile } from 'vfile';
import { reporter } from 'vfile-reporter';
import { ruleAliases } from './document/html-facts.ts';
import { characterWithoutFont, scriptName } from './text/scripts.ts';

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
  /** Errors only, no warnings (`--quiet`). */
  quiet?: boolean;
}

/** More warnings than this are listed a few of each rule, and counted by rule in a table. */
export const manyWarnings = 20;
/** How many warnings of each rule are listed when there are many; errors are always listed in full. */
export const listedPerRule = 5;

/**
 * Errors and warnings, and each rule's count (and severity: a rule's errors and warnings are
 * counted apart). Notes (`lang-locale`) are neither: `infos` counts them, and no limit does.
 */
export function countMessages(files: readonly VFile[]): { errors: number; warnings: number; infos: number; rules: Array<{ rule: string; severity: 'error' | 'warning'; count: number }> } {
  const rules = new Map<string, { rule: string; severity: 'error' | 'warning'; count: number }>();
  let errors = 0;
  let infos = 0;
  for (const file of files) {
    for (const message of file.messages) {
      if (message.fatal === undefined || message.fatal === null) {
        infos++;
        continue;
      }
      const severity = message.fatal ? 'error' : 'warning';
      if (severity === 'error') errors++;
      const rule = message.ruleId ?? '(no rule)';
      const key = `${severity} ${rule}`;
      const entry = rules.get(key) ?? { rule, severity, count: 0 };
      entry.count++;
      rules.set(key, entry);
    }
  }
  const total = files.reduce((sum, file) => sum + file.messages.length, 0);
  // Errors first, then the commonest rules.
  const sorted = [...rules.values()].sort((a, b) => (a.severity === b.severity ? b.count - a.count || a.rule.localeCompare(b.rule) : a.severity === 'error' ? -1 : 1));
  return { errors, warnings: total - errors - infos, infos, rules: sorted };
}

/** The same files holding only the messages `keep` says: what the reporter lists. */
function filesKeeping(files: readonly VFile[], keep: (message: VFile['messages'][number]) => boolean): VFile[] {
  return files.map((file) => {
    const copy = new VFile({ path: file.path, cwd: file.cwd });
    copy.messages.push(...file.messages.filter(keep));
    return copy;
  });
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
  const color = options.color ?? wantsColor();
  const counts = countMessages(files);
  const listed = options.quiet ? counts.errors : counts.errors + counts.warnings + counts.infos;
  if (listed === 0) return '';
  // silent: vfile-reporter's word for errors only.
  if (options.quiet) return reporter([...files], { color, verbose: true, quiet: true, silent: true });
  const scripts = scriptsWithoutFont(files);
  if (counts.warnings <= manyWarnings) return `${reporter([...files], { color, verbose: true, quiet: true })}${scripts ? `\n\n${scripts}` : ''}`;
  // Many warnings (a 50-chapter book's badges and missing images): the first few of each rule
  // in full, where they are, then every rule's count; a long list hides the errors in it.
  const seen = new Map<string, number>();
  const shown = filesKeeping(files, (message) => {
    if (message.fatal) return true;
    const rule = message.ruleId ?? '(no rule)';
    seen.set(rule, (seen.get(rule) ?? 0) + 1);
    return seen.get(rule)! <= listedPerRule;
  });
  const listing = reporter(shown, { color, verbose: true, quiet: true });
  // The reporter's last line counts only what it listed; the table below counts everything.
  const body = listing.slice(0, listing.lastIndexOf('\n\n'));
  return `${body}\n\n${summaryTable(counts, color)}${scripts ? `\n\n${scripts}` : ''}`;
}

/**
 * Every script with characters no face draws, with how many and where the first stands: a list
 * of warnings cut to a few per rule would name one script where fifteen are blank.
 */
export function scriptsWithoutFont(files: readonly VFile[], cwd = process.cwd()): string {
  const byScript = new Map<string, { count: number; first: string }>();
  for (const file of files) {
    const name = path.relative(cwd, path.resolve(cwd, file.path)) || file.path;
    for (const message of sortedMessages(file)) {
      if (message.ruleId !== characterWithoutFont || !message.actual) continue;
      const script = scriptName(message.actual);
      const entry = byScript.get(script);
      if (entry) entry.count++;
      else byScript.set(script, { count: 1, first: `${name}:${message.line ?? 1}:${message.column ?? 1}` });
    }
  }
  if (byScript.size === 0) return '';
  const width = Math.max(...[...byScript.keys()].map((script) => script.length));
  const lines = [...byScript].map(([script, { count, first }]) => `  ${script.padEnd(width)}  ${count} character${count === 1 ? '' : 's'}, first at ${first}`);
  return ['Characters no font draws, by script:', ...lines].join('\n');
}

/** `✖ 4 errors, ⚠ 714 warnings`, then one line a rule with its count and how many were not listed. */
function summaryTable(counts: ReturnType<typeof countMessages>, color: boolean): string {
  const paint = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[39m` : text);
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const head = [counts.errors > 0 ? paint('31', `✖ ${plural(counts.errors, 'error')}`) : '', paint('33', `⚠ ${plural(counts.warnings, 'warning')}`)].filter(Boolean).join(', ');
  const width = Math.max(...counts.rules.map((entry) => entry.rule.length));
  const digits = String(Math.max(...counts.rules.map((entry) => entry.count))).length;
  const lines = counts.rules.map((entry) => {
    const mark = entry.severity === 'error' ? paint('31', '✖') : paint('33', '⚠');
    const hidden = entry.severity === 'warning' ? entry.count - Math.min(entry.count, listedPerRule) : 0;
    const more = hidden > 0 ? `  … and ${hidden} more not listed` : '';
    return `  ${mark} ${String(entry.count).padStart(digits)}  ${entry.rule.padEnd(width)}${more}`.trimEnd();
  });
  return [`${head}, by rule:`, ...lines, `Up to ${listedPerRule} warnings of each rule are listed above; --json lists every one.`].join('\n');
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

/** The line saying why a build or check with `--max-warnings N` fails, or undefined when it does not. */
export function tooManyWarnings(files: readonly VFile[], max: number | undefined): string | undefined {
  if (max === undefined) return undefined;
  const { warnings } = countMessages(files);
  if (warnings <= max) return undefined;
  return `octavo: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${max} allows`;
}

/** `48.2 kB`, `1.3 MB`: sizes as a person reads them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
