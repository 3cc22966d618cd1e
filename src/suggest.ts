import { distance } from 'fastest-levenshtein';

/**
 * The nearest of `candidates` to a mistyped `word`, when it is near enough to be a typo: at
 * most a third of the word's letters wrong (two for short words). For "did you mean" hints on
 * commands, options, config keys and code languages.
 */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: { candidate: string; cost: number } | undefined;
  for (const candidate of candidates) {
    const cost = distance(lower, candidate.toLowerCase());
    if (cost < (best?.cost ?? Infinity)) best = { candidate, cost };
  }
  if (!best || best.cost === 0) return best?.candidate;
  return best.cost <= Math.max(2, Math.floor(word.length / 3)) ? best.candidate : undefined;
}

/** " Did you mean `x`?" or nothing. */
export const didYouMean = (word: string, candidates: Iterable<string>, show = (name: string) => `\`${name}\``): string => {
  const found = suggest(word, candidates);
  return found ? ` Did you mean ${show(found)}?` : '';
};
