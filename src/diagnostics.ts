import { AsyncLocalStorage } from 'node:async_hooks';
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';

export interface DiagnosticOptions {
  /** Where in the file: a node's `position`, a point, or nothing for the whole file. */
  place?: Position | Point | null;
  /** Stable id of the rule, kebab-case (`missing-image`); tools and `--json` key on it. */
  ruleId: string;
  /** What the author can do about it, one sentence; printed under the message. */
  hint?: string;
}

/** Every diagnostic Octavo makes says it came from Octavo. */
export const source = 'octavo';

/** The output format whose writer is running (in its async context), if any. */
const writerScope = new AsyncLocalStorage<string>();
/** The format whose writer made each message, for messages made inside a writer. */
const madeBy = new WeakMap<VFileMessage, string>();

/**
 * Runs `write`, a format's writer, so that the messages it makes are known to be that format's:
 * an error in one artifact's own checks withholds that artifact, not the others.
 */
export function inWriter<T>(format: string, write: () => T): T {
  return writerScope.run(format, write);
}

/** Runs work that several writers share (a memo) as no one writer's: its errors count against all of them. */
export function outsideWriters<T>(work: () => T): T {
  return writerScope.exit(work);
}

/** The format whose writer made `message`, or undefined for a message about the whole build. */
export function writerOf(message: VFileMessage): string | undefined {
  return madeBy.get(message);
}

function add(file: VFile, reason: string, options: DiagnosticOptions, fatal: boolean | undefined): VFileMessage {
  const message = file.message(reason, { place: options.place ?? undefined, ruleId: options.ruleId, source });
  message.fatal = fatal;
  const writer = writerScope.getStore();
  if (writer !== undefined) madeBy.set(message, writer);
  if (options.hint) message.note = options.hint;
  return message;
}

/**
 * A problem the build works around (a missing image becomes its alt text): the author sees a
 * whole draft. `--strict` turns every warning into an error.
 */
export function warn(file: VFile, reason: string, options: DiagnosticOptions): VFileMessage {
  return add(file, reason, options, false);
}

/**
 * Not a problem: what the build read differently from how it was written (`lang: en_US` read as
 * `en-US`), said so that nothing changes silently. Never an error, not even under `--strict`.
 */
export function note(file: VFile, reason: string, options: DiagnosticOptions): VFileMessage {
  return add(file, reason, options, undefined);
}

/** A problem that stops the publication from being built (invalid front matter, no title). */
export function fail(file: VFile, reason: string, options: DiagnosticOptions): VFileMessage {
  return add(file, reason, options, true);
}

/**
 * Thrown by a writer that has already said what went wrong as an error in the files: the build
 * fails with that placed message, and no second, unplaced one.
 */
export class Reported extends Error {}

/** True when any file holds an error, or, with `strict`, any warning. */
export function hasErrors(files: readonly VFile[], options: { strict?: boolean } = {}): boolean {
  return files.some((file) => file.messages.some((message) => message.fatal === true || (options.strict === true && message.fatal === false)));
}
