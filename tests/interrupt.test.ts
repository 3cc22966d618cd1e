import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepStaleRunFolders } from '../src/browser/temporary.ts';
import { buildProject } from '../src/build.ts';
import { octavo } from './helpers/cli.ts';
import { living, until, untilPrinting, userDataDir } from './helpers/processes.ts';
import { checkPdf } from './helpers/validators.ts';

const run = promisify(execFile);
const bin = path.resolve('bin/octavo.js');
const input = 'tests/fixtures/book/input';

/** Starts a build in a child process, collecting its output. */
function start(out: string, formats = 'pdf,html', env: NodeJS.ProcessEnv = process.env): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; stderr: string }> } {
  const child = spawn(process.execPath, [bin, 'build', input, '--out', out, '--format', formats], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  child.stdout!.resume();
  const done = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
  return { child, done };
}

/**
 * Item 5 of "hostile input": nothing lost. A build interrupted while Chromium prints leaves the
 * last good artifacts byte for byte, no temporary file and no Chromium; two builds into one
 * folder at once both write whole files.
 */
describe('nothing lost', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'octavo-interrupt-'));
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  for (const [signal, status] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal} while Chromium prints: exit ${status}, the last good artifacts untouched, no temporary file, no Chromium left`, async () => {
      // Stand-ins for the last good build, which a finished build would replace.
      const lastGood = { 'input.pdf': `%PDF-1.7 last good ${signal}\n%%EOF\n`, 'input.html': `<!doctype html><title>last good ${signal}</title></html>\n` };
      for (const [name, text] of Object.entries(lastGood)) await writeFile(path.join(out, name), text);
      const before = await Promise.all(Object.keys(lastGood).map(async (name) => (await stat(path.join(out, name))).mtimeMs));

      const build = start(out);
      // The browser is laying out the page it prints: the print is under way.
      const browser = await untilPrinting(build.child.pid!);
      const profile = userDataDir(browser);
      const sent = performance.now();
      build.child.kill(signal);
      const result = await build.done;
      const took = performance.now() - sent;
      console.info(`${signal}: the build exited ${Math.round(took)} ms after the signal`);

      expect(result.code).toBe(status);
      expect(result.stderr).toMatch(signal === 'SIGINT' ? /octavo: Interrupted \(SIGINT\); nothing was written/ : /octavo: Terminated \(SIGTERM\); nothing was written/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      for (const [name, text] of Object.entries(lastGood)) expect(await readFile(path.join(out, name), 'utf8'), name).toBe(text);
      expect(await Promise.all(Object.keys(lastGood).map(async (name) => (await stat(path.join(out, name))).mtimeMs))).toEqual(before);
      expect((await readdir(out)).filter((name) => name.endsWith('.tmp') || name.startsWith('.octavo-'))).toEqual([]);
      // No process of that Chromium lives on (the browser's own profile names them all), and its profile is gone.
      expect(living(profile)).toEqual([]);
      expect(living(`--user-data-dir=${profile}`)).toEqual([]);
      expect(existsSync(profile)).toBe(false);
    });
  }

  it('SIGTERM twice while Chromium prints (a supervisor that insists): the second changes nothing, exit 143, no Chromium left', async () => {
    const build = start(out);
    const browser = await untilPrinting(build.child.pid!);
    const profile = userDataDir(browser);
    build.child.kill('SIGTERM');
    // The first is handled by now, while the build stops and closes its browser.
    await new Promise((resolve) => setTimeout(resolve, 50));
    build.child.kill('SIGTERM');
    const result = await build.done;
    expect({ code: result.code, signal: result.signal }, result.stderr).toEqual({ code: 143, signal: null });
    expect(result.stderr).toMatch(/octavo: Terminated \(SIGTERM\); nothing was written/);
    expect(living(profile)).toEqual([]);
    expect(existsSync(profile)).toBe(false);
  });

  it('a signal before any publication is built (while the project is planned): the build stops with its reason, which the CLI prints', async () => {
    const controller = new AbortController();
    controller.abort(new Error('Terminated (SIGTERM); nothing was written'));
    const fresh = await mkdtemp(path.join(os.tmpdir(), 'octavo-planned-'));
    try {
      await expect(buildProject({ input, flags: { out: fresh, formats: ['html'] }, signal: controller.signal })).rejects.toThrow('Terminated (SIGTERM); nothing was written');
      expect(await readdir(fresh)).toEqual([]);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });

  it('SIGKILL while Chromium prints (a build that cannot clean up): Chromium exits with it, the last good artifacts untouched', async () => {
    const lastGood = '<!doctype html><title>last good SIGKILL</title></html>\n';
    await writeFile(path.join(out, 'input.html'), lastGood);
    // Run folders of its own: any other Octavo starting a browser meanwhile (the suite's other
    // files) sweeps a dead build's run folder, and this test would find it gone.
    const runs = await mkdtemp(path.join(os.tmpdir(), 'k-'));
    const build = start(out, 'pdf,html', { ...process.env, OCTAVO_TMPDIR: runs });
    const browser = await untilPrinting(build.child.pid!);
    const profile = userDataDir(browser);
    build.child.kill('SIGKILL');
    const result = await build.done;
    expect(result.signal).toBe('SIGKILL');
    // DevTools runs over a pipe: the pipe closes with the build, and Chromium exits on its own.
    const gone = performance.now();
    await until(() => living(profile).length === 0, 10_000, 'the orphaned Chromium to exit');
    console.info(`SIGKILL: Chromium exited ${Math.round(performance.now() - gone)} ms after the build died`);
    expect(await readFile(path.join(out, 'input.html'), 'utf8')).toBe(lastGood);
    // Its run folder (profile and Chromium's temporary files) is left, and the next Octavo to start a browser sweeps it.
    const runFolder = path.dirname(path.dirname(profile));
    expect(path.dirname(runFolder)).toBe(runs);
    expect(existsSync(runFolder)).toBe(true);
    expect(sweepStaleRunFolders(runs)).toContain(runFolder);
    expect(existsSync(runFolder)).toBe(false);
    await rm(runs, { recursive: true, force: true });
  });

  it('two builds into one folder at once: both finish and every artifact is a whole, valid file', async () => {
    const shared = await mkdtemp(path.join(os.tmpdir(), 'octavo-concurrent-'));
    // What a build killed outright (SIGKILL) leaves behind: its process is gone, so the next build removes it.
    const stale = path.join(shared, '.octavo-999999999-abc123');
    await mkdir(stale);
    await writeFile(path.join(stale, 'octavo-temporary'), `${path.basename(stale)}\nOctavo's temporary files for one write; removed when the write ends.\n`);
    await writeFile(path.join(stale, 'new'), 'half a PDF');
    try {
      const [first, second] = await Promise.all([
        octavo(['build', input, '--out', shared]),
        octavo(['build', input, '--out', shared]),
      ]);
      expect(first.code, first.stderr).toBe(0);
      expect(second.code, second.stderr).toBe(0);
      // Both builds' temporary files renamed into place, and the stale one removed.
      expect((await readdir(shared)).sort()).toEqual(['input.epub', 'input.html', 'input.pdf']);
      const epub = await readFile(path.join(shared, 'input.epub'));
      expect(epub.subarray(30, 58).toString('latin1')).toBe('mimetypeapplication/epub+zip');
      await run('unzip', ['-tq', path.join(shared, 'input.epub')]);
      await checkPdf(path.join(shared, 'input.pdf'));
      expect(await readFile(path.join(shared, 'input.html'), 'utf8')).toMatch(/<\/html>\s*$/);
    } finally {
      await rm(shared, { recursive: true, force: true });
    }
  });
});
