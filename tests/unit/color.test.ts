import { describe, expect, it } from 'vitest';
import { wantsColor } from '../../src/report.ts';
import { suggest } from '../../src/suggest.ts';

const tty = { isTTY: true } as NodeJS.WriteStream;
const pipe = { isTTY: false } as NodeJS.WriteStream;

describe('colour', () => {
  it('follows a terminal, NO_COLOR and CI, and FORCE_COLOR over all of them', () => {
    expect(wantsColor(tty, {})).toBe(true);
    expect(wantsColor(pipe, {})).toBe(false);
    expect(wantsColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor(tty, { CI: 'true' })).toBe(false);
    expect(wantsColor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(wantsColor(pipe, { FORCE_COLOR: '', CI: 'true' })).toBe(true);
    expect(wantsColor(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(wantsColor(tty, { FORCE_COLOR: 'false' })).toBe(false);
  });
});

describe('did you mean', () => {
  it('suggests a near name and nothing for a far one', () => {
    expect(suggest('biuld', ['build', 'check', 'preview', 'init'])).toBe('build');
    expect(suggest('templat', ['template', 'paper', 'title'])).toBe('template');
    expect(suggest('pyhton', ['python', 'javascript', 'ruby'])).toBe('python');
    expect(suggest('publish', ['build', 'check', 'preview', 'init'])).toBeUndefined();
    expect(suggest('x', ['build'])).toBeUndefined();
  });
});
