import { COUNTRY_ALIASES } from '../domain/iso-countries.js';

/** Levenshtein distance (insert, delete, substitute each cost 1). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitute = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitute));
    }
    previous = current;
  }
  return previous[b.length];
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * The candidate someone most likely meant by `input`, or undefined when nothing is close.
 * Known aliases come first ('US' → 'USA'), then a match ignoring case and separators
 * ('daily_budget' → 'dailyBudget'), then the nearest candidate by edit distance, where a shared
 * beginning or a whole word counts in its favour ('gaming' → 'games', not 'dating'; 'budget' →
 * 'dailyBudget'). A candidate is close when it is within about a third of its length, shares a
 * beginning of at least half the shorter word, or contains the input (of 4 letters or more).
 */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  const alias = COUNTRY_ALIASES.get(input.toUpperCase());
  if (alias !== undefined && candidates.includes(alias)) return alias;
  const fold = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');
  const folded = candidates.find((c) => fold(c) === fold(input));
  if (folded !== undefined) return folded;
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const a = fold(input);
    const b = fold(candidate);
    const distance = editDistance(a, b);
    const prefix = commonPrefix(a, b);
    const part = a.length >= 4 && (b.includes(a) || a.includes(b)) ? Math.min(a.length, b.length) : 0;
    const close =
      distance <= Math.floor(Math.max(a.length, b.length) / 3) ||
      (prefix >= 3 && prefix * 2 >= Math.min(a.length, b.length)) ||
      part > 0;
    const score = distance - Math.max(prefix, part) / 2;
    if (close && score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
