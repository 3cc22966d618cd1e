import path from 'node:path';
import type { VFile } from 'vfile';

/**
 * Messages as `file:line:col: severity: reason [rule]`, one a line, in file order: the form
 * compilers use, so editors and CI annotate the place.
 */
export function formatMessages(files: readonly VFile[], cwd = process.cwd()): string[] {
  const lines: string[] = [];
  for (const file of files) {
    const name = path.relative(cwd, path.resolve(cwd, file.path)) || file.path;
    const messages = [...file.messages].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    for (const message of messages) {
      const severity = message.fatal ? 'error' : message.fatal === false ? 'warning' : 'info';
      const rule = message.ruleId ? ` [${message.source ? `${message.source}:` : ''}${message.ruleId}]` : '';
      lines.push(`${name}:${message.line ?? 1}:${message.column ?? 1}: ${severity}: ${message.reason}${rule}`);
    }
  }
  return lines;
}

/** `48.2 kB`, `1.3 MB`: sizes as a person reads them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
