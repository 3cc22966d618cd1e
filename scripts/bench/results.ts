import type { Machine } from './machine.ts';

/** One timed run of one tool on one input. */
export interface Run {
  round: number;
  seconds: number;
  /** Peak sum of RSS over the process tree, bytes. */
  peakRss: number;
  /** 1-minute load average when the run started. */
  load: number;
  /** Undefined when the run exited 0 and left every output. */
  error?: string;
}

export interface ToolResult {
  tool: string;
  label: string;
  formats: string[];
  runs: Run[];
  /** Pages of the PDF it wrote (pdfinfo), when it writes one. */
  pages?: number;
}

export interface InputResult {
  id: string;
  label: string;
  targetPages?: number;
  /** Pages of Octavo's A4 handout PDF: the x of the chart. */
  octavoPages?: number;
  tools: ToolResult[];
}

export type WarmRebuild = { measured: false; reason: string } | { measured: true; seconds: number[]; command: string };

/** Everything one `npm run bench` measured; BENCHMARKS.md and the chart are rendered from it. */
export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  rounds: number;
  /** Seconds: a tool whose first run on an input took longer (or failed) was not run on it again. */
  repeatUnder: number;
  /** Said at the top of BENCHMARKS.md, e.g. that the machine was busy. */
  note?: string;
  machine: Machine;
  /** Tool id → the command line of one run, with placeholders for the input and output. */
  commands: { tool: string; label: string; line: string }[];
  unavailable: { tool: string; reason: string }[];
  inputs: InputResult[];
  warm: WarmRebuild;
  /** Watch mode on the 100-page book, one chapter edited each round (absent in older results). */
  warmBook?: WarmRebuild;
}

/** One tool's PDF of one input, judged by the pagination report (scripts/pagination/report.ts). */
export interface PaginationRow {
  input: string;
  tool: string;
  error?: string;
  seconds?: number;
  pages?: number;
  pagesOverQuarterEmpty?: number[];
  strandedLeadIns?: number;
  strandedLeadInsPer100Pages?: number;
  headingsAtFoot?: number;
  headingsWithFewLines?: number;
  linesPastMargin?: number;
  widows?: number;
  orphans?: number;
  codeSplits?: number;
  codeSplitsShort?: number;
  meanEmpty?: number;
  /** Issue 23's counts (older runs lack them). */
  bodyLines?: number;
  lineEndHyphens?: number;
  lineEndHyphensPer100Lines?: number;
  hyphenStacks?: number;
  looseLines?: number;
  looseShare?: number;
  loneHeaders?: number;
  dashStarts?: number;
  missingFolios?: number;
  blankPages?: number;
}

/** What `npm run bench:pagination` wrote (bench/pagination.json). */
export interface PaginationBench {
  at: string;
  rows: PaginationRow[];
}
