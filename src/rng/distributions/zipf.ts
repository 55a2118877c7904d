import type { RandomSource } from '../random-source.js';
import { AliasTable } from './alias-table.js';
import { badParameter } from './bad-parameter.js';
import { categorical } from './categorical.js';

/**
 * A power law over ranks 1..n, P(k) ∝ k^-exponent (Zipf for exponent 1, uniform for 0), as an
 * alias table built once: a draw is then O(1) whatever n and the exponent are.
 */
export class ZipfTable {
  readonly table: AliasTable;

  constructor(readonly n: number, readonly exponent: number) {
    if (!(Number.isInteger(n) && n >= 1 && n < 2 ** 31)) throw badParameter('ZipfTable', 'n', n, 'an integer between 1 and 2^31 - 1');
    if (!(exponent >= 0 && exponent < Infinity)) throw badParameter('ZipfTable', 'exponent', exponent, 'finite and >= 0');
    const weights = new Float64Array(n);
    for (let k = 1; k <= n; k++) weights[k - 1] = Math.pow(k, -exponent);
    this.table = new AliasTable(weights);
  }
}

/** A rank in 1..n from a {@link ZipfTable}: one double per draw. */
export function zipf(source: RandomSource, zipfTable: ZipfTable): number {
  return categorical(source, zipfTable.table) + 1;
}
