import { AliasTable } from '../rng/index.js';

/** The positive entries of a scenario weights record, in the record's key order, with an alias table over them. */
export interface WeightList<K extends string> {
  readonly keys: readonly K[];
  /** Weights normalised to sum 1, parallel to `keys`. */
  readonly shares: Float64Array;
  readonly table: AliasTable;
}

/** Keys with weight 0 are dropped: they can never be drawn, and the indices stay dense. */
export function weightList<K extends string>(weights: Readonly<Partial<Record<K, number>>>): WeightList<K> {
  const entries = (Object.entries(weights) as [K, number | undefined][]).filter(
    (entry): entry is [K, number] => entry[1] !== undefined && entry[1] > 0,
  );
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  const shares = Float64Array.from(entries, ([, w]) => w / total);
  return { keys: entries.map(([k]) => k), shares, table: new AliasTable(shares) };
}
