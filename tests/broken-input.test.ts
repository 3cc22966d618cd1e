import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';

const stack = /\n\s+at /;

/**
 * Item 4 of "hostile input": broken input is an error at its place, exit 1 (2 for usage), no
 * stack trace; what the build can work around is a warning at its place, an error under --strict.
 */
describe('broken input', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-broken-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const errors: Array<[string, string, RegExp]> = [
    ['invalid YAML', 'tests/fixtures/invalid-yaml/input.md', /\n4:1 +error +Front matter is not valid YAML.* +yaml-syntax +octavo\n/],
    ['a file that is not UTF-8', 'tests/fixtures/not-utf8/input.md', /\n5:4 +error +The file is not UTF-8 text +encoding +octavo\n/],
    // An empty file has no line to point at: the message is on the file.
    ['an empty file', 'tests/fixtures/empty/input.md', /input\.md\n +error +The file is empty +empty +octavo\n/],
    ['a lang that is not BCP 47', 'tests/fixtures/bad-lang/input.md', /\n3:7 +error +Front matter `lang` is not a BCP 47 language tag.* +meta-lang +octavo\n/],
  ];
  for (const [what, input, expected] of errors) {
    it(`${what}: an error at its place, exit 1, no stack, nothing written`, async () => {
      const out = path.join(dir, what.replace(/\W+/g, '-'));
      const result = await octavo(['build', input, '--out', out, '--format', 'html']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(expected);
      expect(result.stderr).toMatch(/\[note\]:\n {4}\S/);
      expect(result.stderr).not.toMatch(stack);
      await expect(readdir(out)).rejects.toThrow();
    });
  }

  // Tests run as root, for whom `chmod 000` stops no read: unreadable sources are made the ways
  // root cannot read either. A named pipe would block a plain read until a writer came (for ever).
  it('an unreadable source (a named pipe, a folder, a dangling link): an error naming what it is, at once', async () => {
    const manuscript = path.join(dir, 'unreadable');
    await mkdir(manuscript);
    await writeFile(path.join(manuscript, '01-start.md'), '---\ntitle: Unreadable\n---\n\nText.\n');
    execFileSync('mkfifo', [path.join(manuscript, '02-pipe.md')]);
    await mkdir(path.join(manuscript, '03-folder.md'));
    await symlink('no-such-file.md', path.join(manuscript, '04-dangling.md'));
    // A read that blocked on the pipe would never end: the test's timeout is the bound.
    const result = await octavo(['build', manuscript, '--out', path.join(dir, 'unreadable-out'), '--format', 'html']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/02-pipe\.md\n +error +Cannot read the file: it is a named pipe, not a file +read-failed/);
    expect(result.stderr).toMatch(/03-folder\.md\n +error +Cannot read the file: it is a folder +read-failed/);
    expect(result.stderr).toMatch(/04-dangling\.md\n +error +Cannot read the file: it is a link to `no-such-file\.md`, which does not exist +read-failed/);
    expect(result.stderr).not.toMatch(stack);

    const pipe = await octavo(['build', path.join(manuscript, '02-pipe.md'), '--out', path.join(dir, 'unreadable-out'), '--format', 'html']);
    expect(pipe.code).toBe(1);
    expect(pipe.stderr).toMatch(/error +Input cannot be read: it is a named pipe, not a file +read-failed/);
  });

  it('an unknown option or a bad --browser-timeout: a usage error, exit 2', async () => {
    for (const args of [['build', '--no-such-option'], ['build', '--browser-timeout', 'soon'], ['build', '--browser-timeout', '0']]) {
      const result = await octavo(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^octavo: .*\nRun `octavo --help` for usage\.\n$/);
    }
  });

  it('a missing image, a broken cross reference and a duplicate id: warnings at their place; errors under --strict', async () => {
    const input = path.join(dir, 'warnings.md');
    await writeFile(
      input,
      ['---', 'title: Warnings', '---', '', '![A missing picture](missing.png)', '', 'See [the verdict](#no-such-heading).', '', '<a id="x"></a>One <a id="x"></a>two.', ''].join('\n'),
    );
    const out = path.join(dir, 'warnings-out');
    const lenient = await octavo(['build', input, '--out', out, '--format', 'html']);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toMatch(/\n5:1-5:34 +warning +Image `missing\.png` not found.* +missing-image +octavo\n/);
    expect(lenient.stderr).toMatch(/\n7:5-7:36 +warning +Link `#no-such-heading` points to `#no-such-heading`.* +broken-link +octavo\n/);
    expect(lenient.stderr).toMatch(/\n9:19-9:33 +warning +The id `x` is taken \(earlier in the publication, or by the title, contents or a chapter\); this one became `x-1` +duplicate-id +octavo\n/);
    const strict = await octavo(['build', input, '--out', path.join(dir, 'warnings-strict'), '--format', 'html', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/3 warnings/);
    await expect(readdir(path.join(dir, 'warnings-strict'))).rejects.toThrow();
  });

  it('an internal error: one line, the stack only with --debug', async () => {
    const plain = await octavo(['build', 'tests/fixtures/minimal/input.md', '--template', 'no-such-template', '--out', path.join(dir, 'x')]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).not.toMatch(stack);
    const debug = await octavo(['build', 'tests/fixtures/minimal/input.md', '--template', 'no-such-template', '--out', path.join(dir, 'x'), '--debug']);
    expect(debug.stderr).toMatch(stack);
  });
});
