import { describe, expect, it } from 'vitest';
import { chromiumTemporaryEnvironment, longestSocketPath, runtimeParent, socketPathLimit } from '../../src/browser/temporary.ts';

/**
 * Case 4 of issue 24, the path logic: Octavo's run folders (Chromium's profile and `TMPDIR`,
 * where it makes its sockets) go where Chromium's longest socket path stays within the Unix
 * limit, whatever TMPDIR is. tests/hostile-temp.test.ts builds a PDF with a 100-character TMPDIR.
 */
describe('where Chromium’s profile and sockets live', () => {
  it('on macOS, whose temporary folder (/var/folders/…/T/, 49 characters) is too long: /tmp', () => {
    const macTmp = '/var/folders/7p/2j3k4l5m6n7p8q9r0s1t2u3v4w0000gn/T/';
    expect(Buffer.byteLength(longestSocketPath(macTmp))).toBeGreaterThan(socketPathLimit);
    expect(runtimeParent({ platform: 'darwin', tmpdir: macTmp })).toBe('/tmp');
    expect(runtimeParent({ platform: 'darwin', tmpdir: macTmp, octavoTmpdir: '' })).toBe('/tmp');
  });

  it('on Linux: /tmp as it is, and /tmp again for a TMPDIR of 100 characters or an OCTAVO_TMPDIR too long', () => {
    expect(runtimeParent({ platform: 'linux', tmpdir: '/tmp' })).toBe('/tmp');
    const long = `/home/someone/${'x'.repeat(86)}`;
    expect(long).toHaveLength(100);
    expect(runtimeParent({ platform: 'linux', tmpdir: long })).toBe('/tmp');
    expect(runtimeParent({ platform: 'linux', tmpdir: long, octavoTmpdir: '/tmp/octavo-suite-abcdef' })).toBe('/tmp');
    // A short one of the user's choosing stands.
    expect(runtimeParent({ platform: 'linux', tmpdir: long, octavoTmpdir: '/tmp/ov-abcdef' })).toBe('/tmp/ov-abcdef');
    expect(runtimeParent({ platform: 'linux', tmpdir: '/var/tmp' })).toBe('/var/tmp');
  });

  it('every folder chosen keeps the longest socket path within the limit', () => {
    for (const tmpdir of ['/tmp', '/var/tmp', '/var/folders/7p/2j3k4l5m6n7p8q9r0s1t2u3v4w0000gn/T/', `/${'y'.repeat(200)}`]) {
      for (const platform of ['linux', 'darwin'] as const) {
        expect(Buffer.byteLength(longestSocketPath(runtimeParent({ platform, tmpdir }))), `${platform} ${tmpdir}`).toBeLessThanOrEqual(socketPathLimit);
      }
    }
  });

  it('on Windows, where Chromium uses named pipes (no socket path limit): the temporary folder as it is', () => {
    const windowsTmp = 'C:\\Users\\Someone With A Long Name\\AppData\\Local\\Temp';
    expect(runtimeParent({ platform: 'win32', tmpdir: windowsTmp })).toBe(windowsTmp);
    expect(runtimeParent({ platform: 'win32', tmpdir: windowsTmp, octavoTmpdir: 'D:\\octavo' })).toBe('D:\\octavo');
  });

  it('points Chromium at its folder by the variable it reads: TMPDIR, and MAC_CHROMIUM_TMPDIR on macOS (where TMPDIR is not read)', () => {
    expect(chromiumTemporaryEnvironment('linux', '/tmp/octavo-run-1-abcdef/chromium-ghijkl')).toEqual({ TMPDIR: '/tmp/octavo-run-1-abcdef/chromium-ghijkl' });
    expect(chromiumTemporaryEnvironment('darwin', '/tmp/x')).toEqual({ TMPDIR: '/tmp/x', MAC_CHROMIUM_TMPDIR: '/tmp/x' });
  });
});
