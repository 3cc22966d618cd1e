/**
 * The writer contexts `load` (tests/helpers/publication.ts) opened in this test file, with
 * their browsers; tests/setup.ts closes them after each file. Apart from publication.ts, so
 * that setup.ts, run for every file, does not load the whole build into files that never use it.
 */
const open: Array<() => Promise<void>> = [];

export function opened(close: () => Promise<void>): void {
  open.push(close);
}

/** Closes every context `load` made (their browsers). */
export async function closeAll(): Promise<void> {
  await Promise.all(open.splice(0).map((close) => close()));
}
