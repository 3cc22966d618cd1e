import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotReadable, readRegularFile, readRegularFileSync } from '../../src/regular-file.ts';

/** The one module every read of a project's file goes through (issue 24, case 3): regular files inside their folder, read to a bound. */
describe('readRegularFile and readRegularFileSync', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-regular-'));
    await mkdir(path.join(dir, 'inside'));
    await writeFile(path.join(dir, 'inside', 'ten.txt'), '0123456789');
    await writeFile(path.join(dir, 'outside.txt'), 'secret');
    await symlink(path.join('..', 'outside.txt'), path.join(dir, 'inside', 'link.txt'));
    await symlink('ten.txt', path.join(dir, 'inside', 'alias.txt'));
    execFileSync('mkfifo', [path.join(dir, 'inside', 'pipe.txt')]);
    await mkdir(path.join(dir, 'inside', 'folder.txt'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  // Each read started only when it is awaited: a refusal is never left unhandled meanwhile.
  const both = (file: string, options: Parameters<typeof readRegularFile>[1]) => [() => readRegularFile(file, options), async () => readRegularFileSync(file, options)];
  const refusal = async (reading: () => Promise<Buffer>) => {
    const error = await reading().then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotReadable);
    return [(error as NotReadable).kind, (error as NotReadable).why];
  };
  const inside = (name: string) => path.join(dir, 'inside', name);

  it('reads a regular file, through a link that stays inside, up to and including its bound', async () => {
    for (const reading of [...both(inside('ten.txt'), { within: path.join(dir, 'inside'), maxBytes: 10 }), ...both(inside('alias.txt'), { within: path.join(dir, 'inside') })]) {
      expect((await reading()).toString()).toBe('0123456789');
    }
  });

  it('refuses a file one byte past its bound, unread', async () => {
    for (const reading of both(inside('ten.txt'), { maxBytes: 9 })) {
      expect(await refusal(reading)).toEqual(['large', 'it is 10 bytes, larger than the 9 bytes Octavo reads of such a file']);
    }
  });

  it('refuses a named pipe at once (no writer ever comes) and a folder', async () => {
    for (const reading of both(inside('pipe.txt'), {})) expect(await refusal(reading)).toEqual(['not-a-file', 'it is a named pipe, not a file']);
    for (const reading of both(inside('folder.txt'), {})) expect(await refusal(reading)).toEqual(['not-a-file', 'it is a folder']);
  });

  it('refuses a link that leads outside its folder, and says what a missing file is', async () => {
    for (const reading of both(inside('link.txt'), { within: path.join(dir, 'inside') })) expect((await refusal(reading))[0]).toBe('outside');
    for (const reading of both(inside('none.txt'), {})) expect(await refusal(reading)).toEqual(['missing', 'it does not exist']);
  });
});
