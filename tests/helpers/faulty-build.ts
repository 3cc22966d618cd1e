/**
 * `node --import ./scripts/typescript.js tests/helpers/faulty-build.ts SIGNAL TIMES LOG ARGS…`
 * runs `octavo ARGS…` (src/cli.ts's `main`, as bin/octavo.js runs it) and sends SIGNAL to the
 * browser of each print as the print starts to paginate its loaded page, up to TIMES browsers
 * (the fresh one a retry prints with included). Before each signal the browser's process (pid,
 * ppid, state, command line) and the time (`at`, ms since the epoch) go to LOG as a line of JSON.
 *
 * The fault lands where the print cannot have passed it: mid-print, with the page loaded and
 * not yet paginated or printed. A signal sent from outside on seeing a print under way (the
 * renderer's CPU time) could land after the PDF was made, or while a restarted browser was
 * still starting, where the start's own retry met it; the build then rightly ended with exit 0
 * (tests/browser-faults.test.ts).
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { BrowserSession, type PrintOptions } from '../../src/browser/session.ts';
import { main } from '../../src/cli.ts';
import type { ProcessInfo } from './processes.ts';

const [signal, times, log, ...args] = process.argv.slice(2);
if (signal !== 'SIGKILL' && signal !== 'SIGSTOP') throw new Error(`faulty-build: SIGKILL or SIGSTOP, not ${signal}`);

function processInfo(pid: number): ProcessInfo {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { pid, ppid: Number(ppid), state, cmdline: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim() };
}

let faulted = 0;
const printPdf = BrowserSession.prototype.printPdf;
BrowserSession.prototype.printPdf = function (this: BrowserSession, html: string, options: PrintOptions = {}) {
  const { paginate } = options;
  if (!paginate) throw new Error('faulty-build: the print has no pagination to fault (use a Paged.js template, such as the book fixture’s)');
  return printPdf.call(this, html, {
    ...options,
    // Called on each attempt, with the session's browser of that attempt.
    paginate: async (page) => {
      if (faulted < Number(times)) {
        faulted += 1;
        const pid = this.pid!;
        appendFileSync(log, `${JSON.stringify({ ...processInfo(pid), at: Date.now() })}\n`);
        process.kill(pid, signal);
      }
      return paginate(page);
    },
  });
};

const code = await main(args);
process.exitCode = code;
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
