/**
 * Progress of a build, for the person waiting on it: on a terminal one line rewritten in place
 * (the stage, chapters read, pages laid out, seconds so far), cleared when the build is done;
 * in CI one plain line as each stage starts; nothing in a pipe, with --json or with --quiet.
 */

/** How far a stage has got, as it goes: chapters read, pages laid out. */
export interface StageCount {
  stage: string;
  unit: 'chapter' | 'page';
  done: number;
  /** The whole, when known (chapters are; pages only once Paged.js is done, when what is left is the print). */
  total?: number;
}

/** What one publication's build tells as it goes (`BuildOptions.onStep`). */
export type StageEvent = { kind: 'start'; stage: string } | { kind: 'end'; stage: string } | ({ kind: 'count' } & StageCount);

/** What a project's build tells (`ProjectBuildOptions.onProgress`): each publication's start and end, and its stages. */
export type ProgressEvent = { publication: string } & ({ kind: 'publication'; state: 'start' } | { kind: 'publication'; state: 'end'; ok: boolean } | StageEvent);

/** Where progress goes: a terminal's stderr, or anything with `write` (tests). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  /** Takes one event. */
  (event: ProgressEvent): void;
  /** Clears the live line and forgets what was under way (before the result is printed); the next event starts afresh. */
  clear(): void;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** A stage's name for the live line: `pdf: layout and print`, without the `(Chromium, Paged.js)` that --timings and CI logs keep. */
const shortStage = (stage: string) => stage.replace(/ \([^)]*\)$/, '');

const pages = (count: number) => `${count} page${count === 1 ? '' : 's'}`;
const counted = (count: StageCount) =>
  count.unit === 'chapter' ? `chapter ${count.done}/${count.total ?? '?'}` : count.total === undefined ? pages(count.done) : `${pages(count.total)} laid out, printing`;

interface Running {
  started: number;
  /** Stages under way, in the order they started. */
  stages: Array<{ stage: string; started: number; count?: StageCount }>;
}

/** What the live line says about one publication: the latest stage with a count, else the latest stage under way. */
function describeRunning(name: string, running: Running, now: number): string {
  const stage = [...running.stages].reverse().find((entry) => entry.count) ?? running.stages.at(-1);
  const parts = [name];
  if (stage) parts.push(shortStage(stage.stage));
  if (stage?.count) parts.push(counted(stage.count));
  parts.push(seconds(now - running.started));
  return parts.join('  ');
}

export interface ProgressOptions {
  /** `live`: one line rewritten in place (a terminal); `lines`: one plain line a stage (CI). */
  mode: 'live' | 'lines';
  /** Dims the progress, so the result stands out (default: none). */
  dim?: (text: string) => string;
  /** The clock (default: `performance.now`); tests give their own. */
  now?: () => number;
  /** Milliseconds between redraws of the live line, which also advance its seconds (default: 100; 0 redraws on every event, with no timer). */
  interval?: number;
}

/**
 * A progress reporter writing to `stream`. Live, the line is redrawn at most every
 * `interval` ms (a 650-page layout reports a page every few milliseconds) and by a timer in
 * between, so its seconds move on during a long stage that reports nothing.
 */
export function createProgress(stream: ProgressStream, options: ProgressOptions): Progress {
  const now = options.now ?? (() => performance.now());
  const dim = options.dim ?? ((text: string) => text);
  const interval = options.interval ?? 100;
  /** When the build began: made, or the first event after a `clear()` (a watch's next build). */
  let begun: number | undefined = now();
  const running = new Map<string, Running>();
  let shown = false;
  let drawn = -Infinity;
  let timer: NodeJS.Timeout | undefined;

  const width = () => Math.max(20, (stream.columns || 80) - 1);
  const draw = () => {
    drawn = now();
    if (running.size === 0) return clear();
    let line = [...running].map(([name, state]) => describeRunning(name, state, drawn)).join('  ·  ');
    // Longer than the terminal, the line would wrap and the next \r would rewrite only its last row.
    if ([...line].length > width()) line = `${[...line].slice(0, width() - 1).join('')}…`;
    stream.write(`\r\x1b[2K${dim(line)}`);
    shown = true;
  };
  const clear = () => {
    if (shown) stream.write('\r\x1b[2K');
    shown = false;
    if (timer) clearInterval(timer);
    timer = undefined;
  };
  /** A line that stays (a publication done), written above the live line. */
  const permanent = (line: string) => {
    if (shown) stream.write('\r\x1b[2K');
    shown = false;
    stream.write(`${line}\n`);
  };

  const take = (event: ProgressEvent) => {
    const at = now();
    begun ??= at;
    if (event.kind === 'publication') {
      if (event.state === 'start') {
        running.set(event.publication, { started: at, stages: [] });
        return;
      }
      const state = running.get(event.publication);
      running.delete(event.publication);
      if (options.mode === 'lines') stream.write(`${seconds(at - begun).padStart(7)}  ${event.ok ? '✓' : '✗'} ${event.publication}\n`);
      else {
        const line = `${event.ok ? '✓' : '✗'} ${event.publication}${state ? `  ${seconds(at - state.started)}` : ''}`;
        permanent(dim(line));
        if (running.size > 0) draw();
        else clear();
      }
      return;
    }
    let state = running.get(event.publication);
    if (!state) running.set(event.publication, (state = { started: at, stages: [] }));
    let changed = event.kind === 'start';
    if (event.kind === 'start') {
      state.stages.push({ stage: event.stage, started: at });
      // CI logs: the stage as it starts, with the time since the build began, and nothing more.
      if (options.mode === 'lines') stream.write(`${seconds(at - begun).padStart(7)}  ${event.publication}: ${event.stage}\n`);
    } else if (event.kind === 'end') {
      const index = state.stages.findIndex((entry) => entry.stage === event.stage);
      if (index >= 0) state.stages.splice(index, 1);
    } else {
      const entry = [...state.stages].reverse().find((candidate) => candidate.stage === event.stage);
      // The first count of a stage, and the page count's end, show at once; the counts between wait for the next redraw.
      if (entry && (!entry.count || (event.total !== undefined && entry.count.total === undefined))) changed = true;
      if (entry) entry.count = { stage: event.stage, unit: event.unit, done: event.done, total: event.total };
    }
    if (options.mode !== 'live') return;
    if (interval === 0 || at - drawn >= interval || changed) draw();
    if (interval > 0 && !timer) {
      timer = setInterval(() => (running.size > 0 ? draw() : clear()), interval);
      // The timer never keeps the process alive: a build that is done is done.
      timer.unref();
    }
  };
  return Object.assign(take, {
    clear: () => {
      running.clear();
      clear();
      begun = undefined;
    },
  });
}
