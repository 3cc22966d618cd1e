import { describe, expect, it } from 'vitest';
import { BrowserSession } from '../src/browser/session.ts';
import { temporaryParent } from '../src/browser/temporary.ts';
import { leftovers } from './helpers/processes.ts';

/**
 * The check tests/setup.ts runs after every test file: it must see a browser left open, which
 * the suite's end-of-run check cannot (it dies with its worker first; docs/testing.md).
 */
describe('the check for what a test file leaves behind', () => {
  it('finds a Chromium not closed, and its profile, and nothing once it is closed', async () => {
    const session = await BrowserSession.launch();
    try {
      const open = await leftovers(temporaryParent(), process.pid, 0);
      expect(open.processes.map((info) => info.pid)).toContain(session.pid);
      expect(open.folders).toHaveLength(1);
      expect(open.folders[0]).toMatch(new RegExp(`/octavo-run-${process.pid}-\\w+/chromium-\\w+$`));
    } finally {
      await session.close();
    }
    expect(await leftovers(temporaryParent())).toEqual({ processes: [], folders: [] });
  });
});
