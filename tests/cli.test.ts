import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { version } from '../src/version.ts';
import { octavo } from './helpers/cli.ts';

describe('octavo CLI', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'octavo-cli-'));
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  it('prints help and version', async () => {
    const help = await octavo(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: octavo [command] [INPUT] [options]');
    expect(help.stdout).toContain('--paper SIZE');
    const shown = await octavo(['--version']);
    expect(shown).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('exits 2 on an unknown format and lists the valid ones', async () => {
    const result = await octavo(['build', 'manuscript', '--format', 'epub,docx', '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown format `docx`; valid formats are epub, pdf, html');
  });

  it('answers `octavo help [command]` and `COMMAND --help` with that command\'s own help', async () => {
    const general = await octavo(['help']);
    expect(general.code).toBe(0);
    expect(general.stdout).toContain('help [COMMAND]');
    const texts = new Set<string>();
    for (const command of ['build', 'check', 'preview', 'init']) {
      const [byHelp, byFlag] = await Promise.all([octavo(['help', command]), octavo([command, '--help'])]);
      expect(byHelp.code).toBe(0);
      expect(byHelp.stdout).toBe(byFlag.stdout);
      expect(byHelp.stdout).toContain(`octavo ${command === 'build' ? '[build]' : command}`);
      texts.add(byHelp.stdout);
    }
    expect(texts.size).toBe(4);
  });

  it('suggests the command or option meant, exit 2', async () => {
    const command = await octavo(['biuld']);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('Did you mean `build`?');
    const option = await octavo(['build', '--outt', out]);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('Did you mean `--out`?');
    expect((await octavo(['help', 'chek'])).stderr).toContain('Did you mean `check`?');
  });

  it('builds by default: `octavo INPUT` and `octavo --out DIR` are `octavo build …`', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-cli-default-'));
    try {
      const named = await octavo(['tests/fixtures/minimal/input.md', '--format', 'html', '--out', path.join(dir, 'named')]);
      expect(named.code, named.stderr).toBe(0);
      expect(await readdir(path.join(dir, 'named'))).toEqual(['input.html']);
      const bare = await octavo(['--format', 'html', '--out', path.join(dir, 'bare')]);
      expect(bare.code, bare.stderr).toBe(0);
      expect(await readdir(path.join(dir, 'bare'))).toEqual(['manuscript.html']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 on an unknown option, an unknown paper and an unknown command', async () => {
    for (const args of [['build', '--colour'], ['build', '--paper', 'a3'], ['publish']]) {
      const result = await octavo(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^octavo: /);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('exits 1 with placed diagnostics (vfile-reporter) and no stack trace for a broken manuscript, writing nothing', async () => {
    const result = await octavo(['build', 'tests/fixtures/bad-lang/input.md', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^tests\/fixtures\/bad-lang\/input\.md\n3:7 +error +Front matter `lang` is not a BCP 47 language tag \(for example `en`, `en-GB`, `pt-BR`\) +meta-lang +octavo\n {2}\[note\]:\n {4}Write a language tag such as `en`, `en-GB`, `de` or `pt-BR`\n\n✖ 1 error\n$/,
    );
    expect(await readdir(out)).toEqual([]);
  });

  it('prints a machine-readable result with --json: messages with place, rule and hint', async () => {
    const result = await octavo(['build', 'tests/fixtures/images/input', '--out', path.join(out, 'json'), '--format', 'html', '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const record = JSON.parse(result.stdout);
    expect(record.ok).toBe(true);
    expect(record.artifacts).toEqual([{ format: 'html', path: expect.stringMatching(/input\.html$/), bytes: expect.any(Number), ms: expect.any(Number) }]);
    expect(record.messages).toContainEqual({
      file: 'tests/fixtures/images/input/review.md',
      line: 15,
      column: 1,
      endLine: 15,
      endColumn: 33,
      severity: 'warning',
      ruleId: 'missing-image',
      source: 'octavo',
      reason: 'Image `pictures/missing.png` not found; its alt text stands in for it',
      hint: expect.stringContaining('Check the path'),
    });
  });

  it('makes warnings errors with --strict, and then writes nothing', async () => {
    const target = path.join(out, 'strict');
    const lenient = await octavo(['build', 'tests/fixtures/images/input', '--out', target, '--format', 'html']);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toMatch(/15:1-15:33 +warning +Image `pictures\/missing\.png` not found/);
    const before = await readFile(path.join(target, 'input.html'));
    const strict = await octavo(['build', 'tests/fixtures/images/input', '--out', target, '--format', 'html', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe('');
    expect(await readFile(path.join(target, 'input.html'))).toEqual(before);
  });

  it('reports a setup problem in one line, with the stack only under --debug', async () => {
    const plain = await octavo(['build', 'manuscript', '--template', 'no-such-template', '--out', out]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/^octavo: No template `no-such-template` in .*\n$/);
    const debug = await octavo(['build', 'manuscript', '--template', 'no-such-template', '--out', out, '--debug']);
    expect(debug.stderr).toMatch(/\n\s+at loadTemplate /);
  });

  it('exits 1 when the input does not exist', async () => {
    const result = await octavo(['build', 'no/such/manuscript.md', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no\/such\/manuscript\.md\n +error +Input not found +input-missing +octavo/);
  });

  it('builds only the formats asked for, named after the input', async () => {
    const target = path.join(out, 'some');
    const result = await octavo(['build', 'tests/fixtures/minimal/input.md', '--format', 'html,epub', '--out', target]);
    expect(result.code).toBe(0);
    expect((await readdir(target)).sort()).toEqual(['input.epub', 'input.html']);
  });
});
