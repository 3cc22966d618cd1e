import { describe, expect, it } from 'vitest';
import { lastPageNearlyEmpty } from '../../src/writers/pdf/print.ts';

const page = (characters: number) => ['x'.repeat(characters)];

describe('lastPageNearlyEmpty', () => {
  it('is true when the last page holds a few lines of what a full page holds', () => {
    expect(lastPageNearlyEmpty([page(3000), page(2900), page(200)])).toBe(true);
  });
  it('is false for a last page a quarter full, and for a one-page document', () => {
    expect(lastPageNearlyEmpty([page(3000), page(750)])).toBe(false);
    expect(lastPageNearlyEmpty([page(40)])).toBe(false);
  });
});
