import { badParameter } from './bad-parameter.js';

/**
 * Vose's alias table ("A linear algorithm for generating random numbers with a given distribution",
 * IEEE TSE 17(9), 1991) over indices 0..size-1 with probabilities proportional to `weights`: built
 * once in O(n), then each draw is one double and one comparison (see `categorical`). Column i
 * keeps index i with probability `keep(i)`, else gives `alias(i)`.
 */
export class AliasTable {
  readonly size: number;
  /**
   * Column i's keep probability at 2i and its alias at 2i + 1, side by side: in a big table (the
   * users of a world) a draw then touches one cache line, not one in each of two arrays.
   */
  readonly cells: Float64Array;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (!(n >= 1 && n < 2 ** 31)) throw badParameter('AliasTable', 'weights.length', n, 'between 1 and 2^31 - 1');
    // Neumaier's compensated sum: the column left over at the end absorbs any error in the total.
    let total = 0;
    let compensation = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      if (!(w >= 0 && w < Infinity)) throw badParameter('AliasTable', `weights[${i}]`, w, 'finite and >= 0');
      const t = total + w;
      compensation += total >= w ? total - t + w : w - t + total;
      total = t;
    }
    total += compensation;
    if (!(total > 0 && total < Infinity)) throw badParameter('AliasTable', 'sum of weights', total, 'finite and > 0');
    this.size = n;
    const keep = new Float64Array(n);
    const alias = new Int32Array(n);
    const scaled = new Float64Array(n);
    const small = new Int32Array(n);
    const large = new Int32Array(n);
    let smalls = 0;
    let larges = 0;
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i] * n) / total;
      if (scaled[i] < 1) small[smalls++] = i;
      else large[larges++] = i;
    }
    while (smalls > 0 && larges > 0) {
      const less = small[--smalls];
      const more = large[--larges];
      keep[less] = scaled[less];
      alias[less] = more;
      // Subtracting 1 first is exact while the column holds at most 2 (Sterbenz): less rounding piles up.
      scaled[more] = scaled[more] - 1 + scaled[less];
      if (scaled[more] < 1) small[smalls++] = more;
      else large[larges++] = more;
    }
    // What is left is 1 up to rounding: those columns keep themselves.
    while (larges > 0) keep[large[--larges]] = 1;
    while (smalls > 0) keep[small[--smalls]] = 1;
    for (let i = 0; i < n; i++) if (keep[i] === 1) alias[i] = i;
    this.cells = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) { this.cells[2 * i] = keep[i]; this.cells[2 * i + 1] = alias[i]; }
  }

  /** The probability that column i gives index i itself. */
  keep(i: number): number {
    return this.cells[2 * i];
  }

  /** The index column i gives otherwise. */
  alias(i: number): number {
    return this.cells[2 * i + 1];
  }
}
