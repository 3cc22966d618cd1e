import { afterAll } from 'vitest';
import { removeRunFolder, temporaryParent } from '../src/browser/temporary.ts';
import { closeAll } from './helpers/contexts.ts';
import { leftovers } from './helpers/processes.ts';

// Writers that render (the PDF, the EPUB cover) start a Chromium; none outlives its test file,
// and nor does the worker's run folder (a worker is ended without an exit event).
afterAll(async () => {
  await closeAll();
  // Checked here, per file, and not only at the suite's end: a browser left open dies with its
  // worker (its DevTools pipe closes) before the end-of-run check looks (docs/testing.md).
  const { processes, folders } = await leftovers(temporaryParent());
  for (const { pid } of processes) {
    try {
      // Chromium leads a process group of its helpers: the group, else the process.
      process.kill(-pid, 'SIGKILL');
    } catch {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
  }
  removeRunFolder();
  const left = [...processes.map((info) => `process ${info.pid}: ${info.cmdline.slice(0, 160)}`), ...folders.map((folder) => `folder ${folder}`)];
  if (left.length > 0) throw new Error(`This test file left processes or Chromium profiles behind (a browser, session or provider not closed?):\n${left.join('\n')}`);
});
